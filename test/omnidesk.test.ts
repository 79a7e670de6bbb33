import type { IDataObject } from 'n8n-workflow';

import { ApiServer, formOf, type Received, type Reply } from './helpers/api-server';
import { runNode } from './helpers/run-node';
import { customerOperations } from '../nodes/Omnidesk/customer';

const api = new ApiServer();
let baseUrl: string;
const KEY = 'omni-key-7f3a9c';

beforeAll(async () => {
	baseUrl = await api.start();
});
afterAll(async () => api.stop());

function omnidesk(parameters: IDataObject, options: { items?: IDataObject[]; onError?: 'continueRegularOutput' | 'continueErrorOutput' } = {}) {
	return runNode({
		type: 'omnidesk',
		parameters: { resource: 'customer', ...parameters } as never,
		credentials: { omnideskApi: { apiKey: KEY, baseUrl: `${baseUrl}/` } },
		items: options.items,
		onError: options.onError,
	});
}

const customer = (id: number) => ({
	id,
	external_primary_id: `ext-${id}`,
	brand_name: 'Brand',
	firstname: 'Anna',
	lastname: 'Jansen',
	channels: [],
});
const NO_CONTENT: Reply = { status: 204 };

interface Case {
	operation: string;
	parameters: IDataObject;
	method: string;
	path: string;
	query?: Record<string, string>;
	/** The form's content type and every field; undefined for calls without a body. */
	form?: { type: 'multipart/form-data' | 'application/x-www-form-urlencoded'; fields: Record<string, string> };
	reply: Reply;
	output: IDataObject[];
}

const MULTIPART = 'multipart/form-data' as const;
const URLENCODED = 'application/x-www-form-urlencoded' as const;

