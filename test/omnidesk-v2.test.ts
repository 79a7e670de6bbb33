import type { IDataObject, INode } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { SEARCH_METHOD } from '../nodes/Omnidesk/customer/locator';
import { Omnidesk } from '../nodes/Omnidesk/Omnidesk.node';
import { TryNotes } from '../nodes/shared/run/tries';
import { credentialData } from '../sandbox/credentials';
import type { OmnideskSim } from '../sandbox/providers/omnidesk';
import { Sandbox } from '../sandbox/server';
import { ApiServer, formOf, type Received, type Reply } from './helpers/api-server';
import { listSearch, runNode } from './helpers/run-node';

/**
 * Omnidesk node version 2: one name for the External ID, the customer picker (resource locator)
 * and Create or Update; and version 1, as saved workflows hold it, sending exactly what it sent.
 */
const api = new ApiServer();
let baseUrl: string;
const KEY = 'omni-key-v2-5d1e';

beforeAll(async () => {
	baseUrl = await api.start();
});
afterAll(async () => api.stop());
afterEach(() => expect(TryNotes.size).toBe(0));

function omnidesk(typeVersion: number, parameters: IDataObject, options: { items?: IDataObject[]; onError?: 'continueRegularOutput'; retry?: boolean } = {}) {
	return runNode({
		type: 'omnidesk',
		typeVersion,
		parameters: { resource: 'customer', ...parameters } as never,
		credentials: { omnideskApi: { apiKey: KEY, baseUrl } },
		items: options.items,
		onError: options.onError,
		retry: options.retry ? { retryOnFail: true, maxTries: 3, waitBetweenTries: 1 } : undefined,
	});
}

const byId = (value: string, mode: 'id' | 'list' = 'id') => ({ __rl: true, mode, value });
const byExternalId = (value: string) => ({ __rl: true, mode: 'externalId', value });

const MULTIPART = 'multipart/form-data';
const URLENCODED = 'application/x-www-form-urlencoded';
const NO_CONTENT: Reply = { status: 204 };
const record = (id: number, externalId = `crm-${id}`) => ({ id, external_primary_id: externalId, firstname: 'Anna', lastname: 'Jansen', brand_id: 1, channels: [] });

/** What reached the server: method, path, query, and the form's type and fields in order (or the absence of a body). */
async function wire(request: Received) {
	const base = { method: request.method, path: request.path, query: request.query };
	if (!request.headers['content-type']) return { ...base, body: request.rawBody === '' ? 'none' : request.rawBody };
	const { type, fields } = await formOf(request);
	return { ...base, type, fields: Object.entries(fields) };
}

type Wire = Awaited<ReturnType<typeof wire>>;
const form = (method: string, path: string, type: string, fields: Record<string, string>, query: Record<string, string> = {}): Wire => ({
	method,
	path,
	query,
	type,
	fields: Object.entries(fields),
});
const bare = (method: string, path: string, query: Record<string, string> = {}): Wire => ({ method, path, query, body: 'none' });

