import type { IDataObject } from 'n8n-workflow';

import { ApiServer, type Reply } from './helpers/api-server';
import { RawServer } from './helpers/raw-server';
import { reportedErrors, runNode } from './helpers/run-node';

const api = new ApiServer();
let baseUrl: string;
const TOKEN = 'hyfin-token-9d41e7c2';
const SITE = 'site-1';
const ADD_UPDATE = '/api/v3.1/site/site-1/customer/addUpdate';

const raw = new RawServer({ success: true, action: 'updated', _id: 'raw-id' });
let rawUrl: string;

beforeAll(async () => {
	baseUrl = await api.start();
	rawUrl = await raw.start();
});
afterAll(async () => {
	await api.stop();
	await raw.stop();
});

interface RunExtras {
	items?: IDataObject[];
	onError?: 'continueRegularOutput' | 'continueErrorOutput';
	credentials?: IDataObject;
}

function hyfin(parameters: IDataObject, extras: RunExtras = {}) {
	return runNode({
		type: 'hyfin',
		parameters: { resource: 'customer', ...parameters } as never,
		credentials: { hyfinApi: { baseUrl, siteId: SITE, accessToken: TOKEN, ...extras.credentials } as never },
		items: extras.items,
		onError: extras.onError,
	});
}

const ADDED: Reply = { status: 200, body: { success: true, action: 'added', _id: '60f720d248f143332af022e0' } };
const UPDATED: Reply = { status: 200, body: { success: true, action: 'updated', _id: '60f720d248f143332af022e0' } };
const REFUSED: Reply = { status: 200, body: { success: false, errors: ['invalid field2', 'missing field_name'] } };

/** The documented sample request, as the node's parameters. */
const SAMPLE = {
	operation: 'addUpdate',
	externalId: '39772634',
	firstName: 'John',
	lastName: 'Doe',
	active: true,
	additionalFields: { accountName: '', mobilePhone: '111-222-3333', email: 'johndoe@abc.com', notes: "World's best customer" },
	notificationOptions: { notifyPhone: true, notifyEmail: true },
};

const paired = (items: Array<{ pairedItem?: unknown }>) => items.map((item) => (item.pairedItem as { item: number }).item);

