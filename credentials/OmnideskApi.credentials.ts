import type { ICredentialDataDecryptedObject, Icon, ICredentialTestRequest, ICredentialType, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { credentialText, withHeaders } from '../nodes/shared/transport/auth';

export class OmnideskApi implements ICredentialType {
	name = 'omnideskApi';

	displayName = 'Omnidesk API';

	icon: Icon = { light: 'file:../icons/omnidesk.svg', dark: 'file:../icons/omnidesk.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-customer-sync/n8n-nodes-customer-sync#omnidesk';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'https://youraccount.omnidesk.com',
			description: 'Your Omnidesk account URL (older accounts: https://youraccount.omnidesk.io)',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'An API key with the CUSTOMER_READ permission, and CUSTOMER_CUD to change customers',
		},
	];

	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return withHeaders(requestOptions, { apiKey: credentialText(credentials, 'apiKey') });
	}

	// Lists one customer: needs only CUSTOMER_READ.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/api/v2/customer',
			method: 'GET',
			qs: { itemStart: 0, itemLimit: 1 },
			// The credential goes only to the Base URL: a redirect is not followed, so it fails the test.
			disableFollowRedirect: true,
		},
	};
}