describe('a saved version-1 node and its version-2 counterpart send the same request', () => {
	/** [operation, version-1 parameters as saved, version-2 parameters, the documented request, v1 output, v2 output] */
	const cases: Array<[string, IDataObject, IDataObject, Wire, IDataObject, IDataObject]> = [
		[
			'create',
			{ primaryId: 'crm-1', brandId: '1', additionalFields: { firstName: 'Anna' } },
			{ externalId: 'crm-1', brandId: '1', additionalFields: { firstName: 'Anna' } },
			form('POST', '/api/v2/customer', MULTIPART, { brand_id: '1', primary_id: 'crm-1', firstname: 'Anna' }),
			{ created: true, primaryId: 'crm-1', brandId: 1 },
			{ created: true, externalId: 'crm-1', brandId: 1 },
		],
		[
			'createCrud',
			{ primaryId: 'crm-1', brandId: '1', additionalFields: { lastName: 'Jansen' } },
			{ externalId: 'crm-1', brandId: '1', additionalFields: { lastName: 'Jansen' } },
			form('POST', '/api/v2/customer/createCustomerCRUD', MULTIPART, { primaryID: 'crm-1', brandID: '1', lastname: 'Jansen' }),
			{ created: true, primaryId: 'crm-1', brandId: 1 },
			{ created: true, externalId: 'crm-1', brandId: 1 },
		],
		[
			'searchByExternalId',
			{ primaryId: 'crm-1', brandId: '1' },
			{ externalId: 'crm-1', brandId: '1' },
			form('POST', '/api/v2/customer/SearchByPrimaryExternalID', MULTIPART, { primary_id: 'crm-1', brand_id: '1' }),
			{ found: false, primaryId: 'crm-1', brandId: 1 },
			{ found: false, externalId: 'crm-1', brandId: 1 },
		],
		[
			'updateByExternalId',
			{ externalPrimaryId: 'crm-1', brandId: '1', updateFields: { firstName: 'Anna' } },
			{ externalId: 'crm-1', brandId: '1', updateFields: { firstName: 'Anna' } },
			form('PUT', '/api/v2/customer/updateCustomer', URLENCODED, { externalPrimaryID: 'crm-1', brandID: '1', firstname: 'Anna' }),
			{ updated: true, externalPrimaryId: 'crm-1', brandId: 1 },
			{ updated: true, externalId: 'crm-1', brandId: 1 },
		],
		[
			'getTimeline',
			{ externalId: 'crm-1', brandId: '1' },
			{ customer: byExternalId('crm-1'), brandId: '1' },
			bare('GET', '/api/v2/customer/timelineByCustomerExternalID', { brand_id: '1', external_id: 'crm-1' }),
			{ found: false, externalId: 'crm-1', brandId: 1 },
			{ found: false, externalId: 'crm-1', brandId: 1 },
		],
		[
			'addChannel',
			{ primaryId: 'crm-1', brandId: '1', channelsToAdd: { extraEmail: 'anna@example.com' } },
			{ customer: byExternalId('crm-1'), brandId: '1', channelsToAdd: { extraEmail: 'anna@example.com' } },
			form('POST', '/api/v2/customer/addChannelOnly', MULTIPART, { primary_id: 'crm-1', brand_id: '1', extra_email: 'anna@example.com' }),
			{ added: true, primaryId: 'crm-1', brandId: 1 },
			{ added: true, externalId: 'crm-1', brandId: 1 },
		],
		[
			'addChannel',
			{ customerId: '42', channelsToAdd: { extraTwitter: 'anna_j' } },
			{ customer: byId('42', 'list'), channelsToAdd: { extraTwitter: 'anna_j' } },
			form('POST', '/api/v2/customer/addChannelOnly', MULTIPART, { customer_id: '42', extra_twitter: 'anna_j' }),
			{ added: true, customerId: 42 },
			{ added: true, customerId: 42 },
		],
		[
			'createExternalEvent',
			{ externalId: 'crm-1', brandId: '1', message: 'Order 1 shipped' },
			{ customer: byExternalId('crm-1'), brandId: '1', message: 'Order 1 shipped' },
			form('POST', '/api/v2/customer/externalEvent', MULTIPART, { external_id: 'crm-1', brand_id: '1', message: 'Order 1 shipped' }),
			{ created: true, externalId: 'crm-1', brandId: 1 },
			{ created: true, externalId: 'crm-1', brandId: 1 },
		],
		[
			'createExternalEvent',
			{ customerId: '42', message: 'Order 1 shipped' },
			{ customer: byId('42'), message: 'Order 1 shipped' },
			form('POST', '/api/v2/customer/externalEvent', MULTIPART, { customer_id: '42', message: 'Order 1 shipped' }),
			{ created: true, customerId: 42 },
			{ created: true, customerId: 42 },
		],
		[
			'purgeData',
			{ externalPrimaryId: 'crm-1', brandId: '1' },
			{ customer: byExternalId('crm-1'), brandId: '1' },
			bare('DELETE', '/api/v2/customer/purgedata', { externalPrimaryID: 'crm-1', brandID: '1' }),
			{ purged: true, externalPrimaryId: 'crm-1', brandId: 1 },
			{ purged: true, externalId: 'crm-1', brandId: 1 },
		],
		[
			'purgeData',
			{ customerId: '42' },
			{ customer: byId('42') },
			bare('DELETE', '/api/v2/customer/purgedata', { customerID: '42' }),
			{ purged: true, customerId: 42 },
			{ purged: true, customerId: 42 },
		],
		[
			'updateName',
			{ primaryId: 'crm-1', brandId: '1', firstName: 'Anna' },
			{ customer: byExternalId('crm-1'), brandId: '1', firstName: 'Anna' },
			form('PUT', '/api/v2/customer', URLENCODED, { primaryID: 'crm-1', brandID: '1', firstname: 'Anna' }),
			{ updated: true, primaryId: 'crm-1', brandId: 1 },
			{ updated: true, externalId: 'crm-1', brandId: 1 },
		],
		[
			'updateName',
			{ customerId: '42', lastName: 'Jansen' },
			{ customer: byId('42'), lastName: 'Jansen' },
			form('PUT', '/api/v2/customer', URLENCODED, { customerID: '42', lastname: 'Jansen' }),
			{ updated: true, customerId: 42 },
			{ updated: true, customerId: 42 },
		],
		['get', { customerId: '42' }, { customer: byId('42', 'list') }, bare('GET', '/api/v2/customer/42'), {}, {}],
		[
			'update',
			{ customerId: '42', updateFields: { lastName: 'Jansen' } },
			{ customer: byId('42'), updateFields: { lastName: 'Jansen' } },
			form('PUT', '/api/v2/customer/42', URLENCODED, { lastname: 'Jansen' }),
			{ updated: true, customerId: 42 },
			{ updated: true, customerId: 42 },
		],
		['delete', { customerId: '42' }, { customer: byId('42', 'list') }, bare('DELETE', '/api/v2/customer/42'), { deleted: true, customerId: 42 }, { deleted: true, customerId: 42 }],
		[
			'deleteChannel',
			{ customerId: '42', channelId: '9' },
			{ customer: byId('42'), channelId: '9' },
			bare('DELETE', '/api/v2/customer/42/channel/9'),
			{ deleted: true, customerId: 42, channelId: 9 },
			{ deleted: true, customerId: 42, channelId: 9 },
		],
		[
			'syncWithCrm',
			{ brandId: '1', channel: 'phoneNumber', address: '+31612345678' },
			{ brandId: '1', channelType: 'telephone', address: '+31612345678' },
			form('POST', '/api/v2/customer/syncWithCRM', MULTIPART, { brandID: '1', channel: 'phoneNumber', address: '+31612345678' }),
			{ synced: true, brandId: 1, channel: 'phoneNumber', address: '+31612345678' },
			{ synced: true, brandId: 1, channel: 'telephone', address: '+31612345678' },
		],
	];

	test.each(cases)('%s', async (operation, v1, v2, expected, v1Output, v2Output) => {
		const outputs: IDataObject[][] = [];
		for (const [version, parameters] of [
			[1, v1],
			[2, v2],
		] as const) {
			api.reset(() => NO_CONTENT);
			const result = await omnidesk(version, { operation, ...parameters });
			expect(result.error).toBeUndefined();
			expect(api.received).toHaveLength(1);
			expect(await wire(api.received[0])).toEqual(expected);
			outputs.push(result.items.map((item) => item.json));
		}
		expect(outputs).toEqual([[v1Output], [v2Output]]);
	});

	test('version 1 does not read version 2’s names, nor version 2 version 1’s', async () => {
		api.reset(() => NO_CONTENT);
		// (Empty by expression: n8n itself refuses an empty required field before the node runs.)
		const v1 = await omnidesk(1, { operation: 'createCrud', externalId: 'crm-1', primaryId: '={{ $json.nothing }}' });
		expect(v1.error?.message).toBe('Invalid "External ID": is required [item 0]');
		const v2 = await omnidesk(2, { operation: 'get', customerId: '42', customer: byId('={{ $json.nothing }}', 'list') });
		expect(v2.error?.message).toBe('Invalid "Customer (From List)": is required [item 0]');
		expect(api.received).toHaveLength(0);
	});
});

