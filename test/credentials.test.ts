import { ApiServer } from './helpers/api-server';
import { testCredential } from './helpers/credential-test';
import { credentialTypes } from './helpers/run-node';

const api = new ApiServer();
let baseUrl: string;
beforeAll(async () => {
	baseUrl = await api.start();
});
afterAll(async () => api.stop());

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('BIK credential test', () => {
	const data = { apiKey: 'key1', apiSecret: 'secret1', baseUrl: '' };
	const bikAnswers = (req: { headers: { authorization?: string } }) =>
		req.headers.authorization === basic('key1', 'secret1')
			? { status: 406, body: { status: 406, errors: [{ message: 'Failed to get customer' }] } }
			: { status: 401, body: { status: 401, errors: [{ message: 'User is not authenticated' }] } };

	test('passes when BIK answers the probe lookup with 406 (key valid, customer unknown)', async () => {
		api.reset(bikAnswers);
		expect(await testCredential('bikApi', { ...data, baseUrl: `${baseUrl}/integrations/` })).toEqual({ status: 'OK' });
		expect(api.received[0].method).toBe('POST');
		expect(api.received[0].path).toBe('/integrations/bikPlatformFunctions-customers/get');
		expect(api.received[0].json).toEqual({ partnerCustomerId: 'n8n-credential-test' });
	});

	test('fails with a clear message on 401', async () => {
		api.reset(bikAnswers);
		expect(await testCredential('bikApi', { ...data, apiSecret: 'wrong', baseUrl: `${baseUrl}/integrations` })).toEqual({
			status: 'Error',
			message: 'BIK rejected the API key or secret',
		});
	});
});

test('Rehook Basic credential: GET /events/segment/check-auth with Basic auth', async () => {
	api.reset((req) => (req.headers.authorization === basic('rk', 'rs') ? { status: 200, body: { ok: true } } : { status: 401, body: {} }));
	expect(await testCredential('rehookApi', { apiKey: 'rk', secretKey: 'rs', baseUrl })).toEqual({ status: 'OK' });
	expect(api.received[0]).toMatchObject({ method: 'GET', path: '/events/segment/check-auth' });
	expect((await testCredential('rehookApi', { apiKey: 'rk', secretKey: 'no', baseUrl })).status).toBe('Error');
});

test('Rehook appId/appSecret credential sends both headers', async () => {
	api.reset(() => ({ status: 200, body: {} }));
	expect(await testCredential('rehookAppApi', { appId: 'app-1', appSecret: 'app-secret', baseUrl })).toEqual({ status: 'OK' });
	expect(api.received[0].headers.appid).toBe('app-1');
	expect(api.received[0].headers.appsecret).toBe('app-secret');
});

test('Omnidesk credential lists one customer with the apiKey header', async () => {
	api.reset((req) => (req.headers.apikey === 'ok-key' ? { status: 200, body: { items: [] } } : { status: 401, body: { status: 'error', message: 'Invalid API key' } }));
	expect(await testCredential('omnideskApi', { apiKey: 'ok-key', baseUrl: `${baseUrl}/` })).toEqual({ status: 'OK' });
	expect(api.received[0]).toMatchObject({ method: 'GET', path: '/api/v2/customer', query: { itemStart: '0', itemLimit: '1' } });
	expect((await testCredential('omnideskApi', { apiKey: 'bad', baseUrl })).status).toBe('Error');
});

test('Hyfin credential posts an Add/Update with an empty external_id (refused, nothing created) with x-access-token to the encoded site', async () => {
	api.reset((req) =>
		req.headers['x-access-token'] === 'tok'
			? { status: 200, body: { success: false, errors: ['missing external_id', 'missing first_name', 'missing last_name'] } }
			: { status: 401, body: { success: false, errors: ['Invalid access token'] } },
	);
	expect(await testCredential('hyfinApi', { accessToken: 'tok', siteId: 'site/1', baseUrl })).toEqual({ status: 'OK' });
	expect(api.received[0]).toMatchObject({ method: 'POST', path: '/api/v3.1/site/site%2F1/customer/addUpdate', json: { external_id: '' } });
	expect(api.received[0].headers['x-access-token']).toBe('tok');
	expect((await testCredential('hyfinApi', { accessToken: 'bad', siteId: 'site/1', baseUrl })).status).toBe('Error');
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