describe('Add or Update', () => {
	test('sends the documented sample request exactly and outputs the documented answer', async () => {
		api.reset(() => ADDED);
		const result = await hyfin(SAMPLE);
		expect(result.error).toBeUndefined();
		expect(api.received).toHaveLength(1);
		const [request] = api.received;
		expect(request.method).toBe('POST');
		expect(request.path).toBe(ADD_UPDATE);
		expect(request.query).toEqual({});
		expect(request.headers['x-access-token']).toBe(TOKEN);
		expect(request.headers['content-type']).toBe('application/json');
		// The sample, without the empty account_name: an empty field is not sent, so an update keeps Hyfin's value.
		const expected = {
			external_id: '39772634',
			first_name: 'John',
			last_name: 'Doe',
			mobile_phone: '111-222-3333',
			email: 'johndoe@abc.com',
			notes: "World's best customer",
			active: true,
			notification_options: { notify_phone: true, notify_email: true },
		};
		expect(request.json).toEqual(expected);
		// Key order as documented, byte for byte.
		expect(request.rawBody).toBe(JSON.stringify(expected));
		expect(result.items).toEqual([
			{ json: { externalId: '39772634', success: true, action: 'added', _id: '60f720d248f143332af022e0' }, pairedItem: { item: 0 } },
		]);
	});

	test('an "updated" answer is output as such', async () => {
		api.reset(() => UPDATED);
		const result = await hyfin(SAMPLE);
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json)).toEqual([
			{ externalId: '39772634', success: true, action: 'updated', _id: '60f720d248f143332af022e0' },
		]);
	});

	test('an account name is sent between last_name and mobile_phone; text is trimmed', async () => {
		api.reset(() => ADDED);
		await hyfin({
			...SAMPLE,
			externalId: ' 39772634 ',
			additionalFields: { ...SAMPLE.additionalFields, accountName: '  ABC Company ' },
		});
		expect(api.received[0].rawBody).toBe(
			JSON.stringify({
				external_id: '39772634',
				first_name: 'John',
				last_name: 'Doe',
				account_name: 'ABC Company',
				mobile_phone: '111-222-3333',
				email: 'johndoe@abc.com',
				notes: "World's best customer",
				active: true,
				notification_options: { notify_phone: true, notify_email: true },
			}),
		);
	});

	test('only the required fields and active: true when nothing optional is given', async () => {
		api.reset(() => ADDED);
		const result = await hyfin({ operation: 'addUpdate', externalId: 'c-1', firstName: 'Ann', lastName: 'Lee' });
		expect(result.error).toBeUndefined();
		expect(api.received[0].rawBody).toBe(JSON.stringify({ external_id: 'c-1', first_name: 'Ann', last_name: 'Lee', active: true }));
	});

	test('empty optional fields are left out; Active off is sent as false', async () => {
		api.reset(() => UPDATED);
		await hyfin({
			operation: 'addUpdate',
			externalId: 'c-1',
			firstName: 'Ann',
			lastName: 'Lee',
			active: false,
			additionalFields: { accountName: '', email: ' ', mobilePhone: '', notes: '' },
		});
		expect(api.received[0].rawBody).toBe(JSON.stringify({ external_id: 'c-1', first_name: 'Ann', last_name: 'Lee', active: false }));
	});

	test('no notification_options when the user added none, even with an empty collection', async () => {
		api.reset(() => UPDATED);
		await hyfin({
			operation: 'addUpdate',
			externalId: 'c-1',
			firstName: 'Ann',
			lastName: 'Lee',
			additionalFields: { email: 'ann@example.com' },
			notificationOptions: {},
		});
		expect(api.received[0].json).toEqual({ external_id: 'c-1', first_name: 'Ann', last_name: 'Lee', email: 'ann@example.com', active: true });
		expect(api.received[0].json).not.toHaveProperty('notification_options');
	});

	test.each([
		[{ notifyEmail: true }, { email: 'ann@example.com' }, { notify_email: true }],
		[{ notifyPhone: true }, { mobilePhone: '+1 (416) 555-0199' }, { notify_phone: true }],
		// Turning a notification off needs no address.
		[{ notifyPhone: false }, {}, { notify_phone: false }],
		[{ notifyEmail: false }, {}, { notify_email: false }],
		[{ notifyPhone: false, notifyEmail: true }, { email: 'ann@example.com' }, { notify_phone: false, notify_email: true }],
	])('notification_options carries only what the user set: %j', async (notificationOptions, additionalFields, sent) => {
		api.reset(() => UPDATED);
		const result = await hyfin({ operation: 'addUpdate', externalId: 'c-1', firstName: 'Ann', lastName: 'Lee', additionalFields, notificationOptions });
		expect(result.error).toBeUndefined();
		const body = api.received[0].json as IDataObject;
		expect(body.notification_options).toEqual(sent);
		expect(Object.keys(body.notification_options as IDataObject)).toEqual(Object.keys(sent));
		expect(Object.keys(body).pop()).toBe('notification_options');
	});

	test('a numeric external ID from an expression is sent as text', async () => {
		api.reset(() => ADDED);
		const result = await hyfin(
			{ operation: 'addUpdate', externalId: '={{$json.id}}', firstName: '={{$json.first}}', lastName: 'Doe' },
			{ items: [{ id: 39772634, first: 'John' }] },
		);
		expect(api.received[0].json).toEqual({ external_id: '39772634', first_name: 'John', last_name: 'Doe', active: true });
		expect(result.items[0].json.externalId).toBe('39772634');
	});
});