describe('the customer picker', () => {
	test('By External ID: a search, then the request for the customer it found, in one item', async () => {
		api.reset((request) => (request.path.endsWith('SearchByPrimaryExternalID') ? { body: record(42, 'crm-1') } : { body: { message: 'Customer updated.', type: 'result' } }));
		const result = await omnidesk(2, { operation: 'update', customer: byExternalId('crm-1'), updateFields: { firstName: 'Zoë' } });
		expect(result.error).toBeUndefined();
		expect(await Promise.all(api.received.map(wire))).toEqual([
			form('POST', '/api/v2/customer/SearchByPrimaryExternalID', MULTIPART, { primary_id: 'crm-1' }),
			form('PUT', '/api/v2/customer/42', URLENCODED, { firstname: 'Zoë' }),
		]);
		expect(result.items.map((item) => item.json)).toEqual([{ updated: true, customerId: 42, externalId: 'crm-1', message: 'Customer updated.', type: 'result' }]);
	});

	test('By External ID for Get, Delete and Delete Channel', async () => {
		for (const [operation, extra, last] of [
			['get', {}, bare('GET', '/api/v2/customer/7')],
			['delete', {}, bare('DELETE', '/api/v2/customer/7')],
			['deleteChannel', { channelId: '3' }, bare('DELETE', '/api/v2/customer/7/channel/3')],
		] as const) {
			api.reset((request) => (request.path.endsWith('SearchByPrimaryExternalID') ? { body: { item: record(7, 'shop 7') } } : NO_CONTENT));
			const result = await omnidesk(2, { operation, customer: byExternalId('shop 7'), ...extra });
			expect([operation, result.error]).toEqual([operation, undefined]);
			expect((await Promise.all(api.received.map(wire))).map((w) => `${w.method} ${w.path}`)).toEqual([
				'POST /api/v2/customer/SearchByPrimaryExternalID',
				`${last.method} ${last.path}`,
			]);
		}
	});

	test('Get Timeline picked By ID reads the customer’s External ID first', async () => {
		api.reset((request) => (request.method === 'GET' && request.path === '/api/v2/customer/42' ? { body: record(42, 'crm-42') } : { body: { type: 'result', items: [{ message: 'Order shipped' }] } }));
		const result = await omnidesk(2, { operation: 'getTimeline', customer: byId('42'), brandId: '1', includeTicketHistory: true });
		expect(result.error).toBeUndefined();
		expect(await Promise.all(api.received.map(wire))).toEqual([
			bare('GET', '/api/v2/customer/42'),
			bare('GET', '/api/v2/customer/timelineByCustomerExternalID', { brand_id: '1', external_id: 'crm-42', ticket_history: '1' }),
		]);
		expect(result.items.map((item) => item.json)).toEqual([{ message: 'Order shipped' }]);
	});

	test('a customer without an External ID has no timeline to find: the item says so', async () => {
		api.reset(() => ({ body: record(42, '') }));
		const result = await omnidesk(2, { operation: 'getTimeline', customer: byId('42'), brandId: '1' });
		expect(result.error?.message).toBe('Omnidesk customer 42 has no External ID [item 0]');
		expect(api.received).toHaveLength(1);
	});

	test('nothing found, or more than one: a clear error naming the item, and nothing else is sent', async () => {
		api.reset(() => NO_CONTENT);
		const none = await omnidesk(2, { operation: 'delete', customer: byExternalId('={{ $json.ext }}') }, { items: [{ ext: 'crm-1' }, { ext: 'crm-9' }], onError: 'continueRegularOutput' });
		expect(none.items.map((item) => item.json)).toEqual([
			{ error: 'No Omnidesk customer has External ID "crm-1" [item 0]', details: { description: expect.stringContaining('Check the External ID') } },
			{ error: 'No Omnidesk customer has External ID "crm-9" [item 1]', details: { description: expect.stringContaining('Check the External ID') } },
		]);
		expect(api.received.every((request) => request.path.endsWith('SearchByPrimaryExternalID'))).toBe(true);

		api.reset(() => ({ body: [record(4, 'crm-1'), record(9, 'crm-1')] }));
		const several = await omnidesk(2, { operation: 'addChannel', customer: byExternalId('crm-1'), brandId: '2', channelsToAdd: { extraEmail: 'a@example.com' } });
		// Add Channel takes the External ID itself: no lookup, the request goes as it is.
		expect(several.error).toBeUndefined();
		const ambiguous = await omnidesk(2, { operation: 'get', customer: byExternalId('crm-1') });
		expect(ambiguous.error?.message).toBe('2 Omnidesk customers have External ID "crm-1" (IDs 4, 9) [item 0]');
		expect(ambiguous.error?.description).toMatch(/does not guess which one/);
		expect(api.received.filter((request) => request.method === 'GET')).toHaveLength(0);
	});

	test('By ID takes digits only, checked before anything is sent; the error says which ID it takes', async () => {
		api.reset(() => NO_CONTENT);
		// Typed in the field, n8n itself refuses to run the node (the mode's validation) ...
		await expect(omnidesk(2, { operation: 'delete', customer: byId('ada@example.com') })).rejects.toThrow('Not an Omnidesk customer ID: digits only, e.g. 42');
		// ... and from an expression (or an AI tool's argument) the node refuses it.
		const result = await omnidesk(2, { operation: 'delete', customer: byId('={{ "ada@example.com" }}') });
		expect(result.error?.message).toBe('Invalid "Customer (By ID)": "ada@example.com" is not an Omnidesk customer ID [item 0]');
		expect(result.error?.description).toMatch(/whole number, e\.g\. 42.*By External ID/);
		expect(api.received).toHaveLength(0);
	});

	test('a plain value over the whole field (an expression, an AI tool argument) is Omnidesk’s customer ID', async () => {
		api.reset(() => ({ body: record(5) }));
		const result = await omnidesk(2, { operation: 'get', customer: '={{ $json.id }}' }, { items: [{ id: 5 }] });
		expect(result.error).toBeUndefined();
		expect(api.received.map((request) => request.path)).toEqual(['/api/v2/customer/5']);
	});

	test('Update with Map Automatically takes the customer from the item’s id, as version 1 did', async () => {
		api.reset(() => ({ body: { message: 'Customer updated.', type: 'result' } }));
		const result = await omnidesk(2, { operation: 'update', inputMode: 'autoMap' }, { items: [{ id: 42, firstname: 'Anna' }] });
		expect(result.error).toBeUndefined();
		expect(await wire(api.received[0])).toEqual(form('PUT', '/api/v2/customer/42', URLENCODED, { firstname: 'Anna' }));
	});

	describe('in the editor (n8n’s own parameter checks)', () => {
		const node = (parameters: IDataObject): INode => ({
			id: '1',
			name: 'Omnidesk',
			type: 'n8n-nodes-customer-sync.omnidesk',
			typeVersion: 2,
			position: [0, 0],
			parameters: { resource: 'customer', operation: 'delete', ...parameters } as never,
		});
		const description = new Omnidesk().description;
		const issues = (parameters: IDataObject) =>
			NodeHelpers.getNodeParametersIssues(description.properties, node(parameters), description)?.parameters ?? {};

		test('By ID shows an issue for anything but digits; From List and By External ID take what they get', () => {
			expect(issues({ customer: byId('abc') })).toEqual({ customer: ['Not an Omnidesk customer ID: digits only, e.g. 42'] });
			expect(issues({ customer: byId('42') })).toEqual({});
			expect(issues({ customer: byExternalId('crm 1/x') })).toEqual({});
			expect(issues({ customer: byId('42', 'list') })).toEqual({});
		});

		test('version 2 shows the picker and one External ID; version 1 its own fields', () => {
			const shown = (typeVersion: number, operation: string) =>
				description.properties
					.filter((property) => NodeHelpers.displayParameter({ resource: 'customer', operation }, property, { ...node({}), typeVersion }, description))
					.map((property) => property.name);
			expect(shown(2, 'get')).toEqual(expect.arrayContaining(['customer']));
			expect(shown(2, 'get')).not.toContain('customerId');
			expect(shown(1, 'get')).toContain('customerId');
			expect(shown(1, 'get')).not.toContain('customer');
			for (const operation of ['create', 'createCrud', 'searchByExternalId', 'updateByExternalId', 'createOrUpdate']) {
				expect([operation, shown(2, operation).filter((name) => /primary|external/i.test(name))]).toEqual([operation, ['externalId']]);
			}
			expect(shown(1, 'create')).toContain('primaryId');
			expect(shown(2, 'syncWithCrm')).toContain('channelType');
			expect(shown(1, 'syncWithCrm')).toContain('channel');
		});
	});
});

