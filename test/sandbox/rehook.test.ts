import type { IDataObject } from 'n8n-workflow';

import { SANDBOX_CREDENTIALS } from '../../sandbox/credentials';
import type { RehookSim } from '../../sandbox/providers/rehook';
import { Sandbox } from '../../sandbox/server';
import { runNode } from '../helpers/run-node';
import { client } from '../helpers/sandbox-call';

const sandbox = new Sandbox({ port: 0 });
let url: string;
const sim = () => sandbox.sims.rehook as RehookSim;

beforeAll(async () => {
	url = await sandbox.start();
});
afterAll(async () => sandbox.stop());
beforeEach(() => sandbox.reset());

const { apiKey, secretKey } = SANDBOX_CREDENTIALS.rehook;
const { appId, appSecret } = SANDBOX_CREDENTIALS.rehookApp;
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const BASIC = { authorization: basic(apiKey, secretKey) };
const APP = { appId, appSecret };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const call = client(() => `${url}/rehook`);

const upsert = (json: unknown, headers: Record<string, string> = BASIC) => call('POST', '/customers', { headers, json });
const appCreate = (json: unknown, headers: Record<string, string> = APP) => call('POST', '/api/customers', { headers, json });

/** Rehook's error body; request_id is fresh each time. */
const rehookError = (code: number, message: string, details: string) => ({ code, details, message, request_id: expect.any(String) });
const badRequest = (details: string) => ({ status: 400, body: rehookError(400, 'bad request', details) });

// The documented samples (doc 002).
const CASE_1 = {
	metadata: { Name: 'krishnananda', Phone: '123456789', location: 'Bangalore', Gender: 'Male' },
	referral_code: '',
	source_id: 'KMN@2531',
};
const CASE_2 = { ...CASE_1, metadata: { ...CASE_1.metadata, Phone: '5389559' } };
const BODY_EXAMPLE = { ...CASE_1, referral_code: 'KMN' };

