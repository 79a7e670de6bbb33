import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { ApiServer, formOf, type Received, type Reply } from './helpers/api-server';
import { runNode, type RunResult } from './helpers/run-node';

/**
 * Map Automatically on the seven operations that write a record: a spreadsheet-shaped item (flat
 * columns by the API's own field names) becomes the exact request the provider documents, the
 * same request Define Below sends for the same data, with the same errors; fields the API does not
 * document fail the item before anything is sent, or are dropped with Ignore Unknown Fields.
 */

const api = new ApiServer();
let baseUrl: string;

beforeAll(async () => {
	baseUrl = await api.start();
});
afterAll(async () => api.stop());

type NodeName = 'bik' | 'rehook' | 'hyfin' | 'omnidesk';

function credentials(node: NodeName): Record<string, ICredentialDataDecryptedObject> {
	switch (node) {
		case 'bik':
			return { bikApi: { apiKey: 'bik-key-1234', apiSecret: 'bik-secret-5678', baseUrl: `${baseUrl}/integrations` } };
		case 'rehook':
			return { rehookApi: { apiKey: 'rk-api-key-5521', secretKey: 'rk-secret-key-9034', baseUrl } };
		case 'hyfin':
			return { hyfinApi: { baseUrl, siteId: 'site-1', accessToken: 'hy-token-4410' } };
		case 'omnidesk':
			return { omnideskApi: { apiKey: 'omni-key-7f3a9c', baseUrl } };
	}
}

function run(node: NodeName, parameters: IDataObject, items?: IDataObject[], onError?: 'continueRegularOutput'): Promise<RunResult> {
	return runNode({ type: node, parameters: { resource: 'customer', ...parameters } as never, credentials: credentials(node), items, onError });
}

interface Sent {
	method: string;
	path: string;
	json?: unknown;
	form?: { type: string; fields: Record<string, string> };
}

async function sent(request: Received): Promise<Sent> {
	const type = String(request.headers['content-type'] ?? '');
	if (type.startsWith('multipart/form-data') || type.startsWith('application/x-www-form-urlencoded')) {
		return { method: request.method, path: request.path, form: await formOf(request) };
	}
	return { method: request.method, path: request.path, json: request.json };
}

interface Case {
	node: NodeName;
	operation: string;
	/** Panel parameters besides the operation (Rehook's authentication). */
	panel?: IDataObject;
	/** One spreadsheet row, columns named as the API names its fields. */
	row: IDataObject;
	/** The same data entered in Define Below. */
	defineBelow: IDataObject;
	/** The request the provider must receive. */
	expected: Sent;
	reply: Reply;
	/** A column of `row` with a bad value, and the Define Below parameters holding the same bad value. */
	bad: { row: IDataObject; defineBelow: IDataObject; message: string };
}

const MULTIPART = 'multipart/form-data';
const URLENCODED = 'application/x-www-form-urlencoded';
const NO_CONTENT: Reply = { status: 204 };