describe('Create or Update (by External ID)', () => {
	const isSearch = (request: Received) => request.path.endsWith('SearchByPrimaryExternalID');
	const isCreate = (request: Received) => request.path.endsWith('createCustomerCRUD');
	const base = { operation: 'createOrUpdate', externalId: 'crm-1', brandId: '1', additionalFields: { firstName: 'Anna' }, channels: { channel: [{ type: 'email', value: 'anna@example.com' }] } };
	const search = form('POST', '/api/v2/customer/SearchByPrimaryExternalID', MULTIPART, { primary_id: 'crm-1', brand_id: '1' });
	const create = form('POST', '/api/v2/customer/createCustomerCRUD', MULTIPART, {
		primaryID: 'crm-1',
		brandID: '1',
		firstname: 'Anna',
		customerChannelType_0: 'email',
		customerChannelValue_0: 'anna@example.com',
	});
	const update = (id: number) => form('PUT', `/api/v2/customer/${id}`, URLENCODED, { firstname: 'Anna', customerChannelType_0: 'email', customerChannelValue_0: 'anna@example.com' });

	test('none found: created with the External ID; the output says so', async () => {
		api.reset((request) => (isSearch(request) ? NO_CONTENT : NO_CONTENT));
		const result = await omnidesk(2, base);
		expect(result.error).toBeUndefined();
		expect(await Promise.all(api.received.map(wire))).toEqual([search, create]);
		expect(result.items.map((item) => item.json)).toEqual([{ action: 'created', externalId: 'crm-1', brandId: 1 }]);
	});

	test('one found: updated by its ID (the same fields), in both node versions', async () => {
		for (const version of [1, 2]) {
			api.reset((request) => (isSearch(request) ? { body: record(42) } : { body: { message: 'Customer updated.', type: 'result' } }));
			const result = await omnidesk(version, base);
			expect(await Promise.all(api.received.map(wire))).toEqual([search, update(42)]);
			expect(result.items.map((item) => item.json)).toEqual([
				{ action: 'updated', customerId: 42, externalId: 'crm-1', brandId: 1, message: 'Customer updated.', type: 'result' },
			]);
		}
	});

	test('several found: the item fails naming them, nothing is written', async () => {
		api.reset(() => ({ body: { items: [record(4), record(9)] } }));
		const result = await omnidesk(2, base);
		expect(result.error?.message).toBe('2 Omnidesk customers have External ID "crm-1" in brand 1 (IDs 4, 9) [item 0]');
		expect(api.received).toHaveLength(1);
	});

	test('a create Omnidesk refuses (another run created the customer since the search): searched again and updated', async () => {
		let created = false;
		api.reset((request) => {
			if (isSearch(request)) return created ? { body: record(77) } : NO_CONTENT;
			if (isCreate(request)) {
				created = true; // the other run's create, which lands first
				return { status: 400, body: { status: 'error', message: 'A customer with this primary ID already exists' } };
			}
			return { body: { message: 'Customer updated.', type: 'result' } };
		});
		const result = await omnidesk(2, base);
		expect(result.error).toBeUndefined();
		expect(await Promise.all(api.received.map(wire))).toEqual([search, create, search, update(77)]);
		expect(result.items.map((item) => item.json.action)).toEqual(['updated']);
	});

	test('refused, and still nobody there: the item fails with Omnidesk’s own message', async () => {
		api.reset((request) => (isCreate(request) ? { status: 400, body: { status: 'error', message: 'Brand does not exist' } } : NO_CONTENT));
		const result = await omnidesk(2, base);
		expect(result.error?.message).toBe('Invalid request: Brand does not exist [item 0]');
		expect(api.received.map((request) => request.path.split('/').pop())).toEqual(['SearchByPrimaryExternalID', 'createCustomerCRUD', 'SearchByPrimaryExternalID']);
	});

	test('a create that may have been applied (500) is not sent again, nor searched again; the error says why', async () => {
		api.reset((request) => (isCreate(request) ? { status: 500, body: { status: 'error', message: 'Database down' } } : NO_CONTENT));
		const result = await omnidesk(2, { ...base, options: { maxRetries: 3, maxWait: 0 } });
		expect(result.error?.message).toBe('Omnidesk server error: Database down [item 0]');
		expect(result.error?.description).toContain('could create a duplicate');
		expect(api.received.filter(isCreate)).toHaveLength(1);
		expect(api.received).toHaveLength(2);
	});

	test('the search is a read: a 500 on it is retried', async () => {
		let failed = false;
		api.reset((request) => {
			if (isSearch(request) && !failed) {
				failed = true;
				return { status: 500, body: { status: 'error', message: 'Database down' } };
			}
			return NO_CONTENT;
		});
		const result = await omnidesk(2, { ...base, options: { maxRetries: 2, maxWait: 0 } });
		expect(result.error).toBeUndefined();
		expect(api.received.map((request) => request.path.split('/').pop())).toEqual(['SearchByPrimaryExternalID', 'SearchByPrimaryExternalID', 'createCustomerCRUD']);
	});

	test('with n8n’s Retry On Fail, an item whose create may have been applied is not created again on the next try', async () => {
		api.reset((request) => {
			if (isCreate(request)) {
				const first = !api.received.slice(0, -1).some(isCreate);
				return first ? { status: 500, body: { status: 'error', message: 'Database down' } } : NO_CONTENT;
			}
			return NO_CONTENT;
		});
		const result = await omnidesk(2, { ...base, externalId: '={{ $json.ext }}', options: { maxRetries: 0 } }, { items: [{ ext: 'crm-1' }, { ext: 'crm-2' }], retry: true });
		// n8n tried the node 3 times; crm-1's create (500) was sent once and failed every try without being sent again.
		expect(result.error?.message).toBe('Omnidesk server error: Database down [item 0]');
		const creates = await Promise.all(api.received.filter(isCreate).map(async (request) => (await formOf(request)).fields.primaryID));
		expect(creates.filter((id) => id === 'crm-1')).toHaveLength(1);
	});

	test('with n8n’s Retry On Fail, an item is one entry, whatever its expressions give on the next try: one that succeeded makes none of its calls again; the refused one runs all of them again', async () => {
		// crm-2's create is refused on the first try (nothing created, still nobody there), so n8n tries the node again.
		let refusals = 0;
		api.reset(async (request) => {
			if (isCreate(request) && (await formOf(request)).fields.primaryID.startsWith('crm-2') && refusals++ === 0) {
				return { status: 400, body: { status: 'error', message: 'Try again later' } };
			}
			return NO_CONTENT;
		});
		const result = await omnidesk(
			2,
			{ ...base, externalId: "={{ $json.ext + '-' + $now.toMillis() }}", options: { concurrencyControl: { settings: { mode: 'fixed', requests: 1 } }, maxRetries: 0 } },
			{ items: [{ ext: 'crm-1' }, { ext: 'crm-2' }], retry: true },
		);
		expect(result.error).toBeUndefined();
		const calls = await Promise.all(
			api.received.map(async (request) => {
				const fields = (await formOf(request)).fields;
				return `${isSearch(request) ? 'search' : 'create'} ${(fields.primary_id ?? fields.primaryID).split('-').slice(0, 2).join('-')}`;
			}),
		);
		// Try 1: crm-1 searched and created; crm-2 searched, refused, searched again. Try 2: crm-2 only.
		expect(calls).toEqual(['search crm-1', 'create crm-1', 'search crm-2', 'create crm-2', 'search crm-2', 'search crm-2', 'create crm-2']);
		expect(result.items.map((item) => [item.json.action, String(item.json.externalId).split('-').slice(0, 2).join('-')])).toEqual([
			['created', 'crm-1'],
			['created', 'crm-2'],
		]);
	});

	test('Map Automatically: the create form’s own field names', async () => {
		api.reset(() => NO_CONTENT);
		const result = await omnidesk(2, { operation: 'createOrUpdate', inputMode: 'autoMap' }, {
			items: [{ primaryID: 'crm-1', brandID: 1, firstname: 'Anna', customerChannelType_0: 'email', customerChannelValue_0: 'anna@example.com' }],
		});
		expect(result.error).toBeUndefined();
		expect(await Promise.all(api.received.map(wire))).toEqual([search, create]);
	});

	test('bad input fails before anything is sent: no External ID, nothing to write', async () => {
		api.reset(() => NO_CONTENT);
		expect((await omnidesk(2, { ...base, externalId: '={{ "" }}' })).error?.message).toBe('Invalid "External ID": is required [item 0]');
		expect((await omnidesk(2, { operation: 'createOrUpdate', externalId: 'crm-1' })).error?.message).toBe('Invalid "Additional Fields": nothing to update [item 0]');
		expect(api.received).toHaveLength(0);
	});
});

