import type { ICredentialDataDecryptedObject, Icon, ICredentialTestRequest, ICredentialType, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { basicAuthorization, credentialText, withHeaders } from '../nodes/shared/transport/auth';

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

	// BIK takes HTTP Basic: base64 of API_KEY:API_SECRET, as one header. A function rather than
	// an expression: n8n calls it as it is, and evaluates no expression per request.
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return withHeaders(requestOptions, {
			Authorization: basicAuthorization(credentialText(credentials, 'apiKey'), credentialText(credentials, 'apiSecret')),
		});
	}

	// Looks up a customer that does not exist: BIK answers 406 to a valid key and 401 otherwise.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: '/bikPlatformFunctions-customers/get',
			method: 'POST',
			body: { partnerCustomerId: 'n8n-credential-test' },
			json: true,
			// Other answers are read by the rules below; a redirect is a failure (not followed: see below).
			ignoreHttpStatusErrors: { ignore: true, except: [301, 302, 303, 307, 308] },
			// The credential goes only to the Base URL: a redirect is not followed, so it fails the test.
			disableFollowRedirect: true,
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