describe('the site and the IDs in the path', () => {
	test('Options › Site ID overrides the credential', async () => {
		api.reset(() => ADDED);
		const result = await hyfin({ ...SAMPLE, options: { siteId: 'site-2' } });
		expect(result.error).toBeUndefined();
		expect(api.received.map((r) => r.path)).toEqual(['/api/v3.1/site/site-2/customer/addUpdate']);
		api.reset(() => ({ body: { external_id: 'c-1' } }));
		await hyfin({ operation: 'get', externalId: 'c-1', options: { siteId: 'site-3' } });
		expect(api.received.map((r) => r.path)).toEqual(['/api/v3.1/site/site-3/customer/c-1']);
	});

	test('the override works when the credential has no site ID; a blank override falls back to the credential', async () => {
		api.reset(() => ADDED);
		expect((await hyfin({ ...SAMPLE, options: { siteId: 'site-2' } }, { credentials: { siteId: '' } })).error).toBeUndefined();
		expect((await hyfin({ ...SAMPLE, options: { siteId: '  ' } })).error).toBeUndefined();
		expect(api.received.map((r) => r.path)).toEqual(['/api/v3.1/site/site-2/customer/addUpdate', ADD_UPDATE]);
	});

	test('a trailing slash on the Base URL does not double the slash', async () => {
		api.reset(() => ADDED);
		await hyfin(SAMPLE, { credentials: { baseUrl: `${baseUrl}/` } });
		expect(api.received[0].path).toBe(ADD_UPDATE);
	});

	/** Runs the node against the raw server and returns the request lines it received. */
	async function rawRun(parameters: IDataObject, siteId = SITE) {
		raw.received.length = 0;
		const result = await runNode({
			type: 'hyfin',
			parameters: { resource: 'customer', ...parameters } as never,
			credentials: { hyfinApi: { baseUrl: rawUrl, siteId, accessToken: TOKEN } },
		});
		return { result, received: raw.received.map((r) => `${r.method} ${r.url}`) };
	}

	test("'/', '?', '#' and ' ' in a site ID or an external ID are percent-encoded and stay in their segment", async () => {
		const site = 'acme/eu?x=1#top 2';
		const id = 'a/b?c=d#e f';
		const add = await rawRun({ ...SAMPLE, externalId: id }, site);
		expect(add.result.error).toBeUndefined();
		expect(add.received).toEqual(['POST /api/v3.1/site/acme%2Feu%3Fx%3D1%23top%202/customer/addUpdate']);
		const get = await rawRun({ operation: 'get', externalId: id }, site);
		expect(get.received).toEqual(['GET /api/v3.1/site/acme%2Feu%3Fx%3D1%23top%202/customer/a%2Fb%3Fc%3Dd%23e%20f']);
		const override = await rawRun({ operation: 'get', externalId: '../../x', options: { siteId: '../admin' } });
		expect(override.received).toEqual(['GET /api/v3.1/site/..%2Fadmin/customer/..%2F..%2Fx']);
	});

	/**
	 * An ID that is exactly "." or ".." is a dot segment: every URL parser (n8n's HTTP client
	 * included) resolves it, and so would "%2E%2E". Such an ID is refused before sending, so the
	 * request can never reach another endpoint.
	 */
	test.each([
		['site ID ".."', { ...SAMPLE }, '..', 'Site ID'],
		['site ID "."', { ...SAMPLE }, '.', 'Site ID'],
		['external ID ".." in Get', { operation: 'get', externalId: '..' }, SITE, 'External ID'],
		['external ID "." in Get', { operation: 'get', externalId: '.' }, SITE, 'External ID'],
	])('a dot-segment ID cannot escape the path: %s', async (_name, parameters, siteId, field) => {
		const { result, received } = await rawRun(parameters, siteId);
		expect(received).toEqual([]);
		expect(result.error?.message).toMatch(new RegExp(`^Invalid "${field}": "\\.{1,2}" cannot be used as an ID \\[item 0\\]$`));
	});
});

