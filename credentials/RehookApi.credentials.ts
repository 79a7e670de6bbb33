import type { ICredentialDataDecryptedObject, Icon, ICredentialTestRequest, ICredentialType, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { basicAuthorization, credentialText, withHeaders } from '../nodes/shared/transport/auth';
import { testRules, whenStatus } from '../nodes/shared/transport/credential-test';

export class RehookApi implements ICredentialType {
	name = 'rehookApi';

	displayName = 'Rehook API';

	icon: Icon = { light: 'file:../icons/rehook.svg', dark: 'file:../icons/rehook.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-customer-sync/n8n-nodes-customer-sync#rehook-api-credential';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: "Rehook admin panel › Settings: your application's API key (Rehook generates it; it cannot be changed)",
		},
		{
			displayName: 'Secret Key',
			name: 'secretKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'Rehook admin panel › Settings: the secret key, beside the API key',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.rehook.ai',
			description: "Rehook's API, as Rehook's documentation gives it. Change it only for a staging host or the local sandbox.",
		},
	];

	// HTTP Basic: base64 of API key and secret key, as one header, with no expression to evaluate.
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return withHeaders(requestOptions, {
			Authorization: basicAuthorization(credentialText(credentials, 'apiKey'), credentialText(credentials, 'secretKey')),
		});
	}

	// Rehook's auth check, as a public integration calls it with this form: a 2xx answer passes,
	// any other fails (n8n's rule); the usual ones say what to check.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/events/segment/check-auth',
			method: 'GET',
			// The credential goes only to the Base URL: a redirect is not followed, so it fails the test.
			disableFollowRedirect: true,
		},
		rules: testRules(
			whenStatus(401, 'Rehook did not accept the API key and secret key (401 unauthorized). Copy both again from the Rehook admin panel › Settings.'),
			whenStatus(403, 'Rehook refused this application (403 forbidden): check the API key and secret key in the Rehook admin panel › Settings'),
			whenStatus(404, "Rehook's auth check was not found at this Base URL (404): check it, e.g. https://api.rehook.ai"),
		),
	};
}
