import type { ICredentialDataDecryptedObject, Icon, ICredentialTestRequest, ICredentialType, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { credentialText, withHeaders } from '../nodes/shared/transport/auth';
import { testRules, whenBody, whenMissing, whenStatus } from '../nodes/shared/transport/credential-test';

export class OmnideskApi implements ICredentialType {
	name = 'omnideskApi';

	displayName = 'Omnidesk API';

	icon: Icon = { light: 'file:../icons/omnidesk.svg', dark: 'file:../icons/omnidesk.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-customer-sync/n8n-nodes-customer-sync#omnidesk-api-credential';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'https://youraccount.omnidesk.com',
			description: 'The address you open Omnidesk at, without a path: https://youraccount.omnidesk.com (older accounts: https://youraccount.omnidesk.io)',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'A key created in your Omnidesk application (an administrator creates keys and grants their permissions), with CUSTOMER_READ to read customers and CUSTOMER_CUD to change them',
		},
	];

	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return withHeaders(requestOptions, { apiKey: credentialText(credentials, 'apiKey') });
	}

	// Lists one customer: needs only CUSTOMER_READ. A 2xx answer passes only when it is Omnidesk's
	// customer list: Omnidesk also refuses with {"status": "error", "message": ...} and HTTP 200.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/api/v2/customer',
			method: 'GET',
			qs: { itemStart: 0, itemLimit: 1 },
			// The credential goes only to the Base URL: a redirect is not followed, so it fails the test.
			disableFollowRedirect: true,
		},
		rules: testRules(
			whenStatus(401, 'Omnidesk did not accept the API key (401 unauthorized): copy it again from your Omnidesk application'),
			whenStatus(403, 'Omnidesk refused the API key (403 forbidden): give it the CUSTOMER_READ permission'),
			whenStatus(404, 'No Omnidesk API at this Base URL (404): enter your account address, e.g. https://youraccount.omnidesk.com'),
			whenBody('status', 'error', 'Omnidesk refused the request (status "error"): check that the API key exists and has the CUSTOMER_READ permission'),
			whenMissing('items', "The Base URL did not answer with Omnidesk's customer list: enter your account address, e.g. https://youraccount.omnidesk.com"),
		),
	};
}