describe('Get', () => {
	const customer = {
		_id: '60f720d248f143332af022e0',
		external_id: '39772634',
		first_name: 'John',
		last_name: 'Doe',
		email: 'johndoe@abc.com',
		active: true,
	};

	test('GET /api/v3.1/site/{site_id}/customer/{external_id}; the output is the answer', async () => {
		api.reset(() => ({ body: customer }));
		const result = await hyfin({ operation: 'get', externalId: '39772634' });
		expect(result.error).toBeUndefined();
		expect(api.received).toHaveLength(1);
		const [request] = api.received;
		expect(request.method).toBe('GET');
		expect(request.path).toBe('/api/v3.1/site/site-1/customer/39772634');
		expect(request.query).toEqual({});
		expect(request.headers['x-access-token']).toBe(TOKEN);
		expect(request.rawBody).toBe('');
		expect(request.headers['content-type']).toBeUndefined();
		expect(result.items).toEqual([{ json: customer, pairedItem: { item: 0 } }]);
	});

	test('the external ID is percent-encoded', async () => {
		api.reset(() => ({ body: customer }));
		await hyfin({ operation: 'get', externalId: 'Zoë & Co/42' });
		expect(api.received[0].path).toBe('/api/v3.1/site/site-1/customer/Zo%C3%AB%20%26%20Co%2F42');
	});

	test('{success: false} is an error on Get too', async () => {
		api.reset(() => ({ body: { success: false, errors: ['customer not found'] } }));
		const result = await hyfin({ operation: 'get', externalId: 'nobody' });
		expect(result.error?.message).toBe('Hyfin refused the request: customer not found [item 0]');
		expect(result.items).toEqual([]);
	});

	test('a 404 is not retried; Hyfin’s text is not prefixed when it already says "not found"', async () => {
		api.reset(() => ({ status: 404, body: { success: false, errors: ['Customer not found'] } }));
		const result = await hyfin({ operation: 'get', externalId: 'nobody', options: { maxRetries: 2, maxWait: 0 } });
		expect(api.received).toHaveLength(1);
		expect(result.error?.message).toBe('Customer not found [item 0]');
		expect(result.error?.httpCode).toBe('404');
	});
});