const cases: Case[] = [
	{
		node: 'bik',
		operation: 'createOrUpdate',
		row: {
			email: 'ada@example.com',
			phoneNumber: '+919090909090',
			firstName: 'Ada',
			lastName: 'Lovelace',
			partnerCustomerId: 'crm-1',
			tags: 'vip, newsletter',
			alternateEmails: 'ada.home@example.com',
			overWriteAssets: false,
		},
		defineBelow: {
			email: 'ada@example.com',
			phoneNumber: '+919090909090',
			additionalFields: {
				firstName: 'Ada',
				lastName: 'Lovelace',
				partnerCustomerId: 'crm-1',
				tags: 'vip, newsletter',
				alternateEmails: 'ada.home@example.com',
				overWriteAssets: false,
			},
		},
		expected: {
			method: 'POST',
			path: '/integrations/bikPlatformFunctions-customers/createOrUpdate',
			json: {
				email: 'ada@example.com',
				phoneNumber: '+919090909090',
				firstName: 'Ada',
				lastName: 'Lovelace',
				partnerCustomerId: 'crm-1',
				tags: ['vip', 'newsletter'],
				alternateEmails: ['ada.home@example.com'],
				overWriteAssets: false,
			},
		},
		reply: { body: { status: 200, success: true, data: { customer: { id: 1 } } } },
		bad: {
			row: { email: 'ada@', firstName: 'Ada' },
			defineBelow: { email: 'ada@', additionalFields: { firstName: 'Ada' } },
			message: 'Invalid "Email": "ada@" is not a valid email address [item 1]',
		},
	},
	{
		node: 'rehook',
		operation: 'createOrUpdate',
		panel: { authentication: 'basic' },
		row: { source_id: 'KMN@2531', referral_code: 'KMN', metadata: { Name: 'Krishnananda', Phone: '123456789' } },
		defineBelow: {
			sourceId: 'KMN@2531',
			referralCode: 'KMN',
			metadata: { property: [{ name: 'Name', value: 'Krishnananda' }, { name: 'Phone', value: '123456789' }] },
		},
		expected: {
			method: 'POST',
			path: '/customers',
			json: { metadata: { Name: 'Krishnananda', Phone: '123456789' }, referral_code: 'KMN', source_id: 'KMN@2531' },
		},
		reply: { body: { message: 'Customer Created', requestId: 'r-1' } },
		bad: {
			row: { source_id: { id: 7 } },
			defineBelow: { sourceId: '={{ { id: 7 } }}' },
			message: 'Invalid "Source ID": must be text, got an object [item 1]',
		},
	},
	{
		node: 'hyfin',
		operation: 'addUpdate',
		row: {
			external_id: '39772634',
			first_name: 'John',
			last_name: 'Doe',
			account_name: 'ABC Company',
			mobile_phone: '111-222-3333',
			email: 'johndoe@abc.com',
			notes: "World's best customer",
			active: true,
			'notification_options.notify_phone': true,
			'notification_options.notify_email': false,
		},
		defineBelow: {
			externalId: '39772634',
			firstName: 'John',
			lastName: 'Doe',
			active: true,
			additionalFields: { accountName: 'ABC Company', mobilePhone: '111-222-3333', email: 'johndoe@abc.com', notes: "World's best customer" },
			notificationOptions: { notifyPhone: true, notifyEmail: false },
		},
		expected: {
			method: 'POST',
			path: '/api/v3.1/site/site-1/customer/addUpdate',
			json: {
				external_id: '39772634',
				first_name: 'John',
				last_name: 'Doe',
				account_name: 'ABC Company',
				mobile_phone: '111-222-3333',
				email: 'johndoe@abc.com',
				notes: "World's best customer",
				active: true,
				notification_options: { notify_phone: true, notify_email: false },
			},
		},
		reply: { body: { success: true, action: 'added', _id: '60f720d248f143332af022e0' } },
		bad: {
			row: { external_id: 'x-1', first_name: 'John', last_name: 'Doe', mobile_phone: 'call me' },
			defineBelow: { externalId: 'x-1', firstName: 'John', lastName: 'Doe', additionalFields: { mobilePhone: 'call me' } },
			message: 'Invalid "Mobile Phone": "call me" is not a valid phone number [item 1]',
		},
	},
	{
		node: 'omnidesk',
		operation: 'create',
		row: {
			primary_id: 'crm-1',
			brand_id: 1,
			channel_id: 'email',
			customer_link_channel: 'anna@example.com',
			firstname: 'Anna-Lé',
			lastname: "O'Brien",
			ticket_id: 77,
			noSync: true,
			extra_email: 'anna.work@example.com',
			extra_telephone: '+31612345678',
			custom_testfield: 'text',
		},
		defineBelow: {
			primaryId: 'crm-1',
			brandId: '1',
			additionalFields: {
				channelId: 'email',
				customerLinkChannel: 'anna@example.com',
				firstName: 'Anna-Lé',
				lastName: "O'Brien",
				ticketId: '77',
				noSync: true,
				extraEmail: 'anna.work@example.com',
				extraTelephone: '+31612345678',
			},
			customFields: { field: [{ name: 'testfield', value: 'text' }] },
		},
		expected: {
			method: 'POST',
			path: '/api/v2/customer',
			form: {
				type: MULTIPART,
				fields: {
					channel_id: 'email',
					customer_link_channel: 'anna@example.com',
					brand_id: '1',
					primary_id: 'crm-1',
					noSync: 'true',
					firstname: 'Anna-Lé',
					lastname: "O'Brien",
					ticket_id: '77',
					extra_email: 'anna.work@example.com',
					extra_telephone: '+31612345678',
					custom_testfield: 'text',
				},
			},
		},
		reply: { body: { type: 'result', message: 'User created and channel linked.' } },
		bad: {
			row: { primary_id: 'crm-2', firstname: 'R2D2' },
			defineBelow: { primaryId: 'crm-2', additionalFields: { firstName: 'R2D2' } },
			message: 'Invalid "First Name": "R2D2" does not match the pattern',
		},
	},
	{
		node: 'omnidesk',
		operation: 'createCrud',
		row: {
			primaryID: 'crm-3',
			brandID: 1,
			firstname: 'Grace',
			lastname: 'Hopper',
			custom_plan: 'pro',
			customerChannelType_0: 'email',
			customerChannelValue_0: 'grace@example.com',
			customerChannelType_1: 'telephone',
			customerChannelValue_1: '+31612345678',
		},
		defineBelow: {
			primaryId: 'crm-3',
			brandId: '1',
			additionalFields: { firstName: 'Grace', lastName: 'Hopper' },
			customFields: { field: [{ name: 'plan', value: 'pro' }] },
			channels: { channel: [{ type: 'email', value: 'grace@example.com' }, { type: 'telephone', value: '+31612345678' }] },
		},
		expected: {
			method: 'POST',
			path: '/api/v2/customer/createCustomerCRUD',
			form: {
				type: MULTIPART,
				fields: {
					primaryID: 'crm-3',
					brandID: '1',
					firstname: 'Grace',
					lastname: 'Hopper',
					custom_plan: 'pro',
					customerChannelType_0: 'email',
					customerChannelValue_0: 'grace@example.com',
					customerChannelType_1: 'telephone',
					customerChannelValue_1: '+31612345678',
				},
			},
		},
		reply: NO_CONTENT,
		bad: {
			row: { primaryID: 'crm-4', customerChannelType_0: 'sms', customerChannelValue_0: 'x' },
			defineBelow: { primaryId: 'crm-4', channels: { channel: [{ type: 'sms', value: 'x' }] } },
			message: 'Invalid "Channels › Channel 1 › Type": "sms" does not match the pattern',
		},
	},
	{
		node: 'omnidesk',
		operation: 'update',
		row: { id: 42, brandID: 1, firstname: 'Zoë', lastname: 'Šimon', custom_testfield: 'text', customerChannelType_0: 'email', customerChannelValue_0: 'zoe@example.com' },
		defineBelow: {
			customerId: '42',
			updateFields: { brandId: '1', firstName: 'Zoë', lastName: 'Šimon' },
			customFields: { field: [{ name: 'testfield', value: 'text' }] },
			channels: { channel: [{ type: 'email', value: 'zoe@example.com' }] },
		},
		expected: {
			method: 'PUT',
			path: '/api/v2/customer/42',
			form: {
				type: URLENCODED,
				fields: {
					brandID: '1',
					firstname: 'Zoë',
					lastname: 'Šimon',
					custom_testfield: 'text',
					customerChannelType_0: 'email',
					customerChannelValue_0: 'zoe@example.com',
				},
			},
		},
		reply: NO_CONTENT,
		bad: {
			row: { id: 'abc', firstname: 'Ada' },
			defineBelow: { customerId: 'abc', updateFields: { firstName: 'Ada' } },
			message: 'Invalid "Customer ID": "abc" is not a whole number [item 1]',
		},
	},
	{
		node: 'omnidesk',
		operation: 'updateByExternalId',
		row: { externalPrimaryID: 'ext-42', brandID: 1, firstname: 'Ada', lastname: 'Lovelace', custom_tier: 'gold', customerChannelType_0: 'telephone', customerChannelValue_0: '+31612345678' },
		defineBelow: {
			externalPrimaryId: 'ext-42',
			brandId: '1',
			updateFields: { firstName: 'Ada', lastName: 'Lovelace' },
			customFields: { field: [{ name: 'tier', value: 'gold' }] },
			channels: { channel: [{ type: 'telephone', value: '+31612345678' }] },
		},
		expected: {
			method: 'PUT',
			path: '/api/v2/customer/updateCustomer',
			form: {
				type: URLENCODED,
				fields: {
					externalPrimaryID: 'ext-42',
					brandID: '1',
					firstname: 'Ada',
					lastname: 'Lovelace',
					custom_tier: 'gold',
					customerChannelType_0: 'telephone',
					customerChannelValue_0: '+31612345678',
				},
			},
		},
		reply: NO_CONTENT,
		bad: {
			row: { externalPrimaryID: 'ext-42', brandID: '4.2', firstname: 'Ada' },
			defineBelow: { externalPrimaryId: 'ext-42', brandId: '4.2', updateFields: { firstName: 'Ada' } },
			message: 'Invalid "Brand ID": "4.2" is not a whole number [item 1]',
		},
	},
];