const cases: Case[] = [
	{
		operation: 'get',
		parameters: { customerId: '42' },
		method: 'GET',
		path: '/api/v2/customer/42',
		reply: { body: customer(42) },
		output: [customer(42)],
	},
	{
		operation: 'create',
		parameters: {
			primaryId: 'crm-1',
			brandId: '1',
			additionalFields: {
				channelId: 'email',
				customerLinkChannel: 'anna@example.com',
				searchCustomerChannelValue: 'anna@example.com',
				firstName: 'Anna-Lé',
				lastName: "O'Brien",
				ticketId: '77',
				noSync: true,
				extraEmail: 'anna.work@example.com',
				extraTelephone: '+31612345678',
			},
			customFields: { field: [{ name: 'testfield', value: 'text' }, { name: 'custom_tier', value: 'gold' }] },
		},
		method: 'POST',
		path: '/api/v2/customer',
		form: {
			type: MULTIPART,
			fields: {
				channel_id: 'email',
				customer_link_channel: 'anna@example.com',
				search_customer_channel_value: 'anna@example.com',
				brand_id: '1',
				primary_id: 'crm-1',
				noSync: 'true',
				firstname: 'Anna-Lé',
				lastname: "O'Brien",
				ticket_id: '77',
				extra_email: 'anna.work@example.com',
				extra_telephone: '+31612345678',
				custom_testfield: 'text',
				custom_tier: 'gold',
			},
		},
		reply: { body: { type: 'result', message: 'User created and channel linked.' } },
		output: [{ created: true, primaryId: 'crm-1', brandId: 1, type: 'result', message: 'User created and channel linked.' }],
	},
	{
		operation: 'updateName',
		parameters: { primaryId: 'crm-1', brandId: '1', customerId: '42', firstName: 'Anna', lastName: 'de Vries', customFields: { field: [{ name: 'testfield', value: 'a&b=c' }] } },
		method: 'PUT',
		path: '/api/v2/customer',
		form: {
			type: URLENCODED,
			fields: { primaryID: 'crm-1', brandID: '1', customerID: '42', firstname: 'Anna', lastname: 'de Vries', custom_testfield: 'a&b=c' },
		},
		reply: NO_CONTENT,
		output: [{ updated: true, primaryId: 'crm-1', brandId: 1, customerId: 42 }],
	},
	{
		operation: 'update',
		parameters: {
			customerId: '42',
			updateFields: { brandId: '1', firstName: 'Zoë', lastName: 'Šimon' },
			customFields: { field: [{ name: 'testfield', value: 'text' }] },
			channels: { channel: [{ type: 'email', value: 'zoe@example.com' }, { type: 'telephone', value: '+31612345678' }] },
		},
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
				customerChannelType_1: 'telephone',
				customerChannelValue_1: '+31612345678',
			},
		},
		reply: { body: { message: 'Customer updated.', type: 'result' } },
		output: [{ updated: true, customerId: 42, message: 'Customer updated.', type: 'result' }],
	},
	{
		operation: 'updateByExternalId',
		parameters: {
			externalPrimaryId: 'crm-1',
			brandId: '1',
			updateFields: { firstName: 'Anna', lastName: 'Jansen' },
			customFieldsInput: 'json',
			customFieldsJson: '{"testfield": "text", "score": 7, "vip": true}',
			channels: { channel: [{ type: 'twitter', value: 'anna_j' }] },
		},
		method: 'PUT',
		path: '/api/v2/customer/updateCustomer',
		form: {
			type: URLENCODED,
			fields: {
				externalPrimaryID: 'crm-1',
				brandID: '1',
				firstname: 'Anna',
				lastname: 'Jansen',
				custom_testfield: 'text',
				custom_score: '7',
				custom_vip: 'true',
				customerChannelType_0: 'twitter',
				customerChannelValue_0: 'anna_j',
			},
		},
		reply: NO_CONTENT,
		output: [{ updated: true, externalPrimaryId: 'crm-1', brandId: 1 }],
	},
	{
		operation: 'delete',
		parameters: { customerId: '42' },
		method: 'DELETE',
		path: '/api/v2/customer/42',
		reply: NO_CONTENT,
		output: [{ deleted: true, customerId: 42 }],
	},
	{
		operation: 'deleteChannel',
		parameters: { customerId: '42', channelId: '9' },
		method: 'DELETE',
		path: '/api/v2/customer/42/channel/9',
		reply: NO_CONTENT,
		output: [{ deleted: true, customerId: 42, channelId: 9 }],
	},
	{
		operation: 'purgeData',
		parameters: { externalPrimaryId: 'crm-1', brandId: '1' },
		method: 'DELETE',
		path: '/api/v2/customer/purgedata',
		query: { externalPrimaryID: 'crm-1', brandID: '1' },
		reply: NO_CONTENT,
		output: [{ purged: true, externalPrimaryId: 'crm-1', brandId: 1 }],
	},
	{
		operation: 'searchByExternalId',
		parameters: { primaryId: 'crm-1', brandId: '1' },
		method: 'POST',
		path: '/api/v2/customer/SearchByPrimaryExternalID',
		form: { type: MULTIPART, fields: { primary_id: 'crm-1', brand_id: '1' } },
		reply: { body: customer(42) },
		output: [customer(42)],
	},
	{
		operation: 'searchByChannelValue',
		parameters: { channelValue: 'anna@example.com', brandId: '1' },
		method: 'POST',
		path: '/api/v2/customer/SearchByCustomerChannelValue',
		form: { type: MULTIPART, fields: { customerChannelValue: 'anna@example.com', brand_id: '1' } },
		reply: { body: [customer(42), customer(43)] },
		output: [customer(42), customer(43)],
	},
	{
		operation: 'addChannel',
		parameters: {
			customerId: '42',
			primaryId: 'crm-1',
			brandId: '1',
			channelsToAdd: { extraEmail: 'a@example.com', extraTelephone: '+3161234', extraTwitter: 'anna_j', extraFacebook: '1' },
			noSync: true,
		},
		method: 'POST',
		path: '/api/v2/customer/addChannelOnly',
		form: {
			type: MULTIPART,
			fields: {
				customer_id: '42',
				primary_id: 'crm-1',
				brand_id: '1',
				extra_email: 'a@example.com',
				extra_telephone: '+3161234',
				extra_twitter: 'anna_j',
				extra_facebook: '1',
				noSync: 'true',
			},
		},
		reply: NO_CONTENT,
		output: [{ added: true, customerId: 42, primaryId: 'crm-1', brandId: 1 }],
	},
	{
		operation: 'getTimeline',
		parameters: { externalId: 'crm-1', brandId: '1', includeTicketHistory: true },
		method: 'GET',
		path: '/api/v2/customer/timelineByCustomerExternalID',
		query: { brand_id: '1', external_id: 'crm-1', ticket_history: '1' },
		reply: { body: { type: 'timeline', events: [{ message: 'Order shipped' }] } },
		output: [{ type: 'timeline', events: [{ message: 'Order shipped' }] }],
	},
	{
		operation: 'createExternalEvent',
		parameters: {
			customerId: '42',
			externalId: 'crm-1',
			brandId: '1',
			message: 'Order 1234 shipped',
			additionalFields: { initiatedBy: 'Webshop', sourceUrl: 'https://shop.example.com/orders/1234' },
		},
		method: 'POST',
		path: '/api/v2/customer/externalEvent',
		form: {
			type: MULTIPART,
			fields: {
				customer_id: '42',
				external_id: 'crm-1',
				brand_id: '1',
				initiated_by: 'Webshop',
				message: 'Order 1234 shipped',
				source_url: 'https://shop.example.com/orders/1234',
			},
		},
		reply: NO_CONTENT,
		output: [{ created: true, externalId: 'crm-1', customerId: 42, brandId: 1 }],
	},
	{
		operation: 'syncWithCrm',
		parameters: { brandId: '1', channel: 'phoneNumber', address: '+31612345678' },
		method: 'POST',
		path: '/api/v2/customer/syncWithCRM',
		form: { type: MULTIPART, fields: { brandID: '1', channel: 'phoneNumber', address: '+31612345678' } },
		reply: NO_CONTENT,
		output: [{ synced: true, brandId: 1, channel: 'phoneNumber', address: '+31612345678' }],
	},
	{
		operation: 'createCrud',
		parameters: {
			primaryId: 'crm-1',
			brandId: '1',
			additionalFields: { firstName: 'Anna', lastName: 'Jansen' },
			customFields: { field: [{ name: 'testfield', value: 'text' }] },
			channels: { channel: [{ type: 'email', value: 'anna@example.com' }] },
		},
		method: 'POST',
		path: '/api/v2/customer/createCustomerCRUD',
		form: {
			type: MULTIPART,
			fields: {
				primaryID: 'crm-1',
				brandID: '1',
				firstname: 'Anna',
				lastname: 'Jansen',
				custom_testfield: 'text',
				customerChannelType_0: 'email',
				customerChannelValue_0: 'anna@example.com',
			},
		},
		reply: NO_CONTENT,
		output: [{ created: true, primaryId: 'crm-1', brandId: 1 }],
	},
];

