import type { IDataObject } from 'n8n-workflow';

import { ApiServer, type Reply } from './helpers/api-server';
import { runNode } from './helpers/run-node';

const api = new ApiServer();
let baseUrl: string;
const API_KEY = 'rk-api-key-5521';
const SECRET_KEY = 'rk-secret-key-9034';
const APP_ID = 'rk-app-id-7781';
const APP_SECRET = 'rk-app-secret-3318';
const BASIC = `Basic ${Buffer.from(`${API_KEY}:${SECRET_KEY}`).toString('base64')}`;

beforeAll(async () => {
	baseUrl = await api.start();
});
afterAll(async () => api.stop());

function rehook(parameters: IDataObject, options: { items?: IDataObject[]; onError?: 'continueRegularOutput' } = {}) {
	return runNode({
		type: 'rehook',
		parameters: { resource: 'customer', ...parameters } as never,
		credentials: {
			rehookApi: { apiKey: API_KEY, secretKey: SECRET_KEY, baseUrl },
			rehookAppApi: { appId: APP_ID, appSecret: APP_SECRET, baseUrl: `${baseUrl}//` },
		},
		items: options.items,
		onError: options.onError,
	});
}

const CREATED: Reply = { body: { message: 'Customer Created', requestId: '374c3ba4-c0b2-9e13-9375-1ec4df5efa21' } };
const UPDATED: Reply = { body: { message: 'Request processed sucessfully', requestId: '57e539bf-01e5-9327-aad2-a4466714fad2' } };
const SAMPLE_PROPERTIES = [
	{ name: 'Name', value: 'krishnananda' },
	{ name: 'Phone', value: '123456789' },
	{ name: 'location', value: 'Bangalore' },
	{ name: 'Gender', value: 'Male' },
];

