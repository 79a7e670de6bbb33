import type { IDataObject } from 'n8n-workflow';

import { SANDBOX_CREDENTIALS } from '../../sandbox/credentials';
import { OMNIDESK_RULES, type OmnideskSim } from '../../sandbox/providers/omnidesk';
import { Sandbox } from '../../sandbox/server';
import { runNode } from '../helpers/run-node';

const KEY = SANDBOX_CREDENTIALS.omnidesk.apiKey;
const CUSTOMER = '/api/v2/customer';
const MULTIPART = 'multipart/form-data';
const URLENCODED = 'application/x-www-form-urlencoded';

type Fields = Record<string, string>;
interface CallOptions {
	multipart?: Fields;
	form?: Fields;
	raw?: { body: string; type: string };
	query?: Fields;
	/** The apiKey header: the sandbox key unless given; null sends none. */
	key?: string | null;
}
interface Answer {
	status: number;
	body: any;
	text: string;
}

let sandbox: Sandbox;
let url: string;

beforeAll(async () => {
	sandbox = new Sandbox({ port: 0 });
	url = await sandbox.start();
});
afterAll(async () => sandbox.stop());
beforeEach(() => sandbox.reset());

const sim = () => sandbox.sims.omnidesk as OmnideskSim;
const state = () => sim().state();

async function call(method: string, path: string, options: CallOptions = {}): Promise<Answer> {
	const target = new URL(`${url}/omnidesk${path}`);
	for (const [name, value] of Object.entries(options.query ?? {})) target.searchParams.set(name, value);
	const headers: Record<string, string> = {};
	const key = options.key === undefined ? KEY : options.key;
	if (key !== null) headers.apiKey = key;
	let body: FormData | URLSearchParams | string | undefined;
	if (options.multipart) {
		const data = new FormData();
		for (const [name, value] of Object.entries(options.multipart)) data.append(name, value);
		body = data;
	} else if (options.form) {
		body = new URLSearchParams(options.form);
	} else if (options.raw) {
		body = options.raw.body;
		headers['Content-Type'] = options.raw.type;
	}
	const response = await fetch(target, { method, headers, body });
	const text = await response.text();
	let parsed: unknown = undefined;
	if (text !== '') {
		try {
			parsed = JSON.parse(text);
		} catch {
			parsed = text;
		}
	}
	return { status: response.status, body: parsed, text };
}

const get = (path: string, query?: Fields, key?: string | null) => call('GET', path, { query, key });
const post = (path: string, multipart: Fields) => call('POST', path, { multipart });
const put = (path: string, form: Fields) => call('PUT', path, { form });
const del = (path: string, query?: Fields) => call('DELETE', path, { query });

const create = (fields: Fields) => post(CUSTOMER, { brand_id: '1', ...fields });
const item = async (id: number) => (await get(`${CUSTOMER}/${id}`)).body;
const failure = (fragment: string) => ({ status: 'error', message: expect.stringContaining(fragment) });

async function expectError(answer: Promise<Answer>, status: number, fragment: string): Promise<void> {
	const { status: got, body } = await answer;
	expect({ status: got, body }).toEqual({ status, body: failure(fragment) });
}

/** Every page of the index for `query`, walked with pages of `limit`. */
async function allIds(query?: string, limit = 99): Promise<number[]> {
	const ids: number[] = [];
	for (let start = 0; ; start += limit) {
		const { body } = await get(CUSTOMER, { itemStart: String(start), itemLimit: String(limit), ...(query ? { query } : {}) });
		ids.push(...body.items.map((customer: { id: number }) => customer.id));
		if (start + limit >= body.itemTotal) return ids;
	}
}

describe('auth', () => {
	test('no key: 401 in Omnidesk’s error shape', async () => {
		await expectError(get(CUSTOMER, undefined, null), 401, 'API key');
	});

	test('a wrong key: 401', async () => {
		await expectError(get(CUSTOMER, undefined, 'not-the-key'), 401, 'Invalid API key');
		await expectError(call('POST', CUSTOMER, { key: 'nope', multipart: { primary_id: 'a' } }), 401, 'Invalid API key');
		expect(state().customers).toBe(0);
	});

	test('the header and ?apiKey= are both accepted', async () => {
		expect((await get(CUSTOMER)).status).toBe(200);
		expect((await get(CUSTOMER, { apiKey: KEY }, null)).status).toBe(200);
		await expectError(get(CUSTOMER, { apiKey: 'wrong' }, null), 401, 'Invalid API key');
	});

	test('the request log masks the apikey header', async () => {
		await get(CUSTOMER);
		await get(CUSTOMER, undefined, 'a-wrong-secret');
		const entries = sandbox.log.filter((entry) => entry.provider === 'omnidesk');
		expect(entries).toHaveLength(2);
		for (const entry of entries) expect(entry.headers.apikey).toBe('***');
		expect(JSON.stringify(entries)).not.toContain(KEY);
		expect(JSON.stringify(entries)).not.toContain('a-wrong-secret');
		expect(entries.map((entry) => entry.outcome)).toEqual([200, 401]);
		// The key given as ?apiKey= is masked too.
		await get(CUSTOMER, { apiKey: KEY, itemLimit: '1' }, null);
		expect(sandbox.log.at(-1)).toMatchObject({ query: { apiKey: '***', itemLimit: '1' }, outcome: 200 });
		expect(JSON.stringify(sandbox.log)).not.toContain(KEY);
	});
});

describe('routing', () => {
	test.each([
		['GET', '/api/v2/other'],
		['GET', '/api/v1/customer'],
		['PATCH', CUSTOMER],
		['DELETE', CUSTOMER],
		['POST', `${CUSTOMER}/5`],
		['PATCH', `${CUSTOMER}/5`],
		['GET', `${CUSTOMER}/addChannelOnly`],
		['PUT', `${CUSTOMER}/SearchByPrimaryExternalID`],
		['POST', `${CUSTOMER}/timelineByCustomerExternalID`],
		['GET', `${CUSTOMER}/purgedata`],
		['DELETE', `${CUSTOMER}/1/channel`],
		['GET', `${CUSTOMER}/1/channel/1`],
		['DELETE', `${CUSTOMER}/1/other/1`],
		['GET', `${CUSTOMER}//`],
	])('%s %s: 404', async (method, path) => {
		const answer = await call(method, path);
		expect(answer.status).toBe(404);
		expect(answer.body).toEqual({ status: 'error', message: expect.any(String) });
	});

	test('an unknown path is 404 even without a key', async () => {
		expect((await get('/api/v2/nothing', undefined, null)).status).toBe(404);
	});
});