describe('documented rules are checked before anything is sent', () => {
	const base = { operation: 'addUpdate', externalId: 'c-1', firstName: 'Ann', lastName: 'Lee' };
	const invalid: Array<[string, IDataObject, IDataObject, string]> = [
		['Notify by Phone without a mobile phone', { ...base, additionalFields: { email: 'ann@example.com' }, notificationOptions: { notifyPhone: true } }, {}, 'Invalid "Mobile Phone": is required'],
		['Notify by Email without an email', { ...base, additionalFields: { mobilePhone: '111-222-3333' }, notificationOptions: { notifyEmail: true } }, {}, 'Invalid "Email": is required'],
		['Notify by Email with a blank email', { ...base, additionalFields: { email: '   ' }, notificationOptions: { notifyEmail: true, notifyPhone: false } }, {}, 'Invalid "Email": is required'],
		['a malformed email', { ...base, additionalFields: { email: 'johndoe@abc' } }, {}, 'Invalid "Email": "johndoe@abc" is not a valid email address'],
		['an email with a space', { ...base, additionalFields: { email: 'john doe@abc.com' } }, {}, 'Invalid "Email": "john doe@abc.com" is not a valid email address'],
		['a malformed phone', { ...base, additionalFields: { mobilePhone: '111-CALL-NOW' } }, {}, 'Invalid "Mobile Phone": "111-CALL-NOW" is not a valid phone number'],
		['a phone too short', { ...base, additionalFields: { mobilePhone: '555-01' } }, {}, 'Invalid "Mobile Phone": "555-01" is not a valid phone number'],
		['an external ID whose expression is empty', { ...base, externalId: '={{$json.nothing}}' }, {}, 'Invalid "External ID": is required'],
		['a first name whose expression is empty', { ...base, firstName: '={{$json.nothing}}' }, {}, 'Invalid "First Name": is required'],
		['a last name whose expression is empty', { ...base, lastName: '={{ "  " }}' }, {}, 'Invalid "Last Name": is required'],
		['Get with an external ID whose expression is empty', { operation: 'get', externalId: '={{$json.nothing}}' }, {}, 'Invalid "External ID": is required'],
		['Add or Update without a site ID', { ...base }, { siteId: '' }, 'Invalid "Site ID": is required'],
		['Get without a site ID', { operation: 'get', externalId: 'c-1' }, { siteId: '' }, 'Invalid "Site ID": is required'],
	];

	test.each(invalid)('%s', async (_name, parameters, credentials, message) => {
		api.reset(() => ADDED);
		const result = await hyfin(parameters, { credentials });
		expect(result.error?.message).toContain(message);
		expect(result.error?.message).toMatch(/\[item 0\]$/);
		expect(result.error?.context?.itemIndex).toBe(0);
		expect(api.received).toHaveLength(0);
	});

	test('exact messages and hints for the notification rules and the site ID', async () => {
		api.reset(() => ADDED);
		const phone = await hyfin({ ...base, notificationOptions: { notifyPhone: true } });
		expect(phone.error?.message).toBe('Invalid "Mobile Phone": is required [item 0]');
		expect(phone.error?.description).toBe('Hyfin needs a mobile phone number to notify by phone');
		const email = await hyfin({ ...base, notificationOptions: { notifyEmail: true } });
		expect(email.error?.message).toBe('Invalid "Email": is required [item 0]');
		expect(email.error?.description).toBe('Hyfin needs an email address to notify by email');
		const site = await hyfin(base, { credentials: { siteId: '' } });
		expect(site.error?.message).toBe('Invalid "Site ID": is required [item 0]');
		expect(site.error?.description).toBe('Enter the Site ID in the Hyfin credential, or set Options › Site ID');
		expect(api.received).toHaveLength(0);
	});

	test('one bad item stops the run before any item is sent', async () => {
		api.reset(() => ADDED);
		const result = await hyfin(
			{ ...base, externalId: '={{$json.id}}', additionalFields: { email: '={{$json.email}}' } },
			{ items: [{ id: 'c-1', email: 'a@example.com' }, { id: 'c-2', email: 'nope' }, { id: 'c-3', email: 'c@example.com' }] },
		);
		expect(result.error?.message).toBe('Invalid "Email": "nope" is not a valid email address [item 1]');
		expect(api.received).toHaveLength(0);
	});

	test('with Continue On Fail the bad item becomes an error item and the others are sent', async () => {
		api.reset(() => ADDED);
		const result = await hyfin(
			{ ...base, externalId: '={{$json.id}}' },
			{ items: [{ id: 'c-1' }, { id: '' }, { id: 'c-3' }], onError: 'continueRegularOutput' },
		);
		expect(api.received.map((r) => (r.json as IDataObject).external_id).sort()).toEqual(['c-1', 'c-3']);
		expect(result.items.map((item) => item.json)).toEqual([
			{ externalId: 'c-1', success: true, action: 'added', _id: '60f720d248f143332af022e0' },
			{ error: 'Invalid "External ID": is required [item 1]', details: { description: 'Hyfin adds or updates the customer by this ID' } },
			{ externalId: 'c-3', success: true, action: 'added', _id: '60f720d248f143332af022e0' },
		]);
		expect(paired(result.items)).toEqual([0, 1, 2]);
	});
});

