import type { ICredentialDataDecryptedObject, Icon, ICredentialTestRequest, ICredentialType, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { credentialText, withHeaders } from '../nodes/shared/transport/auth';
import { exceptStatus, testRules, whenMissing, whenStatus } from '../nodes/shared/transport/credential-test';

/** The external ID the credential test looks up: one no site is expected to hold. */
const PROBE_CUSTOMER = 'n8n-credential-test';

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

	// A read that changes nothing: a lookup of a customer that is not there. n8n fails a credential
	// test on any status outside 2xx, and Hyfin answers this lookup 404 when the token is good and
	// 401 or 403 when it is not (its answers carry no status of their own: only the HTTP status tells
	// them apart). So the test ignores status errors except every one but 404 (n8n's
	// `{ignore, except}`), and then needs Hyfin's own answer shape (`success`), so that a 404 page of
	// a host that is not Hyfin's API fails. A customer with this ID, answered 200, passes as well.
	// Not told apart: a wrong Site ID (Hyfin's 404 for an unknown site looks like the one for an
	// unknown customer), which the first run reports.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			url: `=/api/v3.1/site/{{encodeURIComponent($credentials.siteId)}}/customer/${PROBE_CUSTOMER}`,
			method: 'GET',
			json: true,
			// The credential goes only to the Base URL: a redirect is not followed, so it fails the test.
			disableFollowRedirect: true,
			ignoreHttpStatusErrors: { ignore: true, except: exceptStatus(404) },
		},
		rules: testRules(
			whenStatus(401, 'Hyfin did not accept the access token (401 unauthorized): ask Hyfin for a valid API access token for this site'),
			whenStatus(403, 'Hyfin refused the access token for this site (403 forbidden): check the Site ID and the token'),
			whenMissing('success', "The Base URL did not answer as Hyfin's API: enter your brand's API host, e.g. https://api.yourbrand.com"),
		),
	};
}