describe('POST /customers (Create or Update, HTTP Basic)', () => {
	test('documented case 1: a new customer is created and given a referral code', async () => {
		const answer = await upsert(CASE_1);
		expect(answer).toEqual({ status: 200, body: { message: 'Customer Created', requestId: expect.stringMatching(UUID) } });
		expect(sandbox.sims.rehook.state()).toEqual({ customers: 1, appCustomers: 0, referralCodes: 1 });
		const stored = sim().customer('KMN@2531');
		expect(stored).toMatchObject({ source_id: 'KMN@2531', metadata: CASE_1.metadata });
		expect(stored?.referral_code).toMatch(/^RH[0-9A-Z]{6}$/);
	});

	test('documented case 2: the same source_id updates the customer, answered "Request processed sucessfully"', async () => {
		const created = await upsert(CASE_1);
		const code = sim().customer('KMN@2531')?.referral_code;
		const updated = await upsert(CASE_2);
		expect(updated).toEqual({ status: 200, body: { message: 'Request processed sucessfully', requestId: expect.stringMatching(UUID) } });
		expect(updated.body.requestId).not.toBe(created.body.requestId);
		expect(sim().customer('KMN@2531')).toMatchObject({ metadata: { ...CASE_1.metadata, Phone: '5389559' }, referral_code: code });
		expect(sandbox.sims.rehook.state()).toEqual({ customers: 1, appCustomers: 0, referralCodes: 1 });
	});

	test('the body example with referral_code "KMN" stores that code', async () => {
		expect((await upsert(BODY_EXAMPLE)).body.message).toBe('Customer Created');
		expect(sim().customer('KMN@2531')?.referral_code).toBe('KMN');
	});

	test('an absent referral_code and metadata are allowed: only source_id is required', async () => {
		expect((await upsert({ source_id: 'only-id' })).body.message).toBe('Customer Created');
		expect(sim().customer('only-id')).toMatchObject({ source_id: 'only-id', metadata: {}, referral_code: expect.stringMatching(/^RH/) });
	});

	test('metadata is merged on update: keys not sent are kept, null is a value', async () => {
		await upsert({ source_id: 'c1', metadata: { Name: 'A', Phone: '1', Tier: 2 } });
		await upsert({ source_id: 'c1', metadata: { Phone: '2', Vip: true, Tier: null } });
		await upsert({ source_id: 'c1' });
		expect(sim().customer('c1')?.metadata).toEqual({ Name: 'A', Phone: '2', Tier: null, Vip: true });
	});

	test('an update with a new non-empty referral code changes it and frees the old one', async () => {
		await upsert({ ...BODY_EXAMPLE });
		expect((await upsert({ source_id: 'KMN@2531', referral_code: 'KMN2' })).body.message).toBe('Request processed sucessfully');
		expect(sim().customer('KMN@2531')?.referral_code).toBe('KMN2');
		expect(sandbox.sims.rehook.state()).toEqual({ customers: 1, appCustomers: 0, referralCodes: 1 });
		// The old code is free again.
		expect((await upsert({ source_id: 'other', referral_code: 'KMN' })).body.message).toBe('Customer Created');
		expect(sim().customer('other')?.referral_code).toBe('KMN');
	});

	test('an update with an empty referral code keeps the customer’s code', async () => {
		await upsert(BODY_EXAMPLE);
		await upsert({ ...BODY_EXAMPLE, referral_code: '' });
		expect(sim().customer('KMN@2531')?.referral_code).toBe('KMN');
	});

	test('sending the customer’s own code again is not a conflict', async () => {
		await upsert(BODY_EXAMPLE);
		expect(await upsert(BODY_EXAMPLE)).toEqual({ status: 200, body: { message: 'Request processed sucessfully', requestId: expect.any(String) } });
	});

	test('a referral code held by another customer is refused, for a new customer and for an update', async () => {
		await upsert(BODY_EXAMPLE);
		const conflict = {
			status: 400,
			body: rehookError(400, 'referral code already exists', "referral code 'KMN' belongs to another customer"),
		};
		expect(await upsert({ source_id: 'second', referral_code: 'KMN' })).toEqual(conflict);
		expect(sim().customer('second')).toBeUndefined();
		await upsert({ source_id: 'second', referral_code: 'SEC' });
		expect(await upsert({ source_id: 'second', referral_code: 'KMN', metadata: { Name: 'changed' } })).toEqual(conflict);
		// Nothing of the refused update was applied.
		expect(sim().customer('second')).toMatchObject({ referral_code: 'SEC', metadata: {} });
		expect(sandbox.sims.rehook.state()).toEqual({ customers: 2, appCustomers: 0, referralCodes: 2 });
	});

	test('generated codes are unique and skip codes customers chose', async () => {
		await upsert({ source_id: 'chooser', referral_code: 'RH000001' });
		await upsert({ source_id: 'a' });
		await upsert({ source_id: 'b' });
		const codes = ['chooser', 'a', 'b'].map((id) => sim().customer(id)?.referral_code);
		expect(codes).toEqual(['RH000001', 'RH000002', 'RH000003']);
		// A generated code is taken like any other.
		expect((await upsert({ source_id: 'c', referral_code: 'RH000002' })).body.message).toBe('referral code already exists');
	});

	test.each([
		['source_id absent', { metadata: {} }, "'source_id' is required"],
		['source_id empty', { source_id: '' }, "'source_id' must be a non-empty string"],
		['source_id a number', { source_id: 42 }, "'source_id' must be a non-empty string"],
		['source_id null', { source_id: null }, "'source_id' must be a non-empty string"],
		['referral_code a number', { source_id: 'x', referral_code: 7 }, "'referral_code' must be a string"],
		['referral_code null', { source_id: 'x', referral_code: null }, "'referral_code' must be a string"],
		['metadata a list', { source_id: 'x', metadata: [] }, "'metadata' must be an object"],
		['metadata text', { source_id: 'x', metadata: 'Name' }, "'metadata' must be an object"],
		['metadata null', { source_id: 'x', metadata: null }, "'metadata' must be an object"],
		['a metadata value that is an object', { source_id: 'x', metadata: { Address: { city: 'B' } } }, "'metadata.Address' must be text, a number, a boolean or null"],
		['a metadata value that is a list', { source_id: 'x', metadata: { Tags: ['a'] } }, "'metadata.Tags' must be text, a number, a boolean or null"],
		['an unknown field', { source_id: 'x', Metadata: {} }, "unknown field 'Metadata'"],
		[
			'several problems at once',
			{ source_id: '', referral_code: 1, email: 'a@b.c' },
			"unknown field 'email'; 'source_id' must be a non-empty string; 'referral_code' must be a string",
		],
	])('400 bad request: %s', async (_name, json, details) => {
		expect(await upsert(json)).toEqual(badRequest(details));
		expect(sandbox.sims.rehook.state()).toEqual({ customers: 0, appCustomers: 0, referralCodes: 0 });
	});

	test('400 for a body that is not a JSON object', async () => {
		expect(await call('POST', '/customers', { headers: BASIC, raw: '{"source_id": ' })).toEqual(badRequest('the body is not valid JSON'));
		expect(await call('POST', '/customers', { headers: BASIC, json: [CASE_1] })).toEqual(badRequest('the body must be a JSON object'));
		expect(await call('POST', '/customers', { headers: BASIC })).toEqual(badRequest('the body must be a JSON object'));
		expect(await call('POST', '/customers', { headers: BASIC, raw: 'source_id=x', type: 'application/x-www-form-urlencoded' })).toEqual(
			badRequest('the body must be JSON (Content-Type: application/json)'),
		);
	});

	test('every error has a fresh request_id', async () => {
		const first = await upsert({});
		const second = await upsert({});
		expect(first.body.request_id).toMatch(UUID);
		expect(second.body.request_id).not.toBe(first.body.request_id);
	});

	test.each([
		['no credentials', {}, 'missing credentials'],
		['a wrong secret key', { authorization: basic(apiKey, 'wrong') }, 'invalid credentials'],
		['a wrong API key', { authorization: basic('wrong', secretKey) }, 'invalid credentials'],
		['a Bearer token', { authorization: `Bearer ${secretKey}` }, 'invalid credentials'],
		['the appId/appSecret headers', APP, 'invalid credentials'],
	])('401 with %s', async (_name, headers, details) => {
		expect(await upsert(CASE_1, headers as Record<string, string>)).toEqual({ status: 401, body: rehookError(401, 'unauthorized', details) });
		expect(sandbox.sims.rehook.state().customers).toBe(0);
	});

	test('a trailing slash is accepted', async () => {
		expect((await call('POST', '/customers/', { headers: BASIC, json: CASE_1 })).body.message).toBe('Customer Created');
	});
});