describe('Hyfin errors reach the user in Hyfin’s words', () => {
	test('{success: false, errors} with HTTP 200 is an error, and it is not sent twice', async () => {
		api.reset(() => REFUSED);
		const result = await hyfin({ ...SAMPLE, options: { maxRetries: 2, maxWait: 0 } });
		expect(api.received).toHaveLength(1);
		expect(result.items).toEqual([]);
		expect(result.error?.message).toBe('Hyfin refused the request: invalid field2; missing field_name [item 0]');
		expect(result.error?.httpCode).toBe('200');
		expect(result.error?.description).toContain('Hyfin answered 200 (Hyfin refused the request).');
		expect(result.error?.description).toContain('Check the values sent for this item.');
	});

	test('the refusal of an idempotent upsert is not explained as a risk of duplicates', async () => {
		api.reset(() => REFUSED);
		const result = await hyfin(SAMPLE);
		// Add or Update is an upsert: sending it twice cannot create a duplicate.
		expect(result.error?.description).toBe('Hyfin answered 200 (Hyfin refused the request). Check the values sent for this item.');
	});

	test('{success: false} without errors still fails with a readable message', async () => {
		api.reset(() => ({ body: { success: false } }));
		const result = await hyfin(SAMPLE);
		expect(result.error?.message).toBe('Hyfin refused the request [item 0]');
	});

	test('with Continue On Fail the refused item becomes an error item and the others succeed', async () => {
		api.reset((request) => ((request.json as IDataObject).external_id === 'bad' ? REFUSED : ADDED));
		const result = await hyfin(
			{ ...SAMPLE, externalId: '={{$json.id}}' },
			{ items: [{ id: 'c-1' }, { id: 'bad' }, { id: 'c-3' }], onError: 'continueRegularOutput' },
		);
		expect(result.error).toBeUndefined();
		expect(api.received).toHaveLength(3);
		expect(result.items.map((item) => item.json)).toEqual([
			{ externalId: 'c-1', success: true, action: 'added', _id: '60f720d248f143332af022e0' },
			{
				error: 'Hyfin refused the request: invalid field2; missing field_name [item 1]',
				details: { httpCode: '200', description: expect.stringContaining('Hyfin answered 200 (Hyfin refused the request).') },
			},
			{ externalId: 'c-3', success: true, action: 'added', _id: '60f720d248f143332af022e0' },
		]);
		expect(paired(result.items)).toEqual([0, 1, 2]);
	});

	test('a 400 answer, not retried', async () => {
		api.reset(() => ({ status: 400, body: { success: false, errors: ['first_name is required'] } }));
		const result = await hyfin({ ...SAMPLE, options: { maxRetries: 2, maxWait: 0 } });
		expect(api.received).toHaveLength(1);
		expect(result.error?.message).toBe('Invalid request: first_name is required [item 0]');
		expect(result.error?.httpCode).toBe('400');
		expect(result.error?.description).toBe('Hyfin answered 400 (Invalid request). Check the values sent for this item.');
	});

	test('a 401 answer says the credential is wrong', async () => {
		api.reset(() => ({ status: 401, body: { success: false, errors: ['Invalid access token'] } }));
		const result = await hyfin({ operation: 'get', externalId: 'c-1' });
		expect(api.received).toHaveLength(1);
		expect(result.error?.message).toBe('Unauthorized: Invalid access token [item 0]');
		expect(result.error?.httpCode).toBe('401');
		expect(result.error?.description).toBe(
			"Hyfin answered 401 (Unauthorized). Check the credential's key, secret or token, and that it may use this endpoint.",
		);
	});

	test('a {message} answer and a plain-text answer are read too', async () => {
		api.reset(() => ({ status: 403, body: { message: 'Site not allowed' } }));
		expect((await hyfin(SAMPLE)).error?.message).toBe('Forbidden: Site not allowed [item 0]');
		api.reset(() => ({ status: 404, body: '<html><body><h1>Cannot POST</h1></body></html>' }));
		expect((await hyfin(SAMPLE)).error?.message).toBe('Not found: Cannot POST [item 0]');
	});
});

