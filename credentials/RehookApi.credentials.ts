import type { ICredentialDataDecryptedObject, Icon, ICredentialTestRequest, ICredentialType, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { basicAuthorization, credentialText, withHeaders } from '../nodes/shared/transport/auth';

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

	// HTTP Basic: base64 of API key and secret key, as one header, with no expression to evaluate.
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return withHeaders(requestOptions, {
			Authorization: basicAuthorization(credentialText(credentials, 'apiKey'), credentialText(credentials, 'secretKey')),
		});
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/events/segment/check-auth',
			method: 'GET',
			// The credential goes only to the Base URL: a redirect is not followed, so it fails the test.
			disableFollowRedirect: true,
		},
	};
}
