import type { ICredentialDataDecryptedObject, Icon, ICredentialTestRequest, ICredentialType, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { basicAuthorization, credentialText, withHeaders } from '../nodes/shared/transport/auth';
import { testRules, whenBodyStatus, whenMissing } from '../nodes/shared/transport/credential-test';

/** What BIK's answer to the credential test means, by the status it carries (BIK's documented errors). */
function bikSays(status: number): string {
	if (status === 401) return 'BIK did not accept the API key and API secret: "User is not authenticated" (401). Copy both again from your application in BIK\'s developer portal.';
	if (status === 404) return 'BIK answered "The specified API could not be found" (404): check the Base URL, which ends in /integrations';
	if (status === 429) return 'BIK is limiting requests (429): try again in a minute';
	if (status >= 500) return `BIK had a problem with its server (${status}): try again later`;
	return `BIK refused the check (${status})`;
}

export class BikApi implements ICredentialType {
	name = 'bikApi';

	displayName = 'BIK API';

	icon: Icon = { light: 'file:../icons/bik.svg', dark: 'file:../icons/bik.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-customer-sync/n8n-nodes-customer-sync#bik-api-credential';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: "The API key of the application you registered in BIK's developer portal (BIK dashboard)",
		},
		{
			displayName: 'API Secret',
			name: 'apiSecret',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'The API secret shown with that API key in the developer portal',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://bikapi.bikayi.app/integrations',
			description: "BIK's integrations API, as BIK's documentation gives it. Change it only for a staging host or the local sandbox.",
		},
	];

	// BIK takes HTTP Basic: base64 of API_KEY:API_SECRET, as one header. A function rather than
	// an expression: n8n calls it as it is, and evaluates no expression per request.
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return withHeaders(requestOptions, {
			Authorization: basicAuthorization(credentialText(credentials, 'apiKey'), credentialText(credentials, 'apiSecret')),
		});
	}

	// Looks up a customer that does not exist: BIK answers 406 "Customer not found" to a key it
	// accepts, and 401 to one it does not. BIK's auth check (bikPlatformFunctions-authPartnerViaKey)
	// needs the store's app ID, which this credential does not hold. n8n counts every non-2xx answer
	// as a failure, so the test ignores HTTP statuses and reads the status BIK writes into every
	// answer: 406 (or 200, a customer of that ID) passes; any other error status, or an answer
	// without one (an HTML error page, another server), fails.
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
		rules: testRules(
			whenMissing('status', "The Base URL did not answer as BIK's integrations API (no status in the answer): check it, e.g. https://bikapi.bikayi.app/integrations"),
			whenBodyStatus('status', bikSays, [406]),
		),
	};
}