describe('against the sandbox (written from the documents, not from the node)', () => {
	let sandbox: Sandbox;
	let url: string;
	beforeAll(async () => {
		sandbox = new Sandbox({ port: 0 });
		url = await sandbox.start();
	});
	afterAll(async () => sandbox.stop());
	beforeEach(() => sandbox.reset());
	const sim = () => sandbox.sims.omnidesk as OmnideskSim;
	const credentials = () => ({ omnideskApi: credentialData(url).omnideskApi });
	const run = (parameters: IDataObject, items?: IDataObject[]) =>
		runNode({ type: 'omnidesk', typeVersion: 2, parameters: { resource: 'customer', ...parameters } as never, credentials: credentials(), items });
	const list = (filter?: string, token?: string) =>
		listSearch({ type: 'omnidesk', typeVersion: 2, parameters: { resource: 'customer', operation: 'get' }, credentials: credentials() }, SEARCH_METHOD, filter, token);

	test('From List: Get Many’s pages, one at a time, each handing n8n the token of the next', async () => {
		sim().seed(250);
		const first = await list();
		expect(first.results).toHaveLength(99);
		expect(first.results.slice(0, 2)).toEqual([
			{ name: 'Anna de Vries (ext-1)', value: '1' },
			{ name: 'Bram de Vries (ext-2)', value: '2' },
		]);
		expect(first.paginationToken).toBe('99');
		const second = await list(undefined, first.paginationToken);
		expect(second.results[0].value).toBe('100');
		const third = await list(undefined, second.paginationToken);
		expect(third.results.map((result) => result.value)).toEqual(Array.from({ length: 52 }, (_, k) => String(199 + k)));
		expect(third.paginationToken).toBeUndefined();
		expect(sandbox.log.map((entry) => [entry.method, entry.path, entry.query])).toEqual([
			['GET', '/api/v2/customer', { itemStart: '0', itemLimit: '99' }],
			['GET', '/api/v2/customer', { itemStart: '99', itemLimit: '99' }],
			['GET', '/api/v2/customer', { itemStart: '198', itemLimit: '99' }],
		]);
	});

	test('From List searches with the typed text; text Omnidesk’s search does not allow is refused with the reason', async () => {
		sim().seed(40);
		const found = await list('Marieke');
		expect(found.results.map((result) => result.name)).toEqual(['Marieke de Vries (ext-13)', 'Marieke Jansen (ext-33)']);
		expect(found.paginationToken).toBeUndefined();
		expect(sandbox.log.at(-1)?.query).toEqual({ query: 'Marieke', itemStart: '0', itemLimit: '99' });
		await expect(list("O'Brien")).rejects.toThrow('Omnidesk\'s customer search takes letters, digits and spaces only: "O\'Brien" has other characters');
		expect(sandbox.log).toHaveLength(1);
	});

	test('From List with a wrong API key shows Omnidesk’s own message', async () => {
		const wrong = { omnideskApi: { ...credentialData(url).omnideskApi, apiKey: 'not-the-key' } };
		await expect(
			listSearch({ type: 'omnidesk', typeVersion: 2, parameters: { resource: 'customer', operation: 'get' }, credentials: wrong }, SEARCH_METHOD),
		).rejects.toThrow('Unauthorized: Invalid API key');
	});

	test('By External ID finds the customer the documents’ search finds', async () => {
		sim().seed(5);
		const result = await run({ operation: 'get', customer: byExternalId('ext-3') });
		expect(result.items.map((item) => item.json)).toEqual([expect.objectContaining({ id: 3, external_primary_id: 'ext-3' })]);
	});

	test('Create or Update with 8 concurrent items for one new External ID: one customer, created once, updated by the others', async () => {
		const names = ['Anna', 'Bram', 'Chloé', 'Daan', 'Emma', 'Finn', 'Gerrit', 'Iris'];
		// Every answer 200 ms late: the 8 searches are all out before the first create lands.
		sandbox.faults.set({ latencyMs: 200 }, 'omnidesk');
		const result = await run(
			{ operation: 'createOrUpdate', externalId: 'crm-race', brandId: '1', additionalFields: { firstName: '={{ $json.name }}' }, options: { concurrency: 8 } },
			names.map((name) => ({ name })),
		);
		expect(result.error).toBeUndefined();
		const actions = result.items.map((item) => item.json.action);
		expect(actions.filter((action) => action === 'created')).toHaveLength(1);
		expect(actions.filter((action) => action === 'updated')).toHaveLength(7);
		expect(result.items.map((item) => (item.pairedItem as { item: number }).item)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
		// One customer. Every create after the first was refused by Omnidesk (nothing created) and became an update.
		const state = sim().state();
		expect(state.customers).toBe(1);
		const creates = sandbox.log.filter((entry) => entry.path.endsWith('createCustomerCRUD'));
		expect(creates.filter((entry) => entry.outcome === 204)).toHaveLength(1);
		expect(creates.filter((entry) => entry.outcome === 400)).toHaveLength(state.duplicateCreates);
		// The concurrency really raced: more than one item found nobody and tried to create.
		expect(creates.length).toBeGreaterThan(1);

		// Run again, as a replayed delivery would: nothing is created.
		sandbox.faults.clear();
		sandbox.log.length = 0;
		const again = await run({ operation: 'createOrUpdate', externalId: 'crm-race', brandId: '1', additionalFields: { firstName: 'Ada' } });
		expect(again.items.map((item) => item.json)).toEqual([expect.objectContaining({ action: 'updated', customerId: 1, externalId: 'crm-race' })]);
		expect(sandbox.log.map((entry) => `${entry.method} ${entry.path}`)).toEqual(['POST /api/v2/customer/SearchByPrimaryExternalID', 'PUT /api/v2/customer/1']);
		expect(sim().state().customers).toBe(1);
	});
});
