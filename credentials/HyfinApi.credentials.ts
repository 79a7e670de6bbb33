import type { ICredentialDataDecryptedObject, Icon, ICredentialTestRequest, ICredentialType, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { credentialText, withHeaders } from '../nodes/shared/transport/auth';
import { testRules, whenBody, whenMissing, whenStatus } from '../nodes/shared/transport/credential-test';

export class HyfinApi implements ICredentialType {
	name = 'hyfinApi';

	displayName = 'Hyfin API';

	icon: Icon = { light: 'file:../icons/hyfin.svg', dark: 'file:../icons/hyfin.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-customer-sync/n8n-nodes-customer-sync#hyfin-api-credential';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'https://api.yourbrand.com',
			description: 'The API host of your Hyfin brand and environment, as Hyfin gives it to you (brands use https://api.yourbrand.com, and https://stage-api.yourbrand.com for testing)',
		},
		{
			displayName: 'Site ID',
			name: 'siteId',
			type: 'string',
			required: true,
			default: '',
			description: 'The site ID Hyfin gave you when your site was created (a node can use another in its Options)',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: "Your site's API access token, from Hyfin: their documentation does not say which page shows it, so ask Hyfin support for an API access token",
		},
	];

	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return withHeaders(requestOptions, { 'x-access-token': credentialText(credentials, 'accessToken') });
	}

	// Hyfin documents one call, Add/Update, and what it answers a request it refuses: HTTP 200 with
	// {success: false, errors}, and nothing added (`_id` and `action` come only with success). Its
	// answers carry no status, so n8n can tell a token Hyfin accepts from one it refuses only by the
	// HTTP status, and counts every non-2xx answer as a failure: a lookup of a customer that does not
	// exist (GET .../customer/{id}) answers 404 to a good token, which n8n would report as a failure,
	// or, with status errors ignored, a 401 as a success. So the test sends an Add/Update Hyfin must
	// refuse (no external_id, no names; n8n sends no body at all for {}), and passes only on that
	// refusal. Should Hyfin ever answer success, the test fails and says so.
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
		rules: testRules(
			whenStatus(401, 'Hyfin did not accept the access token (401 unauthorized): ask Hyfin for a valid API access token for this site'),
			whenStatus(403, 'Hyfin refused the access token for this site (403 forbidden): check the Site ID and the token'),
			whenStatus(404, 'No Hyfin site API at this Base URL and Site ID (404): check both'),
			whenMissing('success', "The Base URL did not answer as Hyfin's API: enter your brand's API host, e.g. https://api.yourbrand.com"),
			whenBody('success', true, 'Hyfin accepted an empty customer, which its documentation says it refuses: please report this to the package maintainers'),
		),
	};
}
