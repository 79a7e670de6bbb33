import type { IAuthenticateGeneric, Icon, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

export class BikApi implements ICredentialType {
	name = 'bikApi';

	displayName = 'BIK API';

	icon: Icon = { light: 'file:../icons/bik.svg', dark: 'file:../icons/bik.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-customer-sync/n8n-nodes-customer-sync#bik';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'The key of the application created in the BIK dashboard',
		},
		{
			displayName: 'API Secret',
			name: 'apiSecret',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'The secret of the same application',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://bikapi.bikayi.app/integrations',
			description: "BIK's integrations API. Change it only to use a staging or local sandbox.",
		},
	];

	// BIK takes HTTP Basic: base64 of API_KEY:API_SECRET.
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			// HTTP Basic, as one header. n8n resolves every expression here once per request, and
			// one expression costs half as much as the two of `auth` (see bench/RESULTS.md).
			headers: {
				Authorization: '={{"Basic " + ($credentials.apiKey + ":" + $credentials.apiSecret).base64Encode()}}',
			},
		},
	};

	// Looks up a customer that does not exist: BIK answers 406 to a valid key and 401 otherwise.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/bikPlatformFunctions-customers/get',
			method: 'POST',
			body: { partnerCustomerId: 'n8n-credential-test' },
			json: true,
			ignoreHttpStatusErrors: true,
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: { key: 'status', value: 401, message: 'BIK rejected the API key or secret' },
			},
			{
				type: 'responseSuccessBody',
				properties: { key: 'status', value: 404, message: 'The Base URL does not point at BIK\'s integrations API' },
			},
		],
	};
}
