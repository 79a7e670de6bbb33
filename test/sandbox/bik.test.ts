import { credentialData } from '../../sandbox/credentials';
import { Sandbox } from '../../sandbox/server';
import { runNode } from '../helpers/run-node';
import { BIK_AUTH, call } from '../helpers/sandbox-call';

const sandbox = new Sandbox();
let base: string;
beforeAll(async () => {
	base = `${await sandbox.start()}/bik/integrations`;
});
afterAll(() => sandbox.stop());
beforeEach(() => sandbox.reset({ faults: true }));

const post = (endpoint: string, json: unknown, auth = BIK_AUTH) =>
	call(`${base}/${endpoint}`, { json, headers: auth ? { authorization: auth } : {} });

const SAMPLE = {
	partnerCustomerId: 'abcd-122345',
	firstName: 'First',
	lastName: 'Last',
	phoneNumber: '+919090909090',
	email: 'test.2@bik.ai',
	secondaryEmail: 'test3@bik.ai',
	secondaryPhoneNumber: '+918908898123',
	alternateEmails: ['test898900@bik.ai', 'test898911@bik.ai'],
	alternatePhoneNumbers: ['+918989890011', '+918989890022'],
	tags: ['test', 'test2'],
	addresses: [{ address1: 'hsr layout', city: 'bangalore', country: 'India', countryCode: 'IN', state: 'karnataka', zip: '560102' }],
};

describe('Create or Update', () => {
	test('the documented sample creates a customer, answered in the documented shape', async () => {
		const { status, body } = await post('bikPlatformFunctions-customers/createOrUpdate', SAMPLE);
		expect(status).toBe(200);
		expect(body).toMatchObject({ status: 200, success: true, data: { customer: { id: 5482636, partnerCustomerId: 'abcd-122345', email: 'test.2@bik.ai', countryCode: 'IND' } } });
		const assets = body.data.customer.assets.map((a: { assetName: string; assetValue: string }) => `${a.assetName}:${a.assetValue}`);
		expect(assets).toEqual([
			'EMAIL:test.2@bik.ai',
			'EMAIL:test898900@bik.ai',
			'EMAIL:test898911@bik.ai',
			'PHONE_NUMBER:+919090909090',
			'PHONE_NUMBER:+918989890011',
			'PHONE_NUMBER:+918989890022',
		]);
		expect(sandbox.sims.bik.state()).toEqual({ customers: 1 });
	});

	test('the same email or phone number updates the customer instead of creating another', async () => {
		await post('bikPlatformFunctions-customers/createOrUpdate', SAMPLE);
		const byEmail = await post('bikPlatformFunctions-customers/createOrUpdate', { email: 'test.2@bik.ai', firstName: 'Renamed' });
		const byPhone = await post('bikPlatformFunctions-customers/createOrUpdate', { phoneNumber: '+919090909090', tags: ['vip'] });
		expect(byEmail.body.data.customer).toMatchObject({ id: 5482636, firstName: 'Renamed' });
		expect(byPhone.body.data.customer).toMatchObject({ id: 5482636, firstName: 'Renamed', tags: ['vip'] });
		expect(sandbox.sims.bik.state()).toEqual({ customers: 1 });
	});

	test('the deprecated secondaryEmails/secondaryPhoneNumbers add assets; overWriteAssets replaces them', async () => {
		await post('bikPlatformFunctions-customers/createOrUpdate', { email: 'a@b.co', secondaryEmails: ['c@d.co'], secondaryPhoneNumbers: ['+3161234567'] });
		const replaced = await post('bikPlatformFunctions-customers/createOrUpdate', { email: 'a@b.co', alternateEmails: ['x@y.co'], overWriteAssets: true });
		expect(replaced.body.data.customer.assets.map((a: { assetValue: string }) => a.assetValue)).toEqual(['a@b.co', 'x@y.co']);
	});

	test.each([
		['neither email nor phone', { firstName: 'x' }, "Either 'email' or 'phoneNumber' must be provided"],
		['a malformed email', { email: 'nope' }, "'email' must be a valid email"],
		['a malformed phone', { phoneNumber: '12' }, "'phoneNumber' must be a valid phone number"],
		['an unknown field', { email: 'a@b.co', nickname: 'x' }, "'nickname' is not allowed"],
		['a list given as text', { email: 'a@b.co', tags: 'a,b' }, "'tags' must be an array of strings"],
		['an address without its required fields', { email: 'a@b.co', addresses: [{ address1: 'x', city: 'y' }] }, "'addresses[0].country' is required"],
		['a latitude given as text', { email: 'a@b.co', addresses: [{ ...SAMPLE.addresses[0], latitude: '12.9' }] }, "'addresses[0].latitude' must be a number"],
	])('%s: 400 with BIK’s error body', async (_name, json, message) => {
		const { status, body } = await post('bikPlatformFunctions-customers/createOrUpdate', json);
		expect(status).toBe(400);
		expect(body.status).toBe(400);
		expect(body.errors.map((e: { message: string }) => e.message)).toContain(message);
		expect(sandbox.sims.bik.state()).toEqual({ customers: 0 });
	});

	test('a body that is not JSON is refused', async () => {
		const { status, body } = await call(`${base}/bikPlatformFunctions-customers/createOrUpdate`, {
			method: 'POST',
			headers: { authorization: BIK_AUTH, 'content-type': 'application/json' },
			body: '{"email": ',
		});
		expect([status, body.errors[0].message]).toEqual([400, 'The request body must be a JSON object']);
	});
});

