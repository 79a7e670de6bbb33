import type { IAuthenticateGeneric, Icon, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

export class RehookApi implements ICredentialType {
	name = 'rehookApi';

	displayName = 'Rehook API';

	icon: Icon = { light: 'file:../icons/rehook.svg', dark: 'file:../icons/rehook.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-customer-sync/n8n-nodes-customer-sync#rehook';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: "Your application's API key, from Settings in the Rehook admin panel",
		},
		{
			displayName: 'Secret Key',
			name: 'secretKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: "Your application's secret key, from the same page",
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.rehook.ai',
			description: "Rehook's API. Change it only to use a staging or local sandbox.",
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			// HTTP Basic, as one header. n8n resolves every expression here once per request, and
			// one expression costs half as much as the two of `auth` (see bench/RESULTS.md).
			headers: {
				Authorization: '={{"Basic " + ($credentials.apiKey + ":" + $credentials.secretKey).base64Encode()}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/events/segment/check-auth',
			method: 'GET',
		},
	};
}