describe('content types', () => {
	const multipartCalls = [
		CUSTOMER,
		`${CUSTOMER}/SearchByPrimaryExternalID`,
		`${CUSTOMER}/SearchByCustomerChannelValue`,
		`${CUSTOMER}/addChannelOnly`,
		`${CUSTOMER}/externalEvent`,
		`${CUSTOMER}/syncWithCRM`,
		`${CUSTOMER}/createCustomerCRUD`,
	];
	const urlencodedCalls = [CUSTOMER, `${CUSTOMER}/1`, `${CUSTOMER}/updateCustomer`];

	test.each(multipartCalls)('POST %s wants multipart/form-data', async (path) => {
		sim().seed(1);
		await expectError(call('POST', path, { form: { primary_id: 'ext-1', brand_id: '1' } }), 400, MULTIPART);
		await expectError(call('POST', path, { raw: { body: '{"primary_id": "ext-1"}', type: 'application/json' } }), 400, MULTIPART);
		await expectError(call('POST', path), 400, MULTIPART);
		expect(state()).toEqual({ customers: 1, duplicateCreates: 0, events: 0 });
	});

	test.each(urlencodedCalls)('PUT %s wants application/x-www-form-urlencoded', async (path) => {
		sim().seed(1);
		await expectError(call('PUT', path, { multipart: { customerID: '1', externalPrimaryID: 'ext-1', firstname: 'Zed' } }), 400, URLENCODED);
		await expectError(call('PUT', path, { raw: { body: '{"firstname": "Zed"}', type: 'application/json' } }), 400, URLENCODED);
		expect((await item(1)).firstname).toBe('Anna');
	});

	test('a malformed multipart body is 400', async () => {
		const raw = { body: 'this is not multipart at all', type: `${MULTIPART}; boundary=----sandbox` };
		await expectError(call('POST', CUSTOMER, { raw }), 400, 'could not be read');
		await expectError(call('POST', CUSTOMER, { raw: { body: 'x', type: MULTIPART } }), 400, 'could not be read');
		expect(state().customers).toBe(0);
	});
});

describe('create (POST /api/v2/customer)', () => {
	test('creates with every documented field, links the channel, and reads back everywhere', async () => {
		const answer = await create({
			channel_id: 'email',
			customer_link_channel: 'anna@example.com',
			primary_id: 'crm-1',
			noSync: 'true',
			firstname: 'Anna',
			lastname: 'de Vries',
			ticket_id: '77',
			extra_email: 'anna.work@example.com',
			extra_telephone: '+31612345678',
			custom_testfield: 'text',
		});
		expect(answer).toMatchObject({ status: 200, body: { type: 'result', message: 'User created and channel linked.' } });
		expect(state()).toEqual({ customers: 1, duplicateCreates: 0, events: 0 });

		const index = await get(CUSTOMER);
		expect(index.body).toEqual({
			type: 'result',
			itemStart: 0,
			itemTotal: 1,
			itemLimit: 15,
			items: [
				{
					id: 1,
					external_primary_id: 'crm-1',
					brand_name: expect.any(String),
					firstname: 'Anna',
					lastname: 'de Vries',
					channels: [
						{ id: expect.any(Number), type: 'email', value: 'anna@example.com' },
						{ id: expect.any(Number), type: 'email', value: 'anna.work@example.com' },
						{ id: expect.any(Number), type: 'telephone', value: '+31612345678' },
					],
				},
			],
		});
		const customer = await item(1);
		expect(customer).toEqual({ ...index.body.items[0], brand_id: 1, custom_testfield: 'text' });
		expect(new Set(customer.channels.map((c: { id: number }) => c.id)).size).toBe(3);

		const byPrimary = await post(`${CUSTOMER}/SearchByPrimaryExternalID`, { primary_id: 'crm-1', brand_id: '1' });
		expect(byPrimary).toMatchObject({ status: 200, body: customer });
		const byChannel = await post(`${CUSTOMER}/SearchByCustomerChannelValue`, { customerChannelValue: '+31612345678', brand_id: '1' });
		expect(byChannel).toMatchObject({ status: 200, body: customer });
	});

	test('without a linked channel the answer is "User created."', async () => {
		const answer = await create({ primary_id: 'crm-2', firstname: 'Zoë', lastname: "O'Neill-Šimon" });
		expect(answer).toMatchObject({ status: 200, body: { type: 'result', message: 'User created.' } });
		expect(await item(1)).toMatchObject({ firstname: 'Zoë', lastname: "O'Neill-Šimon", channels: [], brand_id: 1 });
	});

	test('brand_id defaults to 1; a channel without channel_id is linked by its evident type', async () => {
		const answer = await post(CUSTOMER, { primary_id: 'crm-3', customer_link_channel: '+3161111' });
		expect(answer.body.message).toBe('User created and channel linked.');
		expect(await item(1)).toMatchObject({ brand_id: 1, channels: [{ type: 'telephone', value: '+3161111' }] });
		await expectError(post(CUSTOMER, { primary_id: 'crm-4', customer_link_channel: 'some_handle' }), 400, 'channel_id');
	});

	test('a numeric channel_id links a custom channel type', async () => {
		await create({ primary_id: 'crm-5', channel_id: '12', customer_link_channel: 'whatever value' });
		expect((await item(1)).channels).toEqual([{ id: expect.any(Number), type: '12', value: 'whatever value' }]);
	});

	test('search_customer_channel_value identifies the new customer instead of primary_id', async () => {
		const answer = await create({ search_customer_channel_value: 'solo@example.com', firstname: 'Solo' });
		expect(answer.status).toBe(200);
		expect(await item(1)).toMatchObject({ external_primary_id: null, channels: [{ type: 'email', value: 'solo@example.com' }] });
		const found = await post(`${CUSTOMER}/SearchByCustomerChannelValue`, { customerChannelValue: 'SOLO@example.com' });
		expect(found.body.id).toBe(1);
		await expectError(create({ search_customer_channel_value: 'solo@example.com' }), 400, 'already exists');
		expect(state()).toEqual({ customers: 1, duplicateCreates: 1, events: 0 });
	});

	test('primary_id takes precedence over search_customer_channel_value', async () => {
		await create({ primary_id: 'crm-6', search_customer_channel_value: 'x@example.com' });
		expect(await item(1)).toMatchObject({ external_primary_id: 'crm-6', channels: [] });
	});

	test('a repeated create is refused and counted in duplicateCreates', async () => {
		expect((await create({ primary_id: 'crm-1' })).status).toBe(200);
		const again = await create({ primary_id: 'crm-1', firstname: 'Other' });
		expect(again).toMatchObject({ status: 400, body: { status: 'error', message: 'A customer with this primary ID already exists' } });
		expect(state()).toEqual({ customers: 1, duplicateCreates: 1, events: 0 });
		// Another brand is another customer.
		expect((await post(CUSTOMER, { primary_id: 'crm-1', brand_id: '2' })).status).toBe(200);
		expect(state()).toEqual({ customers: 2, duplicateCreates: 1, events: 0 });
		// The CRUD create counts too, and so does a create against a seeded customer.
		await expectError(post(`${CUSTOMER}/createCustomerCRUD`, { primaryID: 'crm-1', brandID: '2' }), 400, 'A customer with this primary ID already exists');
		expect(state().duplicateCreates).toBe(2);
		sim().seed(5);
		await expectError(create({ primary_id: 'ext-3' }), 400, 'A customer with this primary ID already exists');
		expect(state()).toEqual({ customers: 5, duplicateCreates: 1, events: 0 });
	});

	test('a failed validation does not count as a duplicate and creates nothing', async () => {
		await create({ primary_id: 'crm-1' });
		await expectError(create({ primary_id: 'crm-1', firstname: 'B0b' }), 400, 'firstname');
		expect(state()).toEqual({ customers: 1, duplicateCreates: 0, events: 0 });
	});
});