describe('POST /api/customers (Create, appId and appSecret headers)', () => {
	test('the documented example creates a customer and answers its id', async () => {
		const answer = await appCreate({ Metadata: { key: 'value' } });
		expect(answer).toEqual({ status: 200, body: { message: 'Customer Created', requestId: expect.stringMatching(UUID), id: expect.stringMatching(UUID) } });
		expect(sandbox.sims.rehook.state()).toEqual({ customers: 0, appCustomers: 1, referralCodes: 0 });
		expect(sim().listAppCustomers()).toEqual([{ id: answer.body.id, Metadata: { key: 'value' }, created_at: expect.any(String) }]);
	});

	test('other customer fields are kept beside Metadata, and every call creates a new customer', async () => {
		const body = { Metadata: { Name: 'A', Vip: true }, source_id: 'x1', email: 'a@example.com' };
		const first = await appCreate(body);
		const second = await appCreate(body);
		expect(second.body.id).not.toBe(first.body.id);
		expect(sandbox.sims.rehook.state()).toEqual({ customers: 0, appCustomers: 2, referralCodes: 0 });
		expect(sim().listAppCustomers().map((customer) => customer.id)).toEqual([first.body.id, second.body.id]);
		expect(sim().listAppCustomers()[0]).toMatchObject(body);
	});

	test('an empty Metadata object is fine', async () => {
		expect((await appCreate({ Metadata: {} })).status).toBe(200);
	});

	test.each([
		['Metadata absent', { metadata: {} }, "'Metadata' is required"],
		['Metadata a list', { Metadata: [] }, "'Metadata' must be an object"],
		['Metadata text', { Metadata: 'x' }, "'Metadata' must be an object"],
		['Metadata null', { Metadata: null }, "'Metadata' must be an object"],
	])('400 bad request: %s', async (_name, json, details) => {
		expect(await appCreate(json)).toEqual(badRequest(details));
		expect(sandbox.sims.rehook.state().appCustomers).toBe(0);
	});

	test('400 for a body that is not a JSON object', async () => {
		expect(await call('POST', '/api/customers', { headers: APP, raw: 'nope' })).toEqual(badRequest('the body is not valid JSON'));
		expect(await call('POST', '/api/customers', { headers: APP, json: 'x' })).toEqual(badRequest('the body must be a JSON object'));
	});

	test.each([
		['no credentials', {}, 'missing credentials'],
		['a wrong appSecret', { appId, appSecret: 'wrong' }, 'invalid credentials'],
		['a wrong appId', { appId: 'wrong', appSecret }, 'invalid credentials'],
		['only the appId', { appId }, 'invalid credentials'],
		['HTTP Basic instead', BASIC, 'invalid credentials'],
	])('401 with %s', async (_name, headers, details) => {
		expect(await appCreate({ Metadata: {} }, headers as Record<string, string>)).toEqual({ status: 401, body: rehookError(401, 'unauthorized', details) });
		expect(sandbox.sims.rehook.state().appCustomers).toBe(0);
	});
});