describe('retry policy', () => {
	test('Add or Update is an upsert: a 500 is retried, the same body is sent again, and it succeeds', async () => {
		api.reset((_request, n) => (n === 0 ? { status: 500, body: { success: false, errors: ['Database down'] } } : UPDATED));
		const result = await hyfin({ ...SAMPLE, options: { maxRetries: 2, maxWait: 0 } });
		expect(result.error).toBeUndefined();
		expect(api.received).toHaveLength(2);
		expect(api.received.map((r) => `${r.method} ${r.path}`)).toEqual([`POST ${ADD_UPDATE}`, `POST ${ADD_UPDATE}`]);
		expect(api.received[1].rawBody).toBe(api.received[0].rawBody);
		expect(api.received[1].headers['x-access-token']).toBe(TOKEN);
		expect(result.items).toEqual([
			{ json: { externalId: '39772634', success: true, action: 'updated', _id: '60f720d248f143332af022e0' }, pairedItem: { item: 0 } },
		]);
	});

	test('a 500 that persists fails after Max Retries with the count', async () => {
		api.reset(() => ({ status: 500, body: { success: false, errors: ['Database down'] } }));
		const result = await hyfin({ ...SAMPLE, options: { maxRetries: 2, maxWait: 0 } });
		expect(api.received).toHaveLength(3);
		expect(result.error?.message).toBe('Hyfin server error: Database down [item 0]');
		expect(result.error?.description).toBe('Hyfin answered 500 (Hyfin server error). Tried 3 times. The provider had a problem. Try again later.');
	});

	test.each(['addUpdate', 'get'])('a 429 with Retry-After: 0 is retried (%s)', async (operation) => {
		api.reset((_request, n) =>
			n === 0 ? { status: 429, body: { success: false, errors: ['Too many requests'] }, headers: { 'Retry-After': '0' } } : ADDED,
		);
		const parameters = operation === 'get' ? { operation, externalId: '39772634' } : SAMPLE;
		const result = await hyfin({ ...parameters, options: { maxRetries: 2, maxWait: 0 } });
		expect(result.error).toBeUndefined();
		expect(api.received).toHaveLength(2);
		expect(api.received[1].path).toBe(api.received[0].path);
		expect(result.items).toHaveLength(1);
	});

	test('a Retry-After longer than Max Wait fails the item instead of waiting', async () => {
		api.reset(() => ({ status: 429, body: { success: false, errors: ['slow down'] }, headers: { 'Retry-After': '120' } }));
		const result = await hyfin({ ...SAMPLE, options: { maxRetries: 2, maxWait: 1 } });
		expect(api.received).toHaveLength(1);
		expect(result.error?.message).toBe('Hyfin asked to wait 120 s before retrying, longer than Max Wait (1 s) [item 0]');
	});
});