const title = (c: Case) => `${c.node} ${c.operation}`;
const rows = cases.map((c) => ({ title: title(c), c }));
const autoMap = (c: Case, extra: IDataObject = {}) => ({ operation: c.operation, ...c.panel, inputMode: 'autoMap', ...extra });

describe('a spreadsheet-shaped item becomes the exact documented request', () => {
	test.each(rows)('$title', async ({ c }) => {
		api.reset(() => c.reply);
		const result = await run(c.node, autoMap(c), [c.row]);
		expect(result.error).toBeUndefined();
		expect(api.received).toHaveLength(1);
		expect(await sent(api.received[0])).toEqual(c.expected);
		expect(result.items.map((item) => [item.json.error, item.pairedItem])).toEqual([[undefined, { item: 0 }]]);
	});
});

describe('Map Automatically and Define Below send the same request for the same data', () => {
	test.each(rows)('$title', async ({ c }) => {
		api.reset(() => c.reply);
		expect((await run(c.node, { operation: c.operation, ...c.panel, ...c.defineBelow })).error).toBeUndefined();
		expect((await run(c.node, autoMap(c), [c.row])).error).toBeUndefined();
		expect(api.received).toHaveLength(2);
		const [defined, mapped] = await Promise.all(api.received.map(sent));
		expect(mapped).toEqual(defined);
		// Field for field, in the same order (forms are sent in order).
		if (defined.form) expect(Object.keys(mapped.form!.fields)).toEqual(Object.keys(defined.form.fields));
	});
});