describe('createCustomerCRUD', () => {
	test('creates with custom fields and channels: 204, read back', async () => {
		const answer = await post(`${CUSTOMER}/createCustomerCRUD`, {
			primaryID: 'crm-9',
			brandID: '3',
			firstname: 'Jan',
			lastname: 'Bos',
			custom_plan: 'gold',
			customerChannelType_0: 'email',
			customerChannelValue_0: 'jan@example.com',
			customerChannelType_1: 'telephone',
			customerChannelValue_1: '+3160000001',
			customerChannelType_2: 'email',
			customerChannelValue_2: 'JAN@example.com',
		});
		expect(answer).toEqual({ status: 204, body: undefined, text: '' });
		expect(await item(1)).toEqual({
			id: 1,
			external_primary_id: 'crm-9',
			brand_id: 3,
			brand_name: expect.any(String),
			firstname: 'Jan',
			lastname: 'Bos',
			custom_plan: 'gold',
			channels: [
				{ id: expect.any(Number), type: 'email', value: 'jan@example.com' },
				{ id: expect.any(Number), type: 'telephone', value: '+3160000001' },
			],
		});
	});
});

describe('get (GET /api/v2/customer/{id})', () => {
	test('a missing customer is 404; a non-numeric id is 400', async () => {
		await expectError(get(`${CUSTOMER}/1`), 404, 'not found');
		await expectError(get(`${CUSTOMER}/abc`), 400, 'id');
	});

	test('a seeded customer reads as generated', async () => {
		sim().seed(3);
		expect(await item(2)).toEqual({
			id: 2,
			external_primary_id: 'ext-2',
			brand_id: 1,
			brand_name: expect.any(String),
			firstname: expect.any(String),
			lastname: expect.any(String),
			channels: expect.arrayContaining([expect.objectContaining({ type: 'email', value: 'customer2@example.com' })]),
		});
	});
});

describe('update (PUT /api/v2/customer/{id})', () => {
	test('updates names, brand, custom fields and channels: 200 "Customer updated."', async () => {
		await create({ primary_id: 'crm-1', extra_email: 'a@example.com', custom_keep: 'yes' });
		const answer = await put(`${CUSTOMER}/1`, {
			brandID: '2',
			firstname: 'Renée',
			lastname: 'Müller',
			custom_testfield: 'text',
			customerChannelType_0: 'email',
			customerChannelValue_0: 'a@example.com',
			customerChannelType_1: 'twitter',
			customerChannelValue_1: 'renee_m',
		});
		expect(answer).toMatchObject({ status: 200, body: { message: 'Customer updated.', type: 'result' } });
		expect(await item(1)).toEqual({
			id: 1,
			external_primary_id: 'crm-1',
			brand_id: 2,
			brand_name: expect.any(String),
			firstname: 'Renée',
			lastname: 'Müller',
			custom_keep: 'yes',
			custom_testfield: 'text',
			channels: [
				{ id: expect.any(Number), type: 'email', value: 'a@example.com' },
				{ id: expect.any(Number), type: 'twitter', value: 'renee_m' },
			],
		});
		// Now found in brand 2, not in brand 1.
		expect((await post(`${CUSTOMER}/SearchByPrimaryExternalID`, { primary_id: 'crm-1', brand_id: '2' })).status).toBe(200);
		expect((await post(`${CUSTOMER}/SearchByPrimaryExternalID`, { primary_id: 'crm-1', brand_id: '1' })).status).toBe(204);
	});

	test('a seeded customer can be updated, and the index shows it', async () => {
		sim().seed(10);
		await put(`${CUSTOMER}/4`, { firstname: 'Xavier' });
		expect((await item(4)).firstname).toBe('Xavier');
		expect((await get(CUSTOMER, { query: 'xavier' })).body).toMatchObject({ itemTotal: 1, items: [{ id: 4, firstname: 'Xavier' }] });
	});

	test('a missing customer is 404', async () => {
		await expectError(put(`${CUSTOMER}/9`, { firstname: 'Anna' }), 404, 'not found');
	});
});

describe('update name (PUT /api/v2/customer)', () => {
	beforeEach(async () => {
		await create({ primary_id: 'crm-1', firstname: 'Anna' });
		await post(CUSTOMER, { primary_id: 'crm-1', brand_id: '2', firstname: 'Bert' });
	});

	test('by customerID: 204, read back with custom fields', async () => {
		const answer = await put(CUSTOMER, { customerID: '2', firstname: 'Berta', lastname: 'Smit', custom_testfield: 'x' });
		expect(answer).toEqual({ status: 204, body: undefined, text: '' });
		expect(await item(2)).toMatchObject({ firstname: 'Berta', lastname: 'Smit', custom_testfield: 'x' });
		expect((await item(1)).firstname).toBe('Anna');
	});

	test('by primaryID and brandID', async () => {
		expect((await put(CUSTOMER, { primaryID: 'crm-1', brandID: '2', lastname: 'Bakker' })).status).toBe(204);
		expect((await item(2)).lastname).toBe('Bakker');
		expect((await item(1)).lastname).toBe('');
	});

	test('by brandID alone: the brand’s first customer', async () => {
		expect((await put(CUSTOMER, { brandID: '2', lastname: 'Vos' })).status).toBe(204);
		expect((await item(2)).lastname).toBe('Vos');
	});

	test('no customer matches: 404', async () => {
		await expectError(put(CUSTOMER, { primaryID: 'crm-1', brandID: '7', firstname: 'X' }), 404, 'not found');
		await expectError(put(CUSTOMER, { customerID: '1', brandID: '2', firstname: 'X' }), 404, 'not found');
		await expectError(put(CUSTOMER, { customerID: '99', firstname: 'X' }), 404, 'not found');
	});
});