describe('Create or Update (API key and secret key, HTTP Basic)', () => {
	test('sends the documented sample exactly and says the customer was created', async () => {
		api.reset(() => CREATED);
		const result = await rehook({
			authentication: 'basic',
			operation: 'createOrUpdate',
			sourceId: 'KMN@2531',
			metadata: { property: SAMPLE_PROPERTIES },
		});
		expect(result.error).toBeUndefined();
		expect(api.received).toHaveLength(1);
		const [request] = api.received;
		expect(request.method).toBe('POST');
		expect(request.path).toBe('/customers');
		expect(request.headers.authorization).toBe(BASIC);
		expect(request.headers.appid).toBeUndefined();
		expect(request.headers['content-type']).toBe('application/json');
		// The documented "Case 1" body, key for key and in order.
		expect(request.rawBody).toBe(
			JSON.stringify({
				metadata: { Name: 'krishnananda', Phone: '123456789', location: 'Bangalore', Gender: 'Male' },
				referral_code: '',
				source_id: 'KMN@2531',
			}),
		);
		expect(result.items.map((item) => item.json)).toEqual([
			{ sourceId: 'KMN@2531', action: 'created', message: 'Customer Created', requestId: '374c3ba4-c0b2-9e13-9375-1ec4df5efa21' },
		]);
	});

	test('an update is reported as updated, from Rehook’s own (misspelt) answer', async () => {
		api.reset(() => UPDATED);
		const result = await rehook({
			operation: 'createOrUpdate',
			sourceId: 'KMN@2531',
			referralCode: 'KMN',
			metadataInput: 'json',
			metadataJson: '={{ JSON.stringify({ Phone: "5389559", score: 7, vip: true, note: null }) }}',
		});
		expect(api.received[0].json).toEqual({
			metadata: { Phone: '5389559', score: 7, vip: true, note: null },
			referral_code: 'KMN',
			source_id: 'KMN@2531',
		});
		expect(result.items[0].json).toEqual({
			sourceId: 'KMN@2531',
			action: 'updated',
			message: 'Request processed sucessfully',
			requestId: '57e539bf-01e5-9327-aad2-a4466714fad2',
		});
	});

	test('an answer it does not recognise is passed on with action "unknown"', async () => {
		api.reset(() => ({ body: { message: 'Queued', requestId: 'r-1' } }));
		const result = await rehook({ operation: 'createOrUpdate', sourceId: 's-1' });
		expect(api.received[0].json).toEqual({ metadata: {}, referral_code: '', source_id: 's-1' });
		expect(result.items[0].json).toEqual({ sourceId: 's-1', action: 'unknown', message: 'Queued', requestId: 'r-1' });
	});

	test('"referral code already exists" reaches the user as Rehook’s message and details, with the request ID', async () => {
		api.reset(() => ({
			status: 400,
			body: { code: 400, details: 'Referral code KMN belongs to another customer', message: 'referral code already exists', request_id: 'abc_123' },
		}));
		const result = await rehook({ operation: 'createOrUpdate', sourceId: 's-1', referralCode: 'KMN' });
		expect(result.error?.message).toBe('Bad request: referral code already exists (Referral code KMN belongs to another customer) [item 0]');
		expect(result.error?.httpCode).toBe('400');
		expect(result.error?.description).toContain('Rehook request ID: abc_123.');
	});

	test('the documented error table’s capitalised field names are read too', async () => {
		api.reset(() => ({ status: 400, body: { Code: 400, details: 'Given resource Id is wrong', Message: 'Resource Id not found', request_id: 'abc_123' } }));
		const result = await rehook({ operation: 'createOrUpdate', sourceId: 's-1' });
		expect(result.error?.message).toBe('Bad request: Resource Id not found (Given resource Id is wrong) [item 0]');
	});

	test('wrong keys: 401, and neither the key nor the secret appears anywhere', async () => {
		api.reset((request) => ({ status: 401, body: { message: `Invalid credentials ${String(request.headers.authorization)} ${API_KEY}` } }));
		const result = await rehook({ operation: 'createOrUpdate', sourceId: 's-1' }, { onError: 'continueRegularOutput' });
		const text = JSON.stringify(result.items) + JSON.stringify(result.run.data.resultData);
		for (const secret of [API_KEY, SECRET_KEY, BASIC.slice(6)]) expect(text).not.toContain(secret);
		expect(result.items[0].json.error).toBe('Unauthorized: Invalid credentials Basic *** *** [item 0]');
	});

	test('Create or Update is an upsert on source_id, so a 500 is retried', async () => {
		api.reset((_request, n) => (n === 0 ? { status: 500, body: { message: 'try again' } } : CREATED));
		const result = await rehook({ operation: 'createOrUpdate', sourceId: 's-1', options: { maxRetries: 1, maxWait: 0 } });
		expect(result.error).toBeUndefined();
		expect(api.received).toHaveLength(2);
	});

	test('several items: one request each, outputs in input order, paired', async () => {
		api.reset((request) => ({ ...CREATED, delayMs: (request.json as IDataObject).source_id === 'a' ? 50 : 0 }));
		const result = await rehook(
			{ operation: 'createOrUpdate', sourceId: '={{$json.id}}', metadata: { property: [{ name: 'Name', value: '={{$json.name}}' }] } },
			{ items: [{ id: 'a', name: 'Ann' }, { id: 'b', name: 'Bob' }] },
		);
		expect(api.received.map((r) => r.json).sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)))).toEqual([
			{ metadata: { Name: 'Ann' }, referral_code: '', source_id: 'a' },
			{ metadata: { Name: 'Bob' }, referral_code: '', source_id: 'b' },
		]);
		expect(result.items.map((item) => [item.json.sourceId, (item.pairedItem as { item: number }).item])).toEqual([
			['a', 0],
			['b', 1],
		]);
	});
});