describe('Get', () => {
	test('reads back a customer by partner or BIK customer ID, with the include flags', async () => {
		const created = await post('bikPlatformFunctions-customers/createOrUpdate', SAMPLE);
		const id = created.body.data.customer.id;
		const byPartner = await post('bikPlatformFunctions-customers/get', { partnerCustomerId: 'abcd-122345' });
		expect(byPartner.status).toBe(200);
		expect(byPartner.body.data.customer).toEqual(created.body.data.customer);
		const byBik = await post('bikPlatformFunctions-customers/get', { bikCustomerId: String(id), includeAssets: false, includeAddress: false, includeTags: false });
		expect(byBik.body.data.customer.id).toBe(id);
		expect(byBik.body.data.customer).not.toHaveProperty('assets');
		expect(byBik.body.data.customer).not.toHaveProperty('addresses');
		expect(byBik.body.data.customer).not.toHaveProperty('tags');
	});

	test('an unknown customer is 406, as documented', async () => {
		const { status, body } = await post('bikPlatformFunctions-customers/get', { partnerCustomerId: 'nobody' });
		expect([status, body]).toEqual([406, { status: 406, errors: [{ message: 'Failed to get customer' }] }]);
	});

	test('the documented error example: fields that are not allowed', async () => {
		const { status, body } = await post('bikPlatformFunctions-customers/get', { partnerCustomerId: 'x', email: 'a@b.co' });
		expect([status, body.errors[0].message]).toEqual([400, "'email' is not allowed"]);
	});

	test('neither ID is 400', async () => {
		const { status } = await post('bikPlatformFunctions-customers/get', {});
		expect(status).toBe(400);
	});
});

describe('auth and routing', () => {
	test.each([
		['no Authorization', ''],
		['a wrong secret', `Basic ${Buffer.from('sandbox-bik-key:wrong').toString('base64')}`],
		['a Bearer token', 'Bearer sandbox-bik-secret'],
	])('%s: 401', async (_name, auth) => {
		const { status, body } = await post('bikPlatformFunctions-customers/get', { partnerCustomerId: 'x' }, auth as string);
		expect([status, body]).toEqual([401, { status: 401, errors: [{ message: 'User is not authenticated' }] }]);
	});

	test('the auth check call answers {"status": "200"}', async () => {
		expect((await post('bikPlatformFunctions-authPartnerViaKey', { appId: 'x' })).body).toEqual({ status: '200' });
	});

	test('an unknown endpoint or method is 404', async () => {
		expect((await post('bikPlatformFunctions-customers/delete', {})).status).toBe(404);
		expect((await call(`${base}/bikPlatformFunctions-customers/get`, { headers: { authorization: BIK_AUTH } })).status).toBe(404);
	});

	test('the request log masks the Basic token but keeps the scheme', async () => {
		await post('bikPlatformFunctions-customers/get', { partnerCustomerId: 'x' });
		const [entry] = sandbox.log;
		expect(entry).toMatchObject({ provider: 'bik', method: 'POST', path: '/integrations/bikPlatformFunctions-customers/get', outcome: 406, body: { partnerCustomerId: 'x' } });
		expect(entry.headers.authorization).toBe('Basic ***');
		expect(JSON.stringify(sandbox.log)).not.toContain(BIK_AUTH.slice(6));
	});
});

test('the BIK node writes a customer and reads it back through the sandbox', async () => {
	const credentials = { bikApi: credentialData(sandbox.url).bikApi };
	const written = await runNode({
		type: 'bik',
		parameters: { resource: 'customer', operation: 'createOrUpdate', email: 'node@bik.ai', additionalFields: { partnerCustomerId: 'p-1', firstName: 'Node' } } as never,
		credentials,
	});
	expect(written.error).toBeUndefined();
	const read = await runNode({
		type: 'bik',
		parameters: { resource: 'customer', operation: 'get', lookUpBy: 'partnerCustomerId', customerId: 'p-1' } as never,
		credentials,
	});
	expect(read.items.map((item) => item.json)).toEqual([written.items[0].json]);
	expect(read.items[0].json).toMatchObject({ email: 'node@bik.ai', firstName: 'Node', partnerCustomerId: 'p-1' });
});