describe('updateCustomer (PUT /api/v2/customer/updateCustomer)', () => {
	test('finds by external primary ID and brand: 204, read back', async () => {
		await create({ primary_id: 'crm-1' });
		const answer = await put(`${CUSTOMER}/updateCustomer`, {
			externalPrimaryID: 'crm-1',
			brandID: '1',
			firstname: 'Iris',
			lastname: 'van Dijk',
			custom_testfield: 'text',
			customerChannelType_0: 'telephone',
			customerChannelValue_0: '+31699999999',
		});
		expect(answer.status).toBe(204);
		expect(await item(1)).toMatchObject({
			firstname: 'Iris',
			lastname: 'van Dijk',
			custom_testfield: 'text',
			channels: [{ type: 'telephone', value: '+31699999999' }],
		});
	});

	test('no match (or another brand): 404', async () => {
		await create({ primary_id: 'crm-1' });
		await expectError(put(`${CUSTOMER}/updateCustomer`, { externalPrimaryID: 'crm-2', firstname: 'X' }), 404, 'not found');
		await expectError(put(`${CUSTOMER}/updateCustomer`, { externalPrimaryID: 'crm-1', brandID: '2', firstname: 'X' }), 404, 'not found');
	});
});

describe('searches', () => {
	test('by primary external ID: 200 with the customer, 204 when none', async () => {
		sim().seed(20);
		const found = await post(`${CUSTOMER}/SearchByPrimaryExternalID`, { primary_id: 'ext-7', brand_id: '1' });
		expect(found).toMatchObject({ status: 200, body: { id: 7, external_primary_id: 'ext-7', brand_id: 1 } });
		expect(await post(`${CUSTOMER}/SearchByPrimaryExternalID`, { primary_id: 'ext-21' })).toEqual({ status: 204, body: undefined, text: '' });
		expect((await post(`${CUSTOMER}/SearchByPrimaryExternalID`, { primary_id: 'ext-7', brand_id: '2' })).status).toBe(204);
		expect((await post(`${CUSTOMER}/SearchByPrimaryExternalID`, { primary_id: 'ext-07' })).status).toBe(204);
	});

	test('by channel value: 200 with the customer, 204 when none', async () => {
		sim().seed(20);
		await create({ primary_id: 'crm-1', extra_email: 'new@example.com' });
		expect((await post(`${CUSTOMER}/SearchByCustomerChannelValue`, { customerChannelValue: 'customer5@example.com' })).body.id).toBe(5);
		expect((await post(`${CUSTOMER}/SearchByCustomerChannelValue`, { customerChannelValue: '+31600000005', brand_id: '1' })).body.id).toBe(5);
		expect((await post(`${CUSTOMER}/SearchByCustomerChannelValue`, { customerChannelValue: 'new@example.com' })).body.id).toBe(21);
		expect((await post(`${CUSTOMER}/SearchByCustomerChannelValue`, { customerChannelValue: 'customer25@example.com' })).status).toBe(204);
		expect((await post(`${CUSTOMER}/SearchByCustomerChannelValue`, { customerChannelValue: 'new@example.com', brand_id: '4' })).status).toBe(204);
	});
});

describe('addChannelOnly', () => {
	test('adds channels by customer_id, without duplicates: 204', async () => {
		await create({ primary_id: 'crm-1', extra_email: 'a@example.com' });
		const fields = { customer_id: '1', extra_email: 'a@example.com', extra_telephone: '+3161234', extra_twitter: 'anna_tw', extra_facebook: 'anna.fb', noSync: 'true' };
		expect(await post(`${CUSTOMER}/addChannelOnly`, fields)).toEqual({ status: 204, body: undefined, text: '' });
		expect(await post(`${CUSTOMER}/addChannelOnly`, fields)).toMatchObject({ status: 204 });
		expect((await item(1)).channels.map((c: { type: string; value: string }) => `${c.type}:${c.value}`)).toEqual([
			'email:a@example.com',
			'telephone:+3161234',
			'twitter:anna_tw',
			'facebook:anna.fb',
		]);
	});

	test('adds by primary_id and brand_id, to a seeded customer', async () => {
		sim().seed(3);
		expect((await post(`${CUSTOMER}/addChannelOnly`, { primary_id: 'ext-2', brand_id: '1', extra_email: 'more@example.com' })).status).toBe(204);
		expect((await item(2)).channels).toHaveLength(3);
		expect((await post(`${CUSTOMER}/SearchByCustomerChannelValue`, { customerChannelValue: 'more@example.com' })).body.id).toBe(2);
	});

	test('an unknown customer is 404', async () => {
		await expectError(post(`${CUSTOMER}/addChannelOnly`, { customer_id: '5', extra_email: 'a@example.com' }), 404, 'not found');
		await expectError(post(`${CUSTOMER}/addChannelOnly`, { primary_id: 'nobody', extra_email: 'a@example.com' }), 404, 'not found');
	});
});

describe('timeline and external events', () => {
	test('events are appended in order and read back; ticket_history adds tickets', async () => {
		await create({ primary_id: 'crm-1' });
		expect(
			await post(`${CUSTOMER}/externalEvent`, { external_id: 'crm-1', brand_id: '1', initiated_by: 'Webshop', message: 'Order 1 placed', source_url: 'https://shop.example.com/1' }),
		).toEqual({ status: 204, body: undefined, text: '' });
		expect((await post(`${CUSTOMER}/externalEvent`, { customer_id: '1', brand_id: '1', initiated_by: 'Mailer', message: 'Newsletter sent' })).status).toBe(204);
		expect(state().events).toBe(2);

		const timeline = await get(`${CUSTOMER}/timelineByCustomerExternalID`, { brand_id: '1', external_id: 'crm-1' });
		expect(timeline.status).toBe(200);
		expect(timeline.body).toEqual({
			type: 'result',
			items: [
				expect.objectContaining({ customer_id: 1, brand_id: 1, initiated_by: 'Webshop', message: 'Order 1 placed', source_url: 'https://shop.example.com/1' }),
				expect.objectContaining({ customer_id: 1, initiated_by: 'Mailer', message: 'Newsletter sent', source_url: null }),
			],
		});
		const history = await get(`${CUSTOMER}/timelineByCustomerExternalID`, { brand_id: '1', external_id: 'crm-1', ticket_history: '' });
		expect(history.body).toEqual({ ...timeline.body, tickets: [] });
	});

	test('an empty timeline, and 404 for an unknown customer or brand', async () => {
		sim().seed(2);
		expect((await get(`${CUSTOMER}/timelineByCustomerExternalID`, { brand_id: '1', external_id: 'ext-2' })).body).toEqual({ type: 'result', items: [] });
		await expectError(get(`${CUSTOMER}/timelineByCustomerExternalID`, { brand_id: '1', external_id: 'ext-3' }), 404, 'not found');
		await expectError(get(`${CUSTOMER}/timelineByCustomerExternalID`, { brand_id: '2', external_id: 'ext-2' }), 404, 'not found');
	});

	test('an event for an unknown customer is 404 and not stored', async () => {
		await expectError(post(`${CUSTOMER}/externalEvent`, { external_id: 'nobody', brand_id: '1', initiated_by: 'X', message: 'Y' }), 404, 'not found');
		await expectError(post(`${CUSTOMER}/externalEvent`, { customer_id: '3', brand_id: '1', initiated_by: 'X', message: 'Y' }), 404, 'not found');
		expect(state().events).toBe(0);
	});
});