describe('several items', () => {
	test('outputs in input order, each paired with its input item, even when answers come out of order', async () => {
		api.reset((request) => {
			const id = String((request.json as IDataObject).external_id);
			const delayMs = { 'c-1': 150, 'c-2': 75, 'c-3': 0 }[id] ?? 0;
			return { body: { success: true, action: id === 'c-2' ? 'updated' : 'added', _id: `oid-${id}` }, delayMs };
		});
		const result = await hyfin(
			{
				operation: 'addUpdate',
				externalId: '={{$json.id}}',
				firstName: '={{$json.first}}',
				lastName: '={{$json.last}}',
				additionalFields: { email: '={{$json.email}}' },
			},
			{
				items: [
					{ id: 'c-1', first: 'Ann', last: 'Lee', email: 'ann@example.com' },
					{ id: 'c-2', first: 'Bo', last: 'Chan', email: '' },
					{ id: 'c-3', first: 'Cy', last: 'Dale', email: 'cy@example.com' },
				],
			},
		);
		expect(result.error).toBeUndefined();
		expect(api.maxInFlight).toBeGreaterThan(1);
		expect(api.received.map((r) => r.json).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).toEqual([
			{ external_id: 'c-1', first_name: 'Ann', last_name: 'Lee', email: 'ann@example.com', active: true },
			{ external_id: 'c-2', first_name: 'Bo', last_name: 'Chan', active: true },
			{ external_id: 'c-3', first_name: 'Cy', last_name: 'Dale', email: 'cy@example.com', active: true },
		]);
		expect(result.items).toEqual([
			{ json: { externalId: 'c-1', success: true, action: 'added', _id: 'oid-c-1' }, pairedItem: { item: 0 } },
			{ json: { externalId: 'c-2', success: true, action: 'updated', _id: 'oid-c-2' }, pairedItem: { item: 1 } },
			{ json: { externalId: 'c-3', success: true, action: 'added', _id: 'oid-c-3' }, pairedItem: { item: 2 } },
		]);
	});

	test('Get for several items, answered out of order', async () => {
		api.reset((request) => {
			const id = decodeURIComponent(request.path.split('/').pop() ?? '');
			return { body: { external_id: id }, delayMs: id === 'a' ? 100 : 0 };
		});
		const result = await hyfin({ operation: 'get', externalId: '={{$json.id}}' }, { items: [{ id: 'a' }, { id: 'b' }, { id: 'c d' }] });
		expect(api.received.map((r) => r.path).sort()).toEqual([
			'/api/v3.1/site/site-1/customer/a',
			'/api/v3.1/site/site-1/customer/b',
			'/api/v3.1/site/site-1/customer/c%20d',
		]);
		expect(result.items).toEqual([
			{ json: { external_id: 'a' }, pairedItem: { item: 0 } },
			{ json: { external_id: 'b' }, pairedItem: { item: 1 } },
			{ json: { external_id: 'c d' }, pairedItem: { item: 2 } },
		]);
	});
});

describe('the access token stays secret', () => {
	const echo = (status: number) => (request: { headers: Record<string, unknown> }) => ({
		status,
		body: {
			success: false,
			errors: [`token ${String(request.headers['x-access-token'])} rejected`, { message: `header x-access-token=${String(request.headers['x-access-token'])}` }],
			[`debug_${TOKEN}`]: TOKEN,
		},
	});

	test.each([200, 400, 401, 500])('not in outputs, messages or descriptions when Hyfin echoes it in a %i answer', async (status) => {
		reportedErrors.length = 0;
		api.reset(echo(status));
		const result = await hyfin(
			{ ...SAMPLE, externalId: '={{$json.id}}', options: { maxRetries: 1, maxWait: 0 } },
			{ items: [{ id: 'c-1' }, { id: 'c-2' }], onError: 'continueRegularOutput' },
		);
		expect(api.received.length).toBeGreaterThan(0);
		expect(api.received.every((r) => r.headers['x-access-token'] === TOKEN)).toBe(true);
		expect(result.items).toHaveLength(2);
		const first = result.items[0].json as { error: string; details: { description: string } };
		expect(first.error).toMatch(/token \*\*\* rejected; header x-access-token=\*\*\* \[item 0\]$/);
		const everything = JSON.stringify(result.items) + JSON.stringify(result.run.data) + reportedErrors.join('\n');
		expect(everything).not.toContain(TOKEN);
	});

	test('not in the error that stops the workflow', async () => {
		reportedErrors.length = 0;
		api.reset(echo(401));
		const result = await hyfin({ operation: 'get', externalId: 'c-1' });
		expect(result.error?.message).toBe('Unauthorized: token *** rejected; header x-access-token=*** [item 0]');
		expect(`${result.error?.message} ${result.error?.description}`).not.toContain(TOKEN);
		expect(JSON.stringify(result.run.data) + reportedErrors.join('\n')).not.toContain(TOKEN);
	});

	test('not in a successful output', async () => {
		api.reset(() => ADDED);
		const result = await hyfin(SAMPLE);
		expect(JSON.stringify(result.run.data)).not.toContain(TOKEN);
	});
});