describe('GET /events/segment/check-auth', () => {
	test('answers 200 {authenticated: true} with valid Basic credentials or valid app headers', async () => {
		expect(await call('GET', '/events/segment/check-auth', { headers: BASIC })).toEqual({ status: 200, body: { authenticated: true } });
		expect(await call('GET', '/events/segment/check-auth', { headers: APP })).toEqual({ status: 200, body: { authenticated: true } });
	});

	test('answers 401 otherwise', async () => {
		expect(await call('GET', '/events/segment/check-auth')).toEqual({ status: 401, body: rehookError(401, 'unauthorized', 'missing credentials') });
		expect(await call('GET', '/events/segment/check-auth', { headers: { authorization: basic(apiKey, 'no') } })).toEqual({
			status: 401,
			body: rehookError(401, 'unauthorized', 'invalid credentials'),
		});
		expect((await call('GET', '/events/segment/check-auth', { headers: { appId, appSecret: 'no' } })).status).toBe(401);
	});
});

describe('routing, state and the request log', () => {
	test.each([
		['GET', '/customers'],
		['PUT', '/customers'],
		['GET', '/api/customers'],
		['POST', '/events/segment/check-auth'],
		['POST', '/customer'],
		['GET', '/'],
	])('%s %s is 404', async (method, path) => {
		expect(await call(method, path, { headers: BASIC })).toEqual({ status: 404, body: rehookError(404, 'not found', `no endpoint ${method} ${path}`) });
	});

	test('reset() forgets every customer and code, and /_sandbox/state shows the counts', async () => {
		await upsert(BODY_EXAMPLE);
		await appCreate({ Metadata: {} });
		const state = (await (await fetch(`${url}/_sandbox/state`)).json()) as any;
		expect(state.rehook).toEqual({ customers: 1, appCustomers: 1, referralCodes: 1 });
		sandbox.reset();
		expect(sandbox.sims.rehook.state()).toEqual({ customers: 0, appCustomers: 0, referralCodes: 0 });
		expect(sim().customer('KMN@2531')).toBeUndefined();
		// The code is free again after the reset.
		expect((await upsert({ source_id: 'new', referral_code: 'KMN' })).body.message).toBe('Customer Created');
	});

	test('the request log masks authorization (keeping its scheme) and appSecret, not appId', async () => {
		await upsert(CASE_1);
		await appCreate({ Metadata: { key: 'value' } });
		expect(sandbox.log).toHaveLength(2);
		expect(sandbox.log[0]).toMatchObject({ provider: 'rehook', method: 'POST', path: '/customers', body: CASE_1, outcome: 200 });
		expect(sandbox.log[0].headers.authorization).toBe('Basic ***');
		expect(sandbox.log[1]).toMatchObject({ path: '/api/customers', outcome: 200 });
		expect(sandbox.log[1].headers.appsecret).toBe('***');
		expect(sandbox.log[1].headers.appid).toBe(appId);
		const logged = JSON.stringify(sandbox.log);
		for (const secret of [secretKey, appSecret, BASIC.authorization.slice(6)]) expect(logged).not.toContain(secret);
	});
});

describe('the Rehook node against the sandbox', () => {
	const node = (parameters: IDataObject) =>
		runNode({
			type: 'rehook',
			parameters: { resource: 'customer', ...parameters } as never,
			credentials: {
				rehookApi: { apiKey, secretKey, baseUrl: `${url}/rehook` },
				rehookAppApi: { appId, appSecret, baseUrl: `${url}/rehook` },
			},
		});
	const properties = (metadata: Record<string, string>) => ({ property: Object.entries(metadata).map(([name, value]) => ({ name, value })) });

	test('Create or Update: created, then updated', async () => {
		const first = await node({ authentication: 'basic', operation: 'createOrUpdate', sourceId: 'KMN@2531', metadata: properties(CASE_1.metadata) });
		expect(first.error).toBeUndefined();
		expect(first.items[0].json).toMatchObject({ sourceId: 'KMN@2531', action: 'created', message: 'Customer Created' });
		const second = await node({ authentication: 'basic', operation: 'createOrUpdate', sourceId: 'KMN@2531', metadata: properties(CASE_2.metadata) });
		expect(second.items[0].json).toMatchObject({ action: 'updated', message: 'Request processed sucessfully' });
		expect(sim().customer('KMN@2531')?.metadata).toEqual(CASE_2.metadata);
	});

	test('a referral code conflict reaches the user as an error with message and details', async () => {
		await upsert(BODY_EXAMPLE);
		const result = await node({ authentication: 'basic', operation: 'createOrUpdate', sourceId: 'other', referralCode: 'KMN' });
		expect(`${result.error?.message} ${result.error?.description ?? ''}`).toContain('referral code already exists');
	});

	test('Create with the app headers', async () => {
		const result = await node({ authentication: 'appSecret', operation: 'create', metadata: properties({ key: 'value' }) });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ message: 'Customer Created' });
		expect(sim().listAppCustomers()).toEqual([expect.objectContaining({ Metadata: { key: 'value' } })]);
	});
});