describe('syncWithCRM', () => {
	test('answers 204 and changes nothing', async () => {
		sim().seed(2);
		expect(await post(`${CUSTOMER}/syncWithCRM`, { brandID: '1', channel: 'phoneNumber', address: '+31600000001' })).toEqual({ status: 204, body: undefined, text: '' });
		expect(state()).toEqual({ customers: 2, duplicateCreates: 0, events: 0 });
	});
});

describe('deletes', () => {
	test('DELETE item: 204, then gone from get, index and searches; again 404', async () => {
		sim().seed(3);
		await create({ primary_id: 'crm-1' });
		expect(await del(`${CUSTOMER}/2`)).toEqual({ status: 204, body: undefined, text: '' });
		expect(await del(`${CUSTOMER}/4`)).toMatchObject({ status: 204 });
		await expectError(get(`${CUSTOMER}/2`), 404, 'not found');
		await expectError(del(`${CUSTOMER}/2`), 404, 'not found');
		expect((await get(CUSTOMER)).body).toMatchObject({ itemTotal: 2, items: [{ id: 1 }, { id: 3 }] });
		expect((await post(`${CUSTOMER}/SearchByPrimaryExternalID`, { primary_id: 'ext-2' })).status).toBe(204);
		expect((await post(`${CUSTOMER}/SearchByPrimaryExternalID`, { primary_id: 'crm-1' })).status).toBe(204);
		expect((await post(`${CUSTOMER}/SearchByCustomerChannelValue`, { customerChannelValue: 'customer2@example.com' })).status).toBe(204);
		expect(state().customers).toBe(2);
		// The primary ID is free again.
		expect((await create({ primary_id: 'crm-1' })).status).toBe(200);
	});

	test('DELETE channel: 204; 404 for an unknown channel or customer', async () => {
		await create({ primary_id: 'crm-1', extra_email: 'a@example.com', extra_telephone: '+3161' });
		const [email, telephone] = (await item(1)).channels;
		expect(await del(`${CUSTOMER}/1/channel/${email.id}`)).toEqual({ status: 204, body: undefined, text: '' });
		expect((await item(1)).channels).toEqual([telephone]);
		await expectError(del(`${CUSTOMER}/1/channel/${email.id}`), 404, 'Channel not found');
		await expectError(del(`${CUSTOMER}/2/channel/${telephone.id}`), 404, 'Customer not found');
		sim().seed(2);
		expect((await del(`${CUSTOMER}/2/channel/3`)).status).toBe(204);
		expect((await item(2)).channels.map((c: { id: number }) => c.id)).toEqual([4]);
	});

	test('purge by externalPrimaryID and brandID: 204, customer and events gone', async () => {
		await create({ primary_id: 'crm-1' });
		await post(`${CUSTOMER}/externalEvent`, { external_id: 'crm-1', brand_id: '1', initiated_by: 'X', message: 'Y' });
		await expectError(del(`${CUSTOMER}/purgedata`, { externalPrimaryID: 'crm-1', brandID: '2' }), 404, 'not found');
		expect(await del(`${CUSTOMER}/purgedata`, { externalPrimaryID: 'crm-1', brandID: '1' })).toEqual({ status: 204, body: undefined, text: '' });
		expect(state()).toEqual({ customers: 0, duplicateCreates: 0, events: 0 });
		await expectError(del(`${CUSTOMER}/purgedata`, { externalPrimaryID: 'crm-1', brandID: '1' }), 404, 'not found');
	});

	test('purge by customerID', async () => {
		sim().seed(3);
		expect((await del(`${CUSTOMER}/purgedata`, { customerID: '3' })).status).toBe(204);
		await expectError(get(`${CUSTOMER}/3`), 404, 'not found');
		await expectError(del(`${CUSTOMER}/purgedata`, { customerID: '3' }), 404, 'not found');
		await expectError(del(`${CUSTOMER}/purgedata`, { customerID: '1', externalPrimaryID: 'ext-2' }), 404, 'not found');
		expect(state().customers).toBe(2);
	});
});

