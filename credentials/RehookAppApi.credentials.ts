import type { ICredentialDataDecryptedObject, Icon, ICredentialTestRequest, ICredentialType, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { credentialText, withHeaders } from '../nodes/shared/transport/auth';
import { testRules, whenStatus } from '../nodes/shared/transport/credential-test';

export class RehookAppApi implements ICredentialType {
	name = 'rehookAppApi';

	displayName = 'Rehook App ID API';

	icon: Icon = { light: 'file:../icons/rehook.svg', dark: 'file:../icons/rehook.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-customer-sync/n8n-nodes-customer-sync#rehook-app-id-api-credential';

	properties: INodeProperties[] = [
		{
			displayName: 'App ID',
			name: 'appId',
			type: 'string',
			required: true,
			default: '',
			description: "Your Rehook application's App ID. Rehook's documentation does not say which page of the admin panel shows it: ask Rehook support if Settings does not.",
		},
		{
			displayName: 'App Secret',
			name: 'appSecret',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'The App Secret that belongs to that App ID, from the same place',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.rehook.ai',
			description: "Rehook's API. Rehook documents no separate host for the App ID form; change it only for a staging host or the local sandbox.",
		},
	];

	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return withHeaders(requestOptions, {
			appId: credentialText(credentials, 'appId'),
			appSecret: credentialText(credentials, 'appSecret'),
		});
	}

	// Unconfirmed: Rehook documents no read-only call for this form (its one call, Create, writes), so
	// the Basic form's auth check is asked with the appId/appSecret headers. A 2xx answer passes,
	// any other fails (n8n's rule).
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/events/segment/check-auth',
			method: 'GET',
			// The credential goes only to the Base URL: a redirect is not followed, so it fails the test.
			disableFollowRedirect: true,
		},
		rules: testRules(
			whenStatus(401, 'Rehook did not accept the App ID and App Secret (401 unauthorized): copy both again'),
			whenStatus(403, 'Rehook refused this App ID (403 forbidden): check the App ID and App Secret'),
			whenStatus(404, "Rehook's auth check was not found at this Base URL (404): check it, e.g. https://api.rehook.ai"),
		),
	};
}