describe('every operation sends the documented request and outputs what a workflow can use', () => {
	test.each(cases.map((c) => [c.operation, c]))('%s', async (_name, c) => {
		api.reset(() => c.reply);
		const result = await omnidesk({ operation: c.operation, ...c.parameters });
		expect(result.error).toBeUndefined();
		expect(api.received).toHaveLength(1);
		const [request] = api.received;
		expect(request.method).toBe(c.method);
		expect(request.path).toBe(c.path);
		expect(request.query).toEqual(c.query ?? {});
		expect(request.headers.apikey).toBe(KEY);
		if (c.form) {
			const { type, fields } = await formOf(request);
			expect(type).toBe(c.form.type);
			expect(fields).toEqual(c.form.fields);
			// Field order as documented, and nothing else in the body.
			expect(Object.keys(fields)).toEqual(Object.keys(c.form.fields));
		} else {
			expect(request.rawBody).toBe('');
			expect(request.headers['content-type']).toBeUndefined();
		}
		expect(result.items.map((item) => item.json)).toEqual(c.output);
		expect(result.items.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	test('the table covers all 16 endpoints (Get Many and Create or Update have their own tests)', () => {
		const covered = [...new Set(cases.map((c) => c.operation)), 'getAll'].sort();
		expect(Object.keys(customerOperations).filter((name) => !covered.includes(name))).toEqual(['createOrUpdate']);
		expect(covered).toHaveLength(16);
	});

	test('No Sync is left out when off: Omnidesk acts on its presence, whatever its value', async () => {
		for (const parameters of [
			{ operation: 'create', primaryId: 'crm-1', additionalFields: { noSync: false } },
			{ operation: 'addChannel', customerId: '1', channelsToAdd: { extraEmail: 'a@example.com' }, noSync: false },
		]) {
			api.reset(() => NO_CONTENT);
			expect((await omnidesk(parameters)).error).toBeUndefined();
			const { fields } = await formOf(api.received[0]);
			expect(fields).not.toHaveProperty('noSync');
		}
	});

	test('Include Ticket History off sends only brand_id and external_id', async () => {
		api.reset(() => ({ body: [] }));
		const result = await omnidesk({ operation: 'getTimeline', externalId: 'crm-1', brandId: '1' });
		expect(api.received[0].query).toEqual({ brand_id: '1', external_id: 'crm-1' });
		// An empty answer still gives the workflow an item to branch on.
		expect(result.items.map((item) => item.json)).toEqual([{ found: false, externalId: 'crm-1', brandId: 1 }]);
	});

	test('a search that finds nothing outputs found: false with what was searched', async () => {
		api.reset(() => NO_CONTENT);
		const result = await omnidesk({ operation: 'searchByChannelValue', channelValue: '+31612345678' });
		expect(result.items.map((item) => item.json)).toEqual([{ found: false, channelValue: '+31612345678' }]);
	});
});

/** An index endpoint over `total` customers that pages like Omnidesk's. */
function index(total: number, pageCap = 99) {
	return (request: Received): Reply => {
		const start = Number(request.query.itemStart ?? 0);
		const limit = Math.min(Number(request.query.itemLimit ?? 15), pageCap);
		const items = [];
		for (let id = start + 1; id <= Math.min(total, start + limit); id++) items.push(customer(id));
		return { body: { type: 'customers', itemStart: start, itemTotal: total, itemLimit: limit, items } };
	};
}
const pages = () => api.received.map((r) => [Number(r.query.itemStart), Number(r.query.itemLimit)]);

describe('Get Many', () => {
	test('Return All walks every page of 99 and outputs each customer as its own item, in order', async () => {
		api.reset(index(250));
		const result = await omnidesk({ operation: 'getAll', returnAll: true, filters: { query: 'Anna Jansen' } });
		expect(result.error).toBeUndefined();
		expect(pages()).toEqual([
			[0, 99],
			[99, 99],
			[198, 99],
		]);
		expect(api.received.every((r) => r.method === 'GET' && r.path === '/api/v2/customer' && r.query.query === 'Anna Jansen')).toBe(true);
		expect(api.received.every((r) => r.headers.apikey === KEY)).toBe(true);
		expect(result.items).toHaveLength(250);
		expect(result.items.map((item) => item.json.id)).toEqual(Array.from({ length: 250 }, (_, k) => k + 1));
		expect(result.items[0].json).toEqual(customer(1));
		expect(result.items.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	test('a Limit asks only for what is still missing', async () => {
		api.reset(index(250));
		const result = await omnidesk({ operation: 'getAll', returnAll: false, limit: 150 });
		expect(pages()).toEqual([
			[0, 99],
			[99, 51],
		]);
		expect(result.items.map((item) => item.json.id)).toEqual(Array.from({ length: 150 }, (_, k) => k + 1));
	});

	test('the default Limit of 50 is one request; no query parameter when there is no search', async () => {
		api.reset(index(250));
		const result = await omnidesk({ operation: 'getAll' });
		expect(api.received.map((r) => r.query)).toEqual([{ itemStart: '0', itemLimit: '50' }]);
		expect(result.items).toHaveLength(50);
	});

	test('Return All stops at the total, and at an empty result', async () => {
		api.reset(index(99));
		expect((await omnidesk({ operation: 'getAll', returnAll: true })).items).toHaveLength(99);
		expect(pages()).toEqual([[0, 99]]);
		api.reset(index(0));
		const empty = await omnidesk({ operation: 'getAll', returnAll: true });
		expect(empty.error).toBeUndefined();
		expect(empty.items).toEqual([]);
		expect(pages()).toEqual([[0, 99]]);
	});

	test('a server that serves smaller pages than asked is still read to the end', async () => {
		api.reset(index(120, 40));
		const result = await omnidesk({ operation: 'getAll', returnAll: true });
		expect(pages()).toEqual([
			[0, 99],
			[40, 99],
			[80, 99],
		]);
		expect(result.items.map((item) => item.json.id)).toEqual(Array.from({ length: 120 }, (_, k) => k + 1));
	});

	test('each input item gets its own search, and its customers are paired with it, in input order', async () => {
		api.reset((request) => {
			const id = request.query.query === 'first' ? 1 : 2;
			return { body: { itemStart: 0, itemTotal: 1, items: [customer(id)] }, delayMs: id === 1 ? 60 : 0 };
		});
		const result = await omnidesk(
			{ operation: 'getAll', returnAll: true, filters: { query: '={{$json.q}}' } },
			{ items: [{ q: 'first' }, { q: 'second' }] },
		);
		expect(result.items.map((item) => [item.json.id, (item.pairedItem as { item: number }).item])).toEqual([
			[1, 0],
			[2, 1],
		]);
	});

	/**
	 * A server that ignores itemStart and sends no itemTotal answers every page with the first one:
	 * Return All would never end, its memory growing (issue 20, item 11). It stops at the first page
	 * that repeats, with an error saying so. (The server here gives up after 50 pages, so a node
	 * without the check ends too.)
	 */
	test('Return All against a server that ignores itemStart and sends no total: stops at the repeated page with a clear error', async () => {
		const firstPage = Array.from({ length: 99 }, (_, k) => customer(k + 1));
		api.reset((_request, n) => ({ body: { items: n < 50 ? firstPage : [] } }));
		const result = await omnidesk({ operation: 'getAll', returnAll: true });
		expect(pages()).toEqual([
			[0, 99],
			[99, 99],
		]);
		expect(result.items).toEqual([]);
		expect(result.error?.message).toBe('Omnidesk sent the same page again (itemStart=99, itemLimit=99): Return All stopped [item 0]');
		expect(result.error?.description).toContain('Turn off Return All and set a Limit');
	});

	test('a failing page fails the item with Omnidesk’s message; with Continue On Fail it becomes an error item', async () => {
		const pagesOk = index(300);
		api.reset((request, n) => (n === 1 ? { status: 400, body: { status: 'error', message: 'itemStart out of range' } } : pagesOk(request)));
		const result = await omnidesk({ operation: 'getAll', returnAll: true }, { onError: 'continueRegularOutput' });
		expect(api.received).toHaveLength(2);
		expect(result.items.map((item) => item.json)).toEqual([
			{ error: 'Invalid request: itemStart out of range [item 0]', details: expect.objectContaining({ httpCode: '400' }) },
		]);
	});
});

describe('documented rules are checked before anything is sent', () => {
	const invalid: Array<[string, IDataObject, string]> = [
		['a name with digits', { operation: 'updateName', primaryId: 'x', firstName: 'R2D2' }, 'Invalid "First Name": "R2D2" does not match the pattern'],
		['a name with a letter outside the pattern', { operation: 'update', customerId: '1', updateFields: { lastName: 'Šimić' } }, 'Invalid "Last Name": "Šimić" does not match'],
		['a telephone without +', { operation: 'create', primaryId: 'x', additionalFields: { extraTelephone: '0612345678' } }, 'Invalid "Extra Telephone": "0612345678" does not match the pattern ^\\+[0-9]+$'],
		['a telephone with spaces', { operation: 'addChannel', customerId: '1', channelsToAdd: { extraTelephone: '+31 6 1234' } }, 'Invalid "Channels to Add › Telephone"'],
		['an unknown channel_id', { operation: 'create', primaryId: 'x', additionalFields: { channelId: '={{"sms"}}', customerLinkChannel: 'x' } }, 'Invalid "Channel": "sms" does not match the pattern ^([0-9]+|email|telephone|facebook|twitter)$'],
		['channel_id without customer_link_channel', { operation: 'create', primaryId: 'x', additionalFields: { channelId: 'email' } }, 'Invalid "Customer Link Channel": is required'],
		['a linked telephone in the wrong format', { operation: 'create', primaryId: 'x', additionalFields: { channelId: 'telephone', customerLinkChannel: '06-1234' } }, 'Invalid "Customer Link Channel": "06-1234" does not match'],
		['a search query with punctuation', { operation: 'getAll', filters: { query: "O'Brien" } }, 'Invalid "Filters › Search Query": "O\'Brien" does not match the pattern ^[0-9a-zA-Z ]+$'],
		['Update Name without primaryID, brandID or customerID', { operation: 'updateName', firstName: 'Anna' }, 'Invalid "External ID or Brand ID or Customer ID": at least one of'],
		['Create without primary ID or channel value', { operation: 'create', additionalFields: { firstName: 'Anna' } }, 'Invalid "External ID or Search Customer Channel Value"'],
		['a customer ID that is not a number', { operation: 'get', customerId: '../../admin' }, 'Invalid "Customer ID": "../../admin" is not a whole number'],
		// n8n itself refuses an empty required field; an expression that finds nothing gets through to the node.
		['a customer ID whose expression is empty', { operation: 'delete', customerId: '={{$json.nothing}}' }, 'Invalid "Customer ID": is required'],
		['a channel ID that would climb out of the path', { operation: 'deleteChannel', customerId: '1', channelId: '..' }, 'Invalid "Channel ID": ".." cannot be used as an ID'],
		['a brand ID that is not a number', { operation: 'searchByExternalId', primaryId: 'x', brandId: 'one' }, 'Invalid "Brand ID": "one" is not a whole number'],
		['a channel without a value', { operation: 'createCrud', primaryId: 'x', channels: { channel: [{ type: 'email', value: '' }] } }, 'Invalid "Channels › Channel 1 › Value": is required'],
		['a channel email that is not one', { operation: 'update', customerId: '1', channels: { channel: [{ type: 'email', value: 'anna' }] } }, 'Invalid "Channels › Channel 1 › Value": "anna" is not a valid email address'],
		['malformed custom-field JSON', { operation: 'createCrud', primaryId: 'x', customFieldsInput: 'json', customFieldsJson: '{"a": }' }, 'Invalid "Custom Fields (JSON)": is not valid JSON'],
		['a custom field given twice', { operation: 'createCrud', primaryId: 'x', customFields: { field: [{ name: 'tier', value: 'a' }, { name: 'custom_tier', value: 'b' }] } }, '"tier" is given twice'],
		['a custom field holding an object', { operation: 'updateByExternalId', externalPrimaryId: 'x', customFieldsInput: 'json', customFieldsJson: '{"a": {"b": 1}}' }, 'Invalid "Custom Fields (JSON) › a": value must be text, a number or true/false'],
		['an update with nothing to update', { operation: 'update', customerId: '1', updateFields: { brandId: '1' } }, 'Invalid "Update Fields": nothing to update'],
		['Add Channel without a channel', { operation: 'addChannel', customerId: '1' }, 'Invalid "Email or Telephone or Twitter or Facebook"'],
		['an event source that is not a URL', { operation: 'createExternalEvent', externalId: 'x', message: 'm', additionalFields: { sourceUrl: 'javascript:alert(1)' } }, 'Invalid "Source URL"'],
		['an event without a message', { operation: 'createExternalEvent', externalId: 'x', message: '={{$json.nothing}}' }, 'Invalid "Message": is required'],
		['a timeline without a brand', { operation: 'getTimeline', externalId: 'x', brandId: '={{ "" }}' }, 'Invalid "Brand ID": is required'],
		['a CRM sync with a malformed phone number', { operation: 'syncWithCrm', brandId: '1', channel: 'phoneNumber', address: '0612' }, 'Invalid "Address"'],
		['a Limit of 0', { operation: 'getAll', returnAll: false, limit: 0 }, 'Invalid "Limit": must be a whole number of at least 1'],
		['Purge Data without an ID', { operation: 'purgeData', brandId: '1' }, 'Invalid "External ID or Customer ID"'],
	];

	test.each(invalid)('%s', async (_name, parameters, message) => {
		api.reset(() => ({ status: 200, body: {} }));
		const result = await omnidesk(parameters);
		expect(result.error?.message).toContain(message);
		expect(result.error?.message).toMatch(/\[item 0\]$/);
		expect(api.received).toHaveLength(0);
	});

	test('the failing item is named, and with Continue On Fail the valid items are still sent', async () => {
		api.reset(() => NO_CONTENT);
		const result = await omnidesk(
			{ operation: 'delete', customerId: '={{$json.id}}' },
			{ items: [{ id: 1 }, { id: 'x' }, { id: 3 }], onError: 'continueRegularOutput' },
		);
		expect(api.received.map((r) => r.path).sort()).toEqual(['/api/v2/customer/1', '/api/v2/customer/3']);
		expect(result.items.map((item) => item.json)).toEqual([
			{ deleted: true, customerId: 1 },
			{ error: 'Invalid "Customer ID": "x" is not a whole number [item 1]', details: { description: 'Customer ID is a numeric ID, e.g. 1' } },
			{ deleted: true, customerId: 3 },
		]);
	});
});

describe('Omnidesk errors reach the user in Omnidesk’s words', () => {
	test('a 400 {"status":"error","message"} answer', async () => {
		api.reset(() => ({ status: 400, body: { status: 'error', message: 'Brand does not exist' } }));
		const result = await omnidesk({ operation: 'createCrud', primaryId: 'crm-1', brandId: '9' });
		expect(result.error?.message).toBe('Invalid request: Brand does not exist [item 0]');
		expect(result.error?.httpCode).toBe('400');
		expect(api.received).toHaveLength(1);
	});

	test('{"status":"error"} with HTTP 200 is an error too', async () => {
		api.reset(() => ({ status: 200, body: { status: 'error', message: 'Customer not found' } }));
		const result = await omnidesk({ operation: 'get', customerId: '5' });
		expect(result.error?.message).toBe('Customer not found [item 0]');
	});

	test('a key without the permission gets 403 with the reason', async () => {
		api.reset(() => ({ status: 403, body: { status: 'error', message: 'Missing permission CUSTOMER_CUD' } }));
		const result = await omnidesk({ operation: 'delete', customerId: '5' });
		expect(result.error?.message).toBe('Forbidden (the API key lacks CUSTOMER_READ or CUSTOMER_CUD): Missing permission CUSTOMER_CUD [item 0]');
		expect(result.error?.description).toContain("Check the credential's key, secret or token");
	});

	test('a plain create is not repeated after a 500; an update is retried', async () => {
		api.reset(() => ({ status: 500, body: { status: 'error', message: 'Database down' } }));
		const create = await omnidesk({ operation: 'create', primaryId: 'crm-1', options: { maxRetries: 2, maxWait: 0 } });
		expect(api.received).toHaveLength(1);
		expect(create.error?.description).toContain('Not retried');
		api.reset((_request, n) => (n === 0 ? { status: 500, body: { status: 'error', message: 'Database down' } } : NO_CONTENT));
		const update = await omnidesk({ operation: 'updateName', customerId: '4', firstName: 'Anna', options: { maxRetries: 2, maxWait: 0 } });
		expect(update.error).toBeUndefined();
		expect(api.received).toHaveLength(2);
	});

	test('a delete whose answer was lost and whose retry finds nothing to delete is done, not "not found"', async () => {
		// The first attempt deletes the customer but the connection breaks before the answer.
		api.reset((_request, n) => (n === 0 ? { drop: true } : { status: 404, body: { status: 'error', message: 'Customer not found' } }));
		const deleted = await omnidesk({ operation: 'delete', customerId: '77', options: { maxRetries: 2, maxWait: 0 } });
		expect(deleted.error).toBeUndefined();
		expect(deleted.items.map((item) => item.json)).toEqual([{ deleted: true, customerId: 77 }]);
		expect(api.received.map((request) => `${request.method} ${request.path}`)).toEqual(['DELETE /api/v2/customer/77', 'DELETE /api/v2/customer/77']);
		// Without a lost answer before it, a 404 is what it says: the customer does not exist.
		api.reset(() => ({ status: 404, body: { status: 'error', message: 'Customer not found' } }));
		const missing = await omnidesk({ operation: 'delete', customerId: '78', options: { maxRetries: 2, maxWait: 0 } });
		expect(missing.error?.message).toContain('Customer not found');
		expect(api.received).toHaveLength(1);
		// Only deletes read a 404 that way: an update after a lost answer still reports it.
		api.reset((_request, n) => (n === 0 ? { drop: true } : { status: 404, body: { status: 'error', message: 'Customer not found' } }));
		const update = await omnidesk({ operation: 'updateName', customerId: '79', firstName: 'Anna', options: { maxRetries: 2, maxWait: 0 } });
		expect(update.error?.message).toContain('Customer not found');
	});

	test('the API key never appears in an error, even when Omnidesk echoes it', async () => {
		api.reset((request) => ({ status: 401, body: { status: 'error', message: `Invalid apiKey ${String(request.headers.apikey)}` } }));
		const result = await omnidesk({ operation: 'get', customerId: '5' }, { onError: 'continueRegularOutput' });
		const text = JSON.stringify(result.items) + JSON.stringify(result.run.data.resultData);
		expect(text).not.toContain(KEY);
		expect(result.items[0].json.error).toBe('Unauthorized: Invalid apiKey *** [item 0]');
	});
});

describe('form fields are sent exactly, whatever they contain', () => {
	test('unicode, ampersands, equals signs and line breaks survive both encodings', async () => {
		const value = 'Zoë & co = "quoted"\r\n--boundary-like 中文 ✓';
		for (const operation of ['createCrud', 'updateByExternalId']) {
			api.reset(() => NO_CONTENT);
			const parameters: IDataObject =
				operation === 'createCrud' ? { primaryId: 'p-1' } : { externalPrimaryId: 'p-1', updateFields: { firstName: 'Zoë' } };
			const result = await omnidesk({ operation, ...parameters, customFields: { field: [{ name: 'note', value }] } });
			expect(result.error).toBeUndefined();
			const { fields } = await formOf(api.received[0]);
			expect(fields.custom_note).toBe(value);
		}
	});
});

describe('single-record answers: however Omnidesk wraps the record, {{$json.id}} works in the next node', () => {
	const record = { id: 42, external_primary_id: 'crm-1', firstname: 'Anna', lastname: 'Jansen' };
	const shapes: Array<[string, unknown]> = [
		['a bare object', record],
		['{item: {...}}', { type: 'result', item: record }],
		['{data: {...}}', { data: record }],
		['a one-element items list', { type: 'result', itemStart: 0, itemTotal: 1, items: [record] }],
	];

	test.each(shapes)('Get: %s', async (_shape, body) => {
		api.reset(() => ({ status: 200, body }));
		const { items, error } = await omnidesk({ operation: 'get', customerId: '42' });
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json)).toEqual([record]);
	});

	test.each(shapes)('Search by External ID: %s', async (_shape, body) => {
		api.reset(() => ({ status: 200, body }));
		const { items } = await omnidesk({ operation: 'searchByExternalId', primaryId: 'crm-1', brandId: '1' });
		expect(items.map((item) => item.json)).toEqual([record]);
	});

	test.each(shapes)('Create, answered with the record: %s', async (_shape, body) => {
		api.reset(() => ({ status: 200, body }));
		const { items } = await omnidesk({ operation: 'create', primaryId: 'crm-1', brandId: '1' });
		expect(items.map((item) => item.json)).toEqual([{ created: true, primaryId: 'crm-1', brandId: 1, ...record }]);
	});

	test.each(shapes)('Update, answered with the record: %s', async (_shape, body) => {
		api.reset(() => ({ status: 200, body }));
		const { items } = await omnidesk({ operation: 'update', customerId: '42', updateFields: { firstName: 'Anna' } });
		expect(items.map((item) => item.json)).toEqual([{ updated: true, customerId: 42, ...record }]);
	});

	test('a list of two is not one record: Get outputs both, unchanged', async () => {
		api.reset(() => ({ status: 200, body: { items: [record, { ...record, id: 43 }] } }));
		const { items } = await omnidesk({ operation: 'get', customerId: '42' });
		expect(items.map((item) => item.json)).toEqual([{ items: [record, { ...record, id: 43 }] }]);
	});
});