describe('validation: 400 naming the field', () => {
	beforeEach(() => sim().seed(3));

	const cases: Array<[string, () => Promise<Answer>, string]> = [
		['create: firstname', () => create({ primary_id: 'n', firstname: 'B0b' }), 'firstname'],
		['create: lastname', () => create({ primary_id: 'n', lastname: 'Smith<script>' }), 'lastname'],
		['create: extra_telephone', () => create({ primary_id: 'n', extra_telephone: '0612345678' }), 'extra_telephone'],
		['create: extra_email', () => create({ primary_id: 'n', extra_email: 'not-an-email' }), 'extra_email'],
		['create: channel_id pattern', () => create({ primary_id: 'n', channel_id: 'sms', customer_link_channel: '+316' }), 'channel_id'],
		['create: channel_id without customer_link_channel', () => create({ primary_id: 'n', channel_id: 'email' }), 'channel_id'],
		['create: telephone link', () => create({ primary_id: 'n', channel_id: 'telephone', customer_link_channel: '0612' }), 'customer_link_channel'],
		['create: twitter link', () => create({ primary_id: 'n', channel_id: 'twitter', customer_link_channel: 'a-b' }), 'customer_link_channel'],
		['create: brand_id', () => create({ primary_id: 'n', brand_id: 'one' }), 'brand_id'],
		['create: ticket_id', () => create({ primary_id: 'n', ticket_id: '1.5' }), 'ticket_id'],
		['create: no primary_id', () => create({ firstname: 'Anna' }), 'primary_id'],
		['CRUD: primaryID', () => post(`${CUSTOMER}/createCustomerCRUD`, { firstname: 'Anna' }), 'primaryID'],
		['CRUD: brandID', () => post(`${CUSTOMER}/createCustomerCRUD`, { primaryID: 'n', brandID: '-1' }), 'brandID'],
		['CRUD: firstname', () => post(`${CUSTOMER}/createCustomerCRUD`, { primaryID: 'n', firstname: 'A_b' }), 'firstname'],
		['CRUD: channel type without value', () => post(`${CUSTOMER}/createCustomerCRUD`, { primaryID: 'n', customerChannelType_0: 'email' }), 'customerChannelValue_0'],
		['PUT item: channel type without value', () => put(`${CUSTOMER}/1`, { customerChannelType_0: 'email' }), 'customerChannelValue_0'],
		['PUT item: channel value without type', () => put(`${CUSTOMER}/1`, { customerChannelValue_1: 'a@example.com' }), 'customerChannelType_1'],
		['PUT item: channel type pattern', () => put(`${CUSTOMER}/1`, { customerChannelType_0: 'sms', customerChannelValue_0: 'x' }), 'customerChannelType_0'],
		['PUT item: telephone channel value', () => put(`${CUSTOMER}/1`, { customerChannelType_0: 'telephone', customerChannelValue_0: '0612' }), 'customerChannelValue_0'],
		['PUT item: brandID', () => put(`${CUSTOMER}/1`, { brandID: 'x', firstname: 'Anna' }), 'brandID'],
		['PUT item: firstname', () => put(`${CUSTOMER}/1`, { firstname: 'Anna!' }), 'firstname'],
		['PUT item: path id', () => put(`${CUSTOMER}/1x`, { firstname: 'Anna' }), 'id'],
		['GET item: path id', () => get(`${CUSTOMER}/-1`), 'id'],
		['DELETE item: path id', () => del(`${CUSTOMER}/one`), 'id'],
		['DELETE channel: customer id', () => del(`${CUSTOMER}/x/channel/1`), 'id'],
		['DELETE channel: channel id', () => del(`${CUSTOMER}/1/channel/x`), 'channelId'],
		['PUT index: no identifier', () => put(CUSTOMER, { firstname: 'Anna' }), 'primaryID, brandID or customerID'],
		['PUT index: customerID', () => put(CUSTOMER, { customerID: 'x', firstname: 'Anna' }), 'customerID'],
		['PUT index: brandID', () => put(CUSTOMER, { brandID: '1.0', firstname: 'Anna' }), 'brandID'],
		['PUT index: lastname', () => put(CUSTOMER, { customerID: '1', lastname: 'M@ller' }), 'lastname'],
		['updateCustomer: externalPrimaryID', () => put(`${CUSTOMER}/updateCustomer`, { firstname: 'Anna' }), 'externalPrimaryID'],
		['updateCustomer: lastname', () => put(`${CUSTOMER}/updateCustomer`, { externalPrimaryID: 'ext-1', lastname: '1' }), 'lastname'],
		['updateCustomer: channel pair', () => put(`${CUSTOMER}/updateCustomer`, { externalPrimaryID: 'ext-1', customerChannelType_3: 'twitter' }), 'customerChannelValue_3'],
		['search primary: primary_id', () => post(`${CUSTOMER}/SearchByPrimaryExternalID`, { brand_id: '1' }), 'primary_id'],
		['search primary: brand_id', () => post(`${CUSTOMER}/SearchByPrimaryExternalID`, { primary_id: 'ext-1', brand_id: 'x' }), 'brand_id'],
		['search channel: customerChannelValue', () => post(`${CUSTOMER}/SearchByCustomerChannelValue`, { brand_id: '1' }), 'customerChannelValue'],
		['addChannelOnly: extra_twitter', () => post(`${CUSTOMER}/addChannelOnly`, { customer_id: '1', extra_twitter: 'bad-name!' }), 'extra_twitter'],
		['addChannelOnly: extra_telephone', () => post(`${CUSTOMER}/addChannelOnly`, { customer_id: '1', extra_telephone: '12345' }), 'extra_telephone'],
		['addChannelOnly: customer_id', () => post(`${CUSTOMER}/addChannelOnly`, { customer_id: 'x', extra_email: 'a@example.com' }), 'customer_id'],
		['addChannelOnly: brand_id', () => post(`${CUSTOMER}/addChannelOnly`, { primary_id: 'ext-1', brand_id: 'b', extra_email: 'a@example.com' }), 'brand_id'],
		['addChannelOnly: no customer', () => post(`${CUSTOMER}/addChannelOnly`, { extra_email: 'a@example.com' }), 'customer_id or primary_id'],
		['addChannelOnly: no channel', () => post(`${CUSTOMER}/addChannelOnly`, { customer_id: '1' }), 'extra_email'],
		['timeline: brand_id', () => get(`${CUSTOMER}/timelineByCustomerExternalID`, { external_id: 'ext-1' }), 'brand_id'],
		['timeline: brand_id number', () => get(`${CUSTOMER}/timelineByCustomerExternalID`, { brand_id: 'x', external_id: 'ext-1' }), 'brand_id'],
		['timeline: external_id', () => get(`${CUSTOMER}/timelineByCustomerExternalID`, { brand_id: '1' }), 'external_id'],
		['event: message', () => post(`${CUSTOMER}/externalEvent`, { external_id: 'ext-1', brand_id: '1', initiated_by: 'X' }), 'message'],
		['event: no customer', () => post(`${CUSTOMER}/externalEvent`, { brand_id: '1', initiated_by: 'X', message: 'Y' }), 'customer_id or external_id'],
		['event: customer_id', () => post(`${CUSTOMER}/externalEvent`, { customer_id: '1a', brand_id: '1', initiated_by: 'X', message: 'Y' }), 'customer_id'],
		['sync: brandID', () => post(`${CUSTOMER}/syncWithCRM`, { channel: 'phoneNumber', address: '+316' }), 'brandID'],
		['sync: brandID number', () => post(`${CUSTOMER}/syncWithCRM`, { brandID: 'x', channel: 'phoneNumber', address: '+316' }), 'brandID'],
		['sync: channel', () => post(`${CUSTOMER}/syncWithCRM`, { brandID: '1', address: '+316' }), 'channel'],
		['sync: address', () => post(`${CUSTOMER}/syncWithCRM`, { brandID: '1', channel: 'phoneNumber' }), 'address'],
		['purge: no identifier', () => del(`${CUSTOMER}/purgedata`, { brandID: '1' }), 'externalPrimaryID or customerID'],
		['purge: brandID', () => del(`${CUSTOMER}/purgedata`, { externalPrimaryID: 'ext-1', brandID: 'x' }), 'brandID'],
		['purge: customerID', () => del(`${CUSTOMER}/purgedata`, { customerID: 'x' }), 'customerID'],
		['index: query', () => get(CUSTOMER, { query: 'a-b' }), 'query'],
		['index: itemStart negative', () => get(CUSTOMER, { itemStart: '-1' }), 'itemStart'],
		['index: itemStart text', () => get(CUSTOMER, { itemStart: 'x' }), 'itemStart'],
		['index: itemLimit 100', () => get(CUSTOMER, { itemLimit: '100' }), 'itemLimit'],
		['index: itemLimit 0', () => get(CUSTOMER, { itemLimit: '0' }), 'itemLimit'],
		['index: itemLimit fraction', () => get(CUSTOMER, { itemLimit: '1.5' }), 'itemLimit'],
	];

	test.each(cases)('%s', async (_, send, fragment) => {
		await expectError(send(), 400, fragment);
		expect(state()).toEqual({ customers: 3, duplicateCreates: 0, events: 0 });
		expect(await item(1)).toMatchObject({ firstname: 'Anna', lastname: 'de Vries', channels: expect.any(Array) });
		expect((await item(1)).channels).toHaveLength(2);
	});

	test('every problem of a request is named', async () => {
		const { body } = await create({ primary_id: 'n', firstname: 'B0b', lastname: 'x1', extra_telephone: '06' });
		expect(body.message).toEqual(expect.stringContaining('firstname'));
		expect(body.message).toEqual(expect.stringContaining('lastname'));
		expect(body.message).toEqual(expect.stringContaining('extra_telephone'));
	});
});