describe('Create (App ID and App Secret headers)', () => {
	test('POST /api/customers with {"Metadata": …} and the appId/appSecret headers, not Basic', async () => {
		api.reset(() => ({ body: { message: 'Customer Created', id: 'c-9' } }));
		const result = await rehook({
			authentication: 'appSecret',
			operation: 'create',
			metadata: { property: [{ name: 'key', value: 'value' }] },
			otherFieldsJson: '{"source_id": "KMN@2531"}',
		});
		expect(result.error).toBeUndefined();
		const [request] = api.received;
		expect(request.method).toBe('POST');
		// The credential's base URL ends in "//": it is normalised, not sent as "///api".
		expect(request.path).toBe('/api/customers');
		expect(request.headers.appid).toBe(APP_ID);
		expect(request.headers.appsecret).toBe(APP_SECRET);
		expect(request.headers.authorization).toBeUndefined();
		expect(request.headers['content-type']).toBe('application/json');
		expect(request.rawBody).toBe(JSON.stringify({ Metadata: { key: 'value' }, source_id: 'KMN@2531' }));
		expect(result.items[0].json).toEqual({ created: true, message: 'Customer Created', id: 'c-9' });
	});

	test('a plain create is not repeated after a 500', async () => {
		api.reset(() => ({ status: 500, body: { message: 'Internal error', request_id: 'r-5' } }));
		const result = await rehook({ authentication: 'appSecret', operation: 'create', options: { maxRetries: 3, maxWait: 0 } });
		expect(api.received).toHaveLength(1);
		expect(result.error?.message).toBe('Rehook server error: Internal error [item 0]');
		expect(result.error?.description).toContain('Not retried');
	});

	test('the app secret never appears, even when echoed', async () => {
		api.reset((request) => ({ status: 401, body: { message: `bad secret ${String(request.headers.appsecret)}` } }));
		const result = await rehook({ authentication: 'appSecret', operation: 'create' }, { onError: 'continueRegularOutput' });
		expect(JSON.stringify(result.items) + JSON.stringify(result.run.data.resultData)).not.toContain(APP_SECRET);
		expect(result.items[0].json.error).toBe('Unauthorized: bad secret *** [item 0]');
	});

	test('the operation decides the credential: Create or Update with only the App credential is refused, not sent with it', async () => {
		api.reset(() => CREATED);
		const result = await rehook({ authentication: 'appSecret', operation: 'createOrUpdate', sourceId: 's-1' });
		expect(result.error?.message).toMatch(/credentials/i);
		expect(api.received).toHaveLength(0);
	});
});

describe('bad input is refused before anything is sent', () => {
	const invalid: Array<[string, IDataObject, string]> = [
		['a source ID whose expression is empty', { operation: 'createOrUpdate', sourceId: '={{$json.nothing}}' }, 'Invalid "Source ID": is required'],
		['malformed user-properties JSON', { operation: 'createOrUpdate', sourceId: 's', metadataInput: 'json', metadataJson: '{"Name": }' }, 'Invalid "User Properties (JSON)": is not valid JSON'],
		['user properties that are a list', { operation: 'createOrUpdate', sourceId: 's', metadataInput: 'json', metadataJson: '[1, 2]' }, 'Invalid "User Properties (JSON)": must be a JSON object, got a list'],
		['a nested user property', { operation: 'createOrUpdate', sourceId: 's', metadataInput: 'json', metadataJson: '{"address": {"city": "x"}}' }, 'Invalid "User Properties (JSON) › address": value must be text, a number, true/false or null'],
		['a property without a name', { operation: 'createOrUpdate', sourceId: 's', metadata: { property: [{ name: ' ', value: 'x' }] } }, 'Invalid "User Properties › Property 1": needs a name'],
		['a property given twice', { operation: 'createOrUpdate', sourceId: 's', metadata: { property: [{ name: 'Name', value: 'a' }, { name: 'Name', value: 'b' }] } }, 'Invalid "User Properties › Property 2": "Name" is given twice'],
		['Metadata inside the other fields', { authentication: 'appSecret', operation: 'create', otherFieldsJson: '{"metadata": {}}' }, 'Invalid "Other Fields (JSON)": holds "metadata"'],
		['other fields that are not JSON', { authentication: 'appSecret', operation: 'create', otherFieldsJson: 'source_id=1' }, 'Invalid "Other Fields (JSON)": is not valid JSON'],
	];
	test.each(invalid)('%s', async (_name, parameters, message) => {
		api.reset(() => CREATED);
		const result = await rehook(parameters);
		expect(result.error?.message).toContain(message);
		expect(result.error?.message).toMatch(/\[item 0\]$/);
		expect(api.received).toHaveLength(0);
	});
});
