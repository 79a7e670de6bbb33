import type { ICredentialDataDecryptedObject, Icon, ICredentialTestRequest, ICredentialType, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { credentialText, withHeaders } from '../nodes/shared/transport/auth';

export class HyfinApi implements ICredentialType {
	name = 'hyfinApi';

	displayName = 'Hyfin API';

	icon: Icon = { light: 'file:../icons/hyfin.svg', dark: 'file:../icons/hyfin.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-customer-sync/n8n-nodes-customer-sync#hyfin';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'https://api.yourbrand.com',
			description: 'The API host of your Hyfin brand and environment',
		},
		{
			displayName: 'Site ID',
			name: 'siteId',
			type: 'string',
			required: true,
			default: '',
			description: 'The site ID provided when the site was created; nodes may override it',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'Sent as the x-access-token header',
		},
	];

	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return withHeaders(requestOptions, { 'x-access-token': credentialText(credentials, 'accessToken') });
	}

	// Unconfirmed: Hyfin documents no read-only call. An Add/Update with an empty external_id is
	// refused with HTTP 200 {success: false} (documented) and creates nothing; a bad token gets 401.
	// (n8n sends no body at all for `{}`, hence the one empty field.)
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '=/api/v3.1/site/{{encodeURIComponent($credentials.siteId)}}/customer/addUpdate',
			method: 'POST',
			body: { external_id: '' },
			json: true,
			// The credential goes only to the Base URL: a redirect is not followed, so it fails the test.
			disableFollowRedirect: true,
		},
	};
}