describe('index paging (seeded 250)', () => {
	beforeEach(() => sim().seed(250));

	test('defaults: itemStart 0, itemLimit 15', async () => {
		const { status, body } = await get(CUSTOMER);
		expect(status).toBe(200);
		expect(body).toMatchObject({ type: 'result', itemStart: 0, itemTotal: 250, itemLimit: 15 });
		expect(body.items.map((c: { id: number }) => c.id)).toEqual(Array.from({ length: 15 }, (_, k) => k + 1));
		expect(Object.keys(body.items[0]).sort()).toEqual(['brand_name', 'channels', 'external_primary_id', 'firstname', 'id', 'lastname']);
	});

	test('pages of 99 cover every customer once, in id order', async () => {
		expect(await allIds()).toEqual(Array.from({ length: 250 }, (_, k) => k + 1));
		const last = await get(CUSTOMER, { itemStart: '198', itemLimit: '99' });
		expect(last.body).toMatchObject({ itemStart: 198, itemTotal: 250, itemLimit: 99 });
		expect(last.body.items).toHaveLength(52);
		const beyond = await get(CUSTOMER, { itemStart: '300', itemLimit: '10' });
		expect(beyond.body).toMatchObject({ itemStart: 300, itemTotal: 250, items: [] });
		expect((await get(CUSTOMER, { itemStart: '10', itemLimit: '1' })).body.items).toEqual([expect.objectContaining({ id: 11, external_primary_id: 'ext-11' })]);
	});

	test('itemLimit 99 is allowed, 100 is not', async () => {
		expect((await get(CUSTOMER, { itemLimit: '99' })).body.items).toHaveLength(99);
		await expectError(get(CUSTOMER, { itemLimit: '100' }), 400, 'itemLimit');
	});

	test('every generated name matches Omnidesk’s name pattern', async () => {
		const names: string[] = [];
		for (let start = 0; start < 250; start += 99) {
			const { body } = await get(CUSTOMER, { itemStart: String(start), itemLimit: '99' });
			for (const customer of body.items) names.push(customer.firstname, customer.lastname);
		}
		expect(names).toHaveLength(500);
		expect(names.filter((name) => !OMNIDESK_RULES.name.accepts(name))).toEqual([]);
	});

	test('query filters case-insensitively on names, external ID and channel values; itemTotal counts the filtered set', async () => {
		const everyone: Array<{ id: number; firstname: string; lastname: string; external_primary_id: string; channels: Array<{ value: string }> }> = [];
		for (let start = 0; start < 250; start += 99) everyone.push(...(await get(CUSTOMER, { itemStart: String(start), itemLimit: '99' })).body.items);
		const expected = (query: string) =>
			everyone
				.filter((c) =>
					[c.firstname, c.lastname, `${c.firstname} ${c.lastname}`, c.external_primary_id, ...c.channels.map((ch) => ch.value)].some((text) =>
						text.toLowerCase().includes(query.toLowerCase()),
					),
				)
				.map((c) => c.id);

		for (const query of ['anna', 'ANNA', 'Jansen', 'Anna Jansen', 'customer12', 'ext 1', '2', 'zzz']) {
			const ids = await allIds(query, 7);
			expect({ query, ids }).toEqual({ query, ids: expected(query) });
			expect((await get(CUSTOMER, { query })).body.itemTotal).toBe(ids.length);
		}
		expect(await allIds('customer12')).toEqual([12, 120, 121, 122, 123, 124, 125, 126, 127, 128, 129]);
		expect((await get(CUSTOMER, { query: 'ext' })).body.itemTotal).toBe(250);
		expect((await get(CUSTOMER, { query: 'zzz' })).body).toMatchObject({ itemTotal: 0, items: [] });
	});

	test('itemTotal follows creates and deletes', async () => {
		await create({ primary_id: 'crm-1', firstname: 'Quentin' });
		await del(`${CUSTOMER}/10`);
		const { body } = await get(CUSTOMER, { itemStart: '245', itemLimit: '99' });
		expect(body.itemTotal).toBe(250);
		expect(body.items.map((c: { id: number }) => c.id)).toEqual([247, 248, 249, 250, 251]);
		expect((await get(CUSTOMER, { query: 'quentin' })).body).toMatchObject({ itemTotal: 1, items: [{ id: 251, external_primary_id: 'crm-1' }] });
	});
});

