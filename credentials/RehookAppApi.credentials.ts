import type { ICredentialDataDecryptedObject, Icon, ICredentialTestRequest, ICredentialType, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { credentialText, withHeaders } from '../nodes/shared/transport/auth';

export class RehookAppApi implements ICredentialType {
	name = 'rehookAppApi';

	displayName = 'Rehook App ID API';

	icon: Icon = { light: 'file:../icons/rehook.svg', dark: 'file:../icons/rehook.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-customer-sync/n8n-nodes-customer-sync#rehook';

	properties: INodeProperties[] = [
		{
			displayName: 'App ID',
			name: 'appId',
			type: 'string',
			required: true,
			default: '',
			description: 'The application ID, sent as the appId header',
		},
		{
			displayName: 'App Secret',
			name: 'appSecret',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'The application secret, sent as the appSecret header',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.rehook.ai',
			description: 'Rehook documents no separate host for the appId/appSecret form, so this is the main API by default',
		},
	];

	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return withHeaders(requestOptions, {
			appId: credentialText(credentials, 'appId'),
			appSecret: credentialText(credentials, 'appSecret'),
		});
	}

	// Unconfirmed: Rehook documents no read-only call for this form; the Basic form's auth check is used.
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
