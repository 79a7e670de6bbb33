import fc from 'fast-check';
import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestOptions, INode } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { freePort } from '../local-n8n/n8n';
import { ApiServer } from './helpers/api-server';
import { testCredential } from './helpers/credential-test';
import { NodeTypes, credentialTypes } from './helpers/run-node';

const api = new ApiServer();
let baseUrl: string;
beforeAll(async () => {
	baseUrl = await api.start();
});
afterAll(async () => api.stop());

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/**
 * Each credential's test against a stand-in server, through a quick stand-in for n8n's credentials
 * tester (test/helpers/credential-test.ts). The real tester, in real n8n against the sandbox, is
 * test/helpers/n8n-credential-tests.ts (run by test/e2e/n8n.test.ts).
 */
describe('BIK credential test', () => {
	const data = { apiKey: 'key1', apiSecret: 'secret1', baseUrl: '' };
	const bikAnswers = (req: { headers: { authorization?: string } }) =>
		req.headers.authorization === basic('key1', 'secret1')
			? { status: 406, body: { status: 406, errors: [{ message: 'Failed to get customer' }] } }
			: { status: 401, body: { status: 401, errors: [{ message: 'User is not authenticated' }] } };

	test('passes when BIK answers the probe lookup with 406 (key valid, customer unknown), or finds the customer', async () => {
		api.reset(bikAnswers);
		expect(await testCredential('bikApi', { ...data, baseUrl: `${baseUrl}/integrations/` })).toEqual({ status: 'OK' });
		expect(api.received[0].method).toBe('POST');
		expect(api.received[0].path).toBe('/integrations/bikPlatformFunctions-customers/get');
		expect(api.received[0].json).toEqual({ partnerCustomerId: 'n8n-credential-test' });
		api.reset(() => ({ status: 200, body: { status: 200, success: true, data: { customer: { id: 1 } } } }));
		expect(await testCredential('bikApi', { ...data, baseUrl })).toEqual({ status: 'OK' });
	});

	test('fails on 401 with what BIK says', async () => {
		api.reset(bikAnswers);
		expect(await testCredential('bikApi', { ...data, apiSecret: 'wrong', baseUrl: `${baseUrl}/integrations` })).toEqual({
			status: 'Error',
			message: expect.stringMatching(/^BIK did not accept the API key and API secret: "User is not authenticated" \(401\)/),
		});
	});

	test.each([
		['a 500 with BIK\'s error body', { status: 500, body: { status: 500, errors: [{ message: 'Internal Server Error' }] } }, 'BIK had a problem with its server (500): try again later'],
		['a 503 from a gateway (HTML)', { status: 503, body: '<html>Service Unavailable</html>' }, /^The Base URL did not answer as BIK's integrations API/],
		['a 200 that is not BIK (another server)', { status: 200, body: { ok: true } }, /^The Base URL did not answer as BIK's integrations API/],
		['a 404 for a wrong path', { status: 404, body: { status: 404, errors: [{ message: 'The specified API could not be found' }] } }, /\(404\): check the Base URL/],
		['BIK\'s 400', { status: 400, body: { status: 400, errors: [{ message: 'x' }] } }, 'BIK refused the check (400)'],
	])('fails on %s', async (_name, answer, message) => {
		api.reset(() => answer);
		expect(await testCredential('bikApi', { ...data, baseUrl })).toEqual({ status: 'Error', message: typeof message === 'string' ? message : expect.stringMatching(message) });
	});
});

describe('the other credential tests: 2xx passes, anything else fails and says what to check', () => {
	const auth = (ok: boolean, body: unknown = {}) => (ok ? { status: 200, body } : { status: 401, body: { code: 401, message: 'unauthorized' } });

	test('Rehook Basic: GET /events/segment/check-auth with Basic auth', async () => {
		api.reset((req) => auth(req.headers.authorization === basic('rk', 'rs'), { authenticated: true }));
		expect(await testCredential('rehookApi', { apiKey: 'rk', secretKey: 'rs', baseUrl })).toEqual({ status: 'OK' });
		expect(api.received[0]).toMatchObject({ method: 'GET', path: '/events/segment/check-auth' });
		expect(await testCredential('rehookApi', { apiKey: 'rk', secretKey: 'no', baseUrl })).toEqual({
			status: 'Error',
			message: expect.stringMatching(/^Rehook did not accept the API key and secret key \(401 unauthorized\)/),
		});
		api.reset(() => ({ status: 500, body: { code: 500, message: 'Internal server error' } }));
		expect(await testCredential('rehookApi', { apiKey: 'rk', secretKey: 'rs', baseUrl })).toEqual({ status: 'Error', message: 'Internal Server Error' });
	});

	test('Rehook App ID: the same check with the appId and appSecret headers', async () => {
		api.reset((req) => auth(req.headers.appid === 'app-1' && req.headers.appsecret === 'app-secret'));
		expect(await testCredential('rehookAppApi', { appId: 'app-1', appSecret: 'app-secret', baseUrl })).toEqual({ status: 'OK' });
		expect(api.received[0]).toMatchObject({ method: 'GET', path: '/events/segment/check-auth' });
		expect((await testCredential('rehookAppApi', { appId: 'app-1', appSecret: 'wrong', baseUrl })).message).toMatch(/^Rehook did not accept the App ID and App Secret/);
	});

	test('Omnidesk: lists one customer; a refusal with HTTP 200, or an answer that is not its list, fails', async () => {
		api.reset((req) => (req.headers.apikey === 'ok-key' ? { status: 200, body: { type: 'text', itemStart: 0, itemTotal: 0, itemLimit: 1, items: [] } } : { status: 401, body: { status: 'error', message: 'Invalid API key' } }));
		expect(await testCredential('omnideskApi', { apiKey: 'ok-key', baseUrl: `${baseUrl}/` })).toEqual({ status: 'OK' });
		expect(api.received[0]).toMatchObject({ method: 'GET', path: '/api/v2/customer', query: { itemStart: '0', itemLimit: '1' } });
		expect((await testCredential('omnideskApi', { apiKey: 'bad', baseUrl })).message).toMatch(/^Omnidesk did not accept the API key \(401 unauthorized\)/);
		api.reset(() => ({ status: 200, body: { status: 'error', message: 'This key has no CUSTOMER_READ permission' } }));
		expect((await testCredential('omnideskApi', { apiKey: 'ok-key', baseUrl })).message).toMatch(/^Omnidesk refused the request \(status "error"\)/);
		api.reset(() => ({ status: 200, body: '<html>Log in to Omnidesk</html>' }));
		expect((await testCredential('omnideskApi', { apiKey: 'ok-key', baseUrl })).message).toMatch(/^The Base URL did not answer with Omnidesk's customer list/);
	});

	test('Hyfin: a lookup of a customer that is not there (404) passes with a good token; it writes nothing, and nothing else passes', async () => {
		api.reset((req) =>
			req.headers['x-access-token'] !== 'tok'
				? { status: 401, body: { success: false, errors: ['Invalid access token'] } }
				: { status: 404, body: { success: false, errors: ['Customer not found'] } },
		);
		expect(await testCredential('hyfinApi', { accessToken: 'tok', siteId: 'site/1', baseUrl })).toEqual({ status: 'OK' });
		expect(api.received[0]).toMatchObject({ method: 'GET', path: '/api/v3.1/site/site%2F1/customer/n8n-credential-test' });
		expect(api.received[0].headers['x-access-token']).toBe('tok');
		expect((await testCredential('hyfinApi', { accessToken: 'bad', siteId: 'site/1', baseUrl })).message).toMatch(/^Hyfin did not accept the access token \(401 unauthorized\)/);
		// The customer exists: the token works.
		api.reset(() => ({ status: 200, body: { success: true, external_id: 'n8n-credential-test' } }));
		expect(await testCredential('hyfinApi', { accessToken: 'tok', siteId: 's', baseUrl })).toEqual({ status: 'OK' });
		// Any other error status fails, a 5xx or a 400 as a 403.
		for (const status of [400, 403, 500, 503]) {
			api.reset(() => ({ status, body: { success: false, errors: ['no'] } }));
			expect([status, (await testCredential('hyfinApi', { accessToken: 'tok', siteId: 's', baseUrl })).status]).toEqual([status, 'Error']);
		}
		// A 404 that is not Hyfin's (another host's page) fails.
		api.reset(() => ({ status: 404, body: '<html>Not Found</html>' }));
		expect((await testCredential('hyfinApi', { accessToken: 'tok', siteId: 's', baseUrl })).message).toMatch(/^The Base URL did not answer as Hyfin's API/);
		expect(api.received.every((request) => request.method === 'GET')).toBe(true);
	});

	test('an unreachable host fails every test with the connection error', async () => {
		// A port nothing listens on.
		const closed = `http://127.0.0.1:${await freePort()}`;
		const all: Array<[string, ICredentialDataDecryptedObject]> = [
			['bikApi', { apiKey: 'k', apiSecret: 's', baseUrl: closed }],
			['rehookApi', { apiKey: 'k', secretKey: 's', baseUrl: closed }],
			['rehookAppApi', { appId: 'a', appSecret: 's', baseUrl: closed }],
			['omnideskApi', { apiKey: 'k', baseUrl: closed }],
			['hyfinApi', { accessToken: 't', siteId: 's', baseUrl: closed }],
		];
		for (const [type, data] of all) expect([type, await testCredential(type, data)]).toEqual([type, { status: 'Error', message: 'ECONNREFUSED' }]);
	});
});

test('every secret field is a password field and every credential has a Base URL', () => {
	for (const credential of Object.values(credentialTypes)) {
		const names = credential.properties.map((p) => p.name);
		expect(names).toContain('baseUrl');
		for (const property of credential.properties) {
			const secret = /secret|key|token/i.test(property.name) && property.name !== 'baseUrl';
			expect([credential.name, property.name, property.typeOptions?.password === true]).toEqual([credential.name, property.name, secret]);
		}
	}
});

describe('authenticate: the function n8n calls with the credential and the request', () => {
	const authenticate = async (type: string, credentials: ICredentialDataDecryptedObject, request: IHttpRequestOptions) => {
		const { authenticate: apply } = credentialTypes[type];
		if (typeof apply !== 'function') throw new Error(`${type}: authenticate is not a function`);
		return apply(credentials, request);
	};
	/** A request as a node hands it over: its own headers, a body, a query. */
	const request = (): IHttpRequestOptions => ({
		method: 'POST',
		url: 'https://api.example.com/things',
		qs: { page: 2 },
		body: { name: 'Ada' },
		json: true,
		headers: { 'Content-Type': 'application/json', 'X-Request-Id': 'req-7' },
	});
	/** Each credential, filled in, and the headers a request must get from it (literal values). */
	const cases: Array<[string, ICredentialDataDecryptedObject, Record<string, string>]> = [
		['bikApi', { apiKey: 'key1', apiSecret: 'secret1', baseUrl: 'https://bik.example' }, { Authorization: 'Basic a2V5MTpzZWNyZXQx' }],
		['rehookApi', { apiKey: 'rk', secretKey: 'rs', baseUrl: 'https://rehook.example' }, { Authorization: 'Basic cms6cnM=' }],
		['rehookAppApi', { appId: 'app-1', appSecret: 'app-secret', baseUrl: 'https://rehook.example' }, { appId: 'app-1', appSecret: 'app-secret' }],
		['omnideskApi', { apiKey: 'ok-key', baseUrl: 'https://acme.omnidesk.com' }, { apiKey: 'ok-key' }],
		['hyfinApi', { accessToken: 'tok', siteId: 'site-1', baseUrl: 'https://api.brand.example' }, { 'x-access-token': 'tok' }],
	];

	test('every credential type applies its auth with a function, not with expressions', () => {
		expect(Object.keys(credentialTypes).sort()).toEqual(cases.map(([type]) => type).sort());
		for (const credential of Object.values(credentialTypes)) expect([credential.name, typeof credential.authenticate]).toEqual([credential.name, 'function']);
	});

	test.each(cases)('%s adds exactly its headers, keeps the request\'s own, and leaves the request passed in untouched', async (type, credentials, headers) => {
		const input = request();
		const before = structuredClone(input);
		const credentialsBefore = structuredClone(credentials);
		const output = await authenticate(type, credentials, input);
		expect(output).toEqual({ ...before, headers: { 'Content-Type': 'application/json', 'X-Request-Id': 'req-7', ...headers } });
		expect(input).toEqual(before);
		expect(credentials).toEqual(credentialsBefore);
		expect(output).not.toBe(input);
		expect(output.headers).not.toBe(input.headers);
	});

	test.each(cases)('%s adds its headers to a request that has none', async (type, credentials, headers) => {
		const input: IHttpRequestOptions = { url: 'https://api.example.com/things' };
		expect(await authenticate(type, credentials, input)).toEqual({ url: 'https://api.example.com/things', headers });
		expect(input).toEqual({ url: 'https://api.example.com/things' });
	});

	test('the Basic token is base64 of the UTF-8 bytes of key:secret', async () => {
		const output = await authenticate('bikApi', { apiKey: 'ключ', apiSecret: 'pässwörd€' }, { url: 'https://bik.example/x' });
		// `echo -n 'ключ:pässwörd€' | base64`
		expect(output.headers).toEqual({ Authorization: 'Basic 0LrQu9GO0Yc6cMOkc3N3w7ZyZOKCrA==' });
		expect(Buffer.from('0LrQu9GO0Yc6cMOkc3N3w7ZyZOKCrA==', 'base64').toString('utf8')).toBe('ключ:pässwörd€');
	});

	/**
	 * What the credentials sent before, as n8n's CLI applied them: one expression per header,
	 * resolved with $credentials (Basic through n8n's own base64Encode()).
	 */
	const DECLARATIVE: Record<string, Record<string, string>> = {
		bikApi: { Authorization: '={{"Basic " + ($credentials.apiKey + ":" + $credentials.apiSecret).base64Encode()}}' },
		rehookApi: { Authorization: '={{"Basic " + ($credentials.apiKey + ":" + $credentials.secretKey).base64Encode()}}' },
		rehookAppApi: { appId: '={{$credentials.appId}}', appSecret: '={{$credentials.appSecret}}' },
		omnideskApi: { apiKey: '={{$credentials.apiKey}}' },
		hyfinApi: { 'x-access-token': '={{$credentials.accessToken}}' },
	};
	const node: INode = { id: 'n', name: 'n', type: 'n8n-nodes-customer-sync.bik', typeVersion: 1, position: [0, 0], parameters: {} };
	const workflow = new Workflow({ nodes: [node], connections: {}, nodeTypes: new NodeTypes(), active: false });
	const declarative = (type: string, credentials: ICredentialDataDecryptedObject) =>
		Object.fromEntries(
			Object.entries(DECLARATIVE[type]).map(([name, expression]) => [
				name,
				String(workflow.expression.getSimpleParameterValue(node, expression, 'internal', { $credentials: credentials } as IDataObject, undefined, '') || ''),
			]),
		);

	test('for any values, each credential sends the very headers its former expressions produced', async () => {
		const value = fc.string({ unit: 'binary', minLength: 1, maxLength: 40 });
		await fc.assert(
			fc.asyncProperty(fc.constantFrom(...cases.map(([type]) => type)), value, value, async (type, first, second) => {
				const fields = Object.keys(cases.find(([name]) => name === type)![1]).filter((field) => field !== 'baseUrl' && field !== 'siteId');
				const credentials: ICredentialDataDecryptedObject = { baseUrl: 'https://x.example', siteId: 's' };
				fields.forEach((field, index) => (credentials[field] = index === 0 ? first : second));
				const output = await authenticate(type, credentials, { url: 'https://x.example/y' });
				expect(output.headers).toEqual(declarative(type, credentials));
			}),
			{ seed: 13, numRuns: 120 },
		);
	});
});

/** Issue 20, item 3: the credential goes only to the Base URL; the test fails on a redirect and follows none. */
test.each([
	['bikApi', { apiKey: 'k', apiSecret: 's' }],
	['rehookApi', { apiKey: 'k', secretKey: 's' }],
	['rehookAppApi', { appId: 'a', appSecret: 's' }],
	['omnideskApi', { apiKey: 'k' }],
	['hyfinApi', { accessToken: 't', siteId: 'site-1' }],
])('%s: a Base URL that redirects fails the test, and the redirect is not followed', async (type, data) => {
	api.reset((req) => (req.path.startsWith('/moved') ? { status: 200, body: { ok: true } } : { status: 307, headers: { Location: '/moved', Connection: 'close' }, body: '' }));
	// The stand-in words a failed status as n8n's tester does: the status text (test/helpers/credential-test.ts).
	expect(await testCredential(type, { ...data, baseUrl })).toEqual({ status: 'Error', message: 'Temporary Redirect' });
	expect(api.received).toHaveLength(1);
});