describe('seed and reset', () => {
	test('seed(50000) takes well under a second and little memory, and every customer is there', async () => {
		const heap = process.memoryUsage().heapUsed;
		const started = performance.now();
		sim().seed(50_000);
		const elapsed = performance.now() - started;
		const grown = process.memoryUsage().heapUsed - heap;
		expect(elapsed).toBeLessThan(100);
		expect(grown).toBeLessThan(10 * 1024 * 1024);
		expect(state()).toEqual({ customers: 50_000, duplicateCreates: 0, events: 0 });

		const listed = performance.now();
		const page = await get(CUSTOMER, { itemStart: '49990', itemLimit: '99' });
		expect(page.body.itemTotal).toBe(50_000);
		expect(page.body.items.map((c: { id: number }) => c.id)).toEqual(Array.from({ length: 10 }, (_, k) => 49_991 + k));
		const searched = await get(CUSTOMER, { query: 'customer49999' });
		expect(searched.body).toMatchObject({ itemTotal: 1, items: [{ id: 49_999 }] });
		expect(performance.now() - listed).toBeLessThan(1000);

		expect((await post(`${CUSTOMER}/SearchByPrimaryExternalID`, { primary_id: 'ext-50000', brand_id: '1' })).body.id).toBe(50_000);
		expect((await post(`${CUSTOMER}/SearchByCustomerChannelValue`, { customerChannelValue: 'customer31337@example.com' })).body.id).toBe(31_337);
		await expectError(get(`${CUSTOMER}/50001`), 404, 'not found');
		await create({ primary_id: 'crm-new' });
		expect((await item(50_001)).external_primary_id).toBe('crm-new');
	});

	test('seeding replaces the state; reset empties it', async () => {
		await create({ primary_id: 'crm-1' });
		await create({ primary_id: 'crm-1' });
		sim().seed(4);
		expect(state()).toEqual({ customers: 4, duplicateCreates: 0, events: 0 });
		expect((await item(1)).external_primary_id).toBe('ext-1');
		sandbox.reset();
		expect(state()).toEqual({ customers: 0, duplicateCreates: 0, events: 0 });
		expect((await get(CUSTOMER)).body).toMatchObject({ itemTotal: 0, items: [] });
	});

	test('the control API seeds and reports the state', async () => {
		const seeded = await fetch(`${url}/_sandbox/seed`, { method: 'POST', body: JSON.stringify({ count: 12 }) });
		expect(await seeded.json()).toEqual({ seeded: 12, provider: 'omnidesk' });
		const all = (await (await fetch(`${url}/_sandbox/state`)).json()) as Record<string, unknown>;
		expect(all.omnidesk).toEqual({ customers: 12, duplicateCreates: 0, events: 0 });
	});
});

describe('the Omnidesk node against the sandbox', () => {
	const node = (parameters: IDataObject) =>
		runNode({
			type: 'omnidesk',
			parameters: { resource: 'customer', ...parameters } as never,
			credentials: { omnideskApi: { apiKey: KEY, baseUrl: `${url}/omnidesk` } },
		});
	const ok = async (parameters: IDataObject) => {
		const result = await node(parameters);
		expect({ operation: parameters.operation, error: result.error }).toEqual({ operation: parameters.operation, error: undefined });
		return result.items.map((entry) => entry.json);
	};

	test('every operation runs against the sandbox and changes its state as expected', async () => {
		sim().seed(250);
		expect(await ok({ operation: 'getAll', returnAll: true })).toHaveLength(250);
		expect(await ok({ operation: 'getAll', returnAll: true, filters: { query: 'Anna' } })).toHaveLength(13);

		await ok({
			operation: 'create',
			primaryId: 'crm-1',
			brandId: '1',
			additionalFields: { channelId: 'email', customerLinkChannel: 'anna@example.com', firstName: 'Anna', lastName: 'Jansen', extraTelephone: '+31612345678' },
		});
		const [found] = await ok({ operation: 'searchByExternalId', primaryId: 'crm-1', brandId: '1' });
		expect(found).toMatchObject({ id: 251, firstname: 'Anna', lastname: 'Jansen' });
		expect(await ok({ operation: 'searchByChannelValue', channelValue: 'anna@example.com' })).toEqual([expect.objectContaining({ id: 251 })]);
		expect(await ok({ operation: 'searchByExternalId', primaryId: 'nobody' })).toEqual([expect.objectContaining({ found: false })]);

		await ok({ operation: 'createCrud', primaryId: 'crm-2', brandId: '1', additionalFields: { firstName: 'Bram' } });
		await ok({ operation: 'update', customerId: '251', updateFields: { firstName: 'Annie' } });
		await ok({ operation: 'updateByExternalId', externalPrimaryId: 'crm-2', brandId: '1', updateFields: { lastName: 'Bos' } });
		await ok({ operation: 'updateName', customerId: '1', firstName: 'Eerste' });
		await ok({ operation: 'addChannel', customerId: '251', channelsToAdd: { extraTwitter: 'annie_tw' } });
		await ok({ operation: 'createExternalEvent', externalId: 'crm-1', brandId: '1', message: 'Order 1 placed', additionalFields: { initiatedBy: 'Webshop' } });
		expect(await ok({ operation: 'getTimeline', externalId: 'crm-1', brandId: '1', includeTicketHistory: true })).toEqual([
			expect.objectContaining({ message: 'Order 1 placed', initiated_by: 'Webshop' }),
		]);
		await ok({ operation: 'syncWithCrm', brandId: '1', channel: 'phoneNumber', address: '+31612345678' });

		const [annie] = await ok({ operation: 'get', customerId: '251' });
		expect(annie).toMatchObject({ firstname: 'Annie', lastname: 'Jansen' });
		const twitter = (annie.channels as Array<{ id: number; type: string }>).find((channel) => channel.type === 'twitter')!;
		await ok({ operation: 'deleteChannel', customerId: '251', channelId: String(twitter.id) });
		expect(((await item(251)).channels as unknown[]).length).toBe(2);
		expect((await item(252)).lastname).toBe('Bos');
		expect((await item(1)).firstname).toBe('Eerste');

		await ok({ operation: 'delete', customerId: '2' });
		await ok({ operation: 'purgeData', externalPrimaryId: 'crm-1', brandId: '1' });
		expect(state()).toEqual({ customers: 250, duplicateCreates: 0, events: 0 });

		// A create the sandbox refuses surfaces as the node's error, with Omnidesk's message.
		const duplicate = await node({ operation: 'create', primaryId: 'crm-2', brandId: '1' });
		expect(duplicate.error?.message ?? '').toBeTruthy();
		expect(JSON.stringify(duplicate.error)).toContain('A customer with this primary ID already exists');
		expect(state().duplicateCreates).toBe(1);
	});
});

test('an external event needs only the customer and the message, as documented', async () => {
	const sandbox = new Sandbox({ omnideskCustomers: 2 });
	const url = await sandbox.start();
	try {
		const form = new FormData();
		form.set('external_id', 'ext-1');
		form.set('message', 'Order shipped');
		const response = await fetch(`${url}/omnidesk/api/v2/customer/externalEvent`, { method: 'POST', headers: { apikey: 'sandbox-omnidesk-key' }, body: form });
		expect(response.status).toBe(204);
		const timeline = await fetch(`${url}/omnidesk/api/v2/customer/timelineByCustomerExternalID?brand_id=1&external_id=ext-1`, { headers: { apikey: 'sandbox-omnidesk-key' } });
		expect(((await timeline.json()) as { items: unknown[] }).items).toEqual([expect.objectContaining({ message: 'Order shipped', initiated_by: null, brand_id: 1 })]);
		// A reset brings back the customers generated at start-up.
		sandbox.reset();
		expect(sandbox.sims.omnidesk.state()).toMatchObject({ customers: 2, events: 0 });
	} finally {
		await sandbox.stop();
	}
});