describe('a field the API does not document', () => {
	test.each(rows)('$title: fails the item before anything is sent, naming the item and the field', async ({ c }) => {
		api.reset(() => c.reply);
		const result = await run(c.node, autoMap(c), [c.row, { ...c.row, row_number: 3, 'Full Name': 'x' }]);
		expect(result.error?.message).toBe(
			'Invalid "Input Mode": Map Automatically found fields the API does not document: "row_number", "Full Name" [item 1]',
		);
		expect(result.error?.description).toMatch(/^Map Automatically takes the API's own field names: .+ turn on Ignore Unknown Fields to drop them\.$/);
		expect(result.error?.context?.itemIndex).toBe(1);
		expect(api.received).toHaveLength(0);
	});

	test.each(rows)('$title: is dropped with Ignore Unknown Fields, and the rest is sent', async ({ c }) => {
		api.reset(() => c.reply);
		const result = await run(c.node, autoMap(c, { ignoreUnknownFields: true }), [{ ...c.row, row_number: 3 }]);
		expect(result.error).toBeUndefined();
		expect(api.received).toHaveLength(1);
		expect(await sent(api.received[0])).toEqual(c.expected);
	});

	test('the description lists the accepted names (Omnidesk Update)', async () => {
		api.reset(() => NO_CONTENT);
		const result = await run('omnidesk', { operation: 'update', inputMode: 'autoMap' }, [{ id: 42, firstName: 'Ada' }]);
		expect(result.error?.message).toBe('Invalid "Input Mode": Map Automatically found a field the API does not document: "firstName" (did you mean "firstname"?) [item 0]');
		expect(result.error?.description).toBe(
			"Map Automatically takes the API's own field names: id, brandID, firstname, lastname, custom_<name>, customerChannelType_N, customerChannelValue_N. " +
				'Rename or remove the other fields (e.g. with an Edit Fields node), or turn on Ignore Unknown Fields to drop them.',
		);
	});

	test('with Continue On Fail only the item with the unknown field fails', async () => {
		const c = cases[0];
		api.reset(() => c.reply);
		const result = await run(c.node, autoMap(c), [c.row, { ...c.row, nickname: 'Ada' }, c.row], 'continueRegularOutput');
		expect(result.items.map((item) => item.json.error)).toEqual([
			undefined,
			'Invalid "Input Mode": Map Automatically found a field the API does not document: "nickname" [item 1]',
			undefined,
		]);
		expect(api.received).toHaveLength(2);
	});
});

describe('bad values get the same error as in Define Below', () => {
	test.each(rows)('$title', async ({ c }) => {
		api.reset(() => c.reply);
		const mapped = await run(c.node, autoMap(c), [c.row, c.bad.row]);
		const defined = await run(c.node, { operation: c.operation, ...c.panel, ...c.bad.defineBelow }, [c.row, c.row]);
		expect(api.received).toHaveLength(0);
		expect(mapped.error?.message).toEqual(expect.stringContaining(c.bad.message.replace(/ \[item 1\]$/, '')));
		expect(mapped.error?.message).toMatch(/ \[item 1\]$/);
		// Define Below's parameters are the same for both items, so it fails at item 0: the same text otherwise.
		expect(defined.error?.message).toBe(mapped.error?.message?.replace('[item 1]', '[item 0]'));
		expect(mapped.error?.description).toBe(defined.error?.description);
	});
});

describe('values', () => {
	test('null and empty columns are not sent, as empty fields in Define Below', async () => {
		api.reset(() => ({ body: { success: true, action: 'updated', _id: '1' } }));
		const row = { external_id: 'x-1', first_name: 'John', last_name: 'Doe', email: null, notes: '', mobile_phone: '   ', account_name: null };
		const result = await run('hyfin', { operation: 'addUpdate', inputMode: 'autoMap' }, [row]);
		expect(result.error).toBeUndefined();
		expect(api.received[0].json).toEqual({ external_id: 'x-1', first_name: 'John', last_name: 'Doe', active: true });
	});

	test('a required field that is null is missing, with the Define Below error', async () => {
		api.reset(() => ({ body: { message: 'Customer Created' } }));
		const result = await run('rehook', { operation: 'createOrUpdate', authentication: 'basic', inputMode: 'autoMap' }, [{ source_id: null }]);
		expect(result.error?.message).toBe('Invalid "Source ID": is required [item 0]');
		expect(api.received).toHaveLength(0);
	});

	test('Hyfin takes notification_options nested as well as flat, and refuses an unknown option', async () => {
		api.reset(() => ({ body: { success: true, action: 'added', _id: '1' } }));
		const base = { external_id: 'x-1', first_name: 'John', last_name: 'Doe', email: 'j@example.com' };
		expect((await run('hyfin', { operation: 'addUpdate', inputMode: 'autoMap' }, [{ ...base, notification_options: { notify_email: true } }])).error).toBeUndefined();
		expect((api.received[0].json as IDataObject).notification_options).toEqual({ notify_email: true });
		const bad = await run('hyfin', { operation: 'addUpdate', inputMode: 'autoMap' }, [{ ...base, notification_options: { notify_sms: true } }]);
		expect(bad.error?.message).toBe('Invalid "Input Mode": Map Automatically found a field the API does not document: "notification_options.notify_sms" [item 0]');
		const notObject = await run('hyfin', { operation: 'addUpdate', inputMode: 'autoMap' }, [{ ...base, notification_options: 'yes' }]);
		expect(notObject.error?.message).toBe('Invalid "Input Mode": Map Automatically needs "notification_options" to be an object with notify_phone and/or notify_email [item 0]');
		expect(api.received).toHaveLength(1);
	});

	test('Hyfin requires the mobile phone when notify_phone is true, as Define Below does', async () => {
		api.reset(() => ({ body: { success: true } }));
		const result = await run('hyfin', { operation: 'addUpdate', inputMode: 'autoMap' }, [
			{ external_id: 'x-1', first_name: 'John', last_name: 'Doe', 'notification_options.notify_phone': true },
		]);
		expect(result.error?.message).toBe('Invalid "Mobile Phone": is required [item 0]');
	});

	test('BIK takes addresses as a list of address objects, checked as in JSON mode', async () => {
		api.reset(() => cases[0].reply);
		const address = { address1: 'hsr layout', city: 'bangalore', country: 'India', countryCode: 'IN', state: 'karnataka', zip: 560102 };
		const ok = await run('bik', { operation: 'createOrUpdate', inputMode: 'autoMap' }, [{ email: 'a@b.co', addresses: [address] }]);
		expect(ok.error).toBeUndefined();
		expect(api.received[0].json).toEqual({ email: 'a@b.co', addresses: [{ ...address, zip: '560102' }] });
		const bad = await run('bik', { operation: 'createOrUpdate', inputMode: 'autoMap' }, [{ email: 'a@b.co', addresses: [{ city: 'c' }] }]);
		expect(bad.error?.message).toBe('Invalid "Addresses › Address 1 › Address Line 1": is required [item 0]');
	});

	test('BIK: an undocumented name inside an address is refused, or dropped with Ignore Unknown Fields', async () => {
		api.reset(() => cases[0].reply);
		const address = { address1: 'a', city: 'c', country: 'India', countryCode: 'IN', state: 's', zip: '1' };
		const items = [{ email: 'a@b.co', addresses: [address, { ...address, street: 'x' }] }];
		const refused = await run('bik', { operation: 'createOrUpdate', inputMode: 'autoMap' }, items);
		expect(refused.error?.message).toBe('Invalid "Input Mode": Map Automatically found a field the API does not document: "addresses[1].street" [item 0]');
		expect(api.received).toHaveLength(0);
		expect((await run('bik', { operation: 'createOrUpdate', inputMode: 'autoMap', ignoreUnknownFields: true }, items)).error).toBeUndefined();
		expect(api.received[0].json).toEqual({ email: 'a@b.co', addresses: [address, address] });
	});

	test('Omnidesk custom_ fields with a space in the name are refused as in Define Below', async () => {
		api.reset(() => NO_CONTENT);
		const result = await run('omnidesk', { operation: 'createCrud', inputMode: 'autoMap' }, [{ primaryID: 'p', 'custom_my plan': 'x' }]);
		expect(result.error?.message).toBe('Invalid "Custom Fields (JSON) › custom_my plan": name "my plan" contains spaces [item 0]');
	});

	test('Omnidesk channels are numbered in the order of N; a type without a value is refused', async () => {
		api.reset(() => NO_CONTENT);
		await run('omnidesk', { operation: 'createCrud', inputMode: 'autoMap' }, [
			{ primaryID: 'p', customerChannelType_10: 'email', customerChannelValue_10: 'b@example.com', customerChannelType_2: 'email', customerChannelValue_2: 'a@example.com' },
		]);
		const { fields } = await formOf(api.received[0]);
		expect(fields).toEqual({ primaryID: 'p', customerChannelType_0: 'email', customerChannelValue_0: 'a@example.com', customerChannelType_1: 'email', customerChannelValue_1: 'b@example.com' });
		const bad = await run('omnidesk', { operation: 'createCrud', inputMode: 'autoMap' }, [{ primaryID: 'p', customerChannelType_0: 'email' }]);
		expect(bad.error?.message).toBe('Invalid "Channels › Channel 1 › Value": is required [item 0]');
	});

	test('many rows, no expressions: one request per row, in order, paired with its row', async () => {
		api.reset(() => ({ body: { message: 'Customer Created' } }));
		const rowsIn = Array.from({ length: 25 }, (_, i) => ({ source_id: `user-${i}`, metadata: { Plan: i % 2 ? 'pro' : 'free' } }));
		const result = await run('rehook', { operation: 'createOrUpdate', authentication: 'basic', inputMode: 'autoMap' }, rowsIn);
		expect(result.error).toBeUndefined();
		expect(api.received.map((r) => (r.json as IDataObject).source_id).sort()).toEqual(rowsIn.map((r) => r.source_id).sort());
		expect(result.items.map((item) => [item.json.sourceId, item.pairedItem])).toEqual(rowsIn.map((r, i) => [r.source_id, { item: i }]));
	});

	test('panel Options still apply (Hyfin Options › Site ID)', async () => {
		api.reset(() => ({ body: { success: true } }));
		await run('hyfin', { operation: 'addUpdate', inputMode: 'autoMap', options: { siteId: 'site-2' } }, [{ external_id: 'x', first_name: 'J', last_name: 'D' }]);
		expect(api.received[0].path).toBe('/api/v3.1/site/site-2/customer/addUpdate');
	});
});
