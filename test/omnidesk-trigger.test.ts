import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { SANDBOX_CREDENTIALS, credentialData } from '../sandbox/credentials';
import type { OmnideskSim } from '../sandbox/providers/omnidesk';
import { Sandbox } from '../sandbox/server';
import type { ProviderSim, SimReply, SimRequest } from '../sandbox/types';
import { PolledTrigger } from './helpers/poll-node';

/**
 * The Omnidesk Trigger through n8n-core's PollContext, against the sandbox over HTTP: what it
 * reports, what it records, what it asks the API, and what a failed or overlapping poll does.
 */

let sandbox: Sandbox;
let url: string;
const omnidesk = () => sandbox.sims.omnidesk as OmnideskSim;

beforeAll(async () => {
	sandbox = new Sandbox();
	url = await sandbox.start();
});
afterAll(async () => sandbox.stop());
beforeEach(() => {
	sandbox.reset({ faults: true });
	omnidesk().seed(250);
});

const trigger = (event: string, options: IDataObject = {}, budgetMs?: number) =>
	new PolledTrigger({ event, options: options as INodeParameters }, { omnideskApi: credentialData(url).omnideskApi }, budgetMs);

/** A call to the sandbox's Omnidesk API, as a helpdesk agent's change would make it. */
async function api(method: string, path: string, fields?: Record<string, string>, multipart = false): Promise<number> {
	let body: string | FormData | undefined;
	const headers: Record<string, string> = { apikey: SANDBOX_CREDENTIALS.omnidesk.apiKey };
	if (fields && multipart) {
		body = new FormData();
		for (const [name, value] of Object.entries(fields)) body.append(name, value);
	} else if (fields) {
		body = new URLSearchParams(fields).toString();
		headers['content-type'] = 'application/x-www-form-urlencoded';
	}
	const response = await fetch(`${url}/omnidesk/api/v2/customer${path}`, { method, headers, body });
	expect([method, path, response.status]).toEqual([method, path, response.status < 300 ? response.status : 'a 2xx']);
	return response.status;
}
const create = (primary: string, firstname: string) => api('POST', '', { primary_id: primary, firstname, lastname: 'Nieuw' }, true);
const rename = (id: number, firstname: string) => api('PUT', `/${id}`, { firstname });
const remove = (id: number) => api('DELETE', `/${id}`);

/** The index requests the sandbox received since the last reset of its log, as [itemStart, itemLimit]. */
const pages = () =>
	sandbox.log.filter((entry) => entry.provider === 'omnidesk' && entry.method === 'GET' && entry.path === '/api/v2/customer').map((entry) => [Number(entry.query.itemStart), Number(entry.query.itemLimit)]);

describe('polls', () => {
	test('the first poll records every customer and reports nothing; the next reports nothing either', async () => {
		const t = trigger('newOrUpdatedCustomer');
		expect(await t.poll()).toBeNull();
		// 250 customers: pages of 99, each after the first starting at the last entry of the one before.
		expect(pages()).toEqual([
			[0, 99],
			[98, 99],
			[196, 99],
		]);
		const saved = t.saved();
		expect(Object.keys(saved).sort()).toEqual(['customers', 'scope']);
		const pairs = String(saved.customers).split(',');
		expect(pairs).toHaveLength(250);
		expect(pairs[0]).toMatch(/^1:[A-Za-z0-9_-]{8}$/);
		expect(pairs[249]).toMatch(/^250:[A-Za-z0-9_-]{8}$/);
		// Nothing of the records themselves: no names, no addresses.
		expect(JSON.stringify(saved)).not.toMatch(/Anna|example\.com|ext-/);

		sandbox.log.length = 0;
		t.markSaved();
		expect(await t.poll()).toBeNull();
		expect(pages()).toHaveLength(3);
		// Nothing changed, so nothing was assigned: n8n has nothing to save.
		expect(t.changed).toBe(false);
	});

	test('New or Updated Customer reports a created and a changed customer once, with the record as the list has it', async () => {
		const t = trigger('newOrUpdatedCustomer');
		await t.poll();
		await create('crm-900', 'Zoë');
		await rename(17, 'Charlotte');
		await remove(120);
		const reported = await t.pollJson();
		expect(reported).toEqual([
			expect.objectContaining({ id: 17, firstname: 'Charlotte', external_primary_id: 'ext-17' }),
			{ id: 251, external_primary_id: 'crm-900', brand_name: 'Sandbox', firstname: 'Zoë', lastname: 'Nieuw', channels: [] },
		]);
		expect(await t.poll()).toBeNull();
	});

	test('a channel added is a change; the same name written again is not', async () => {
		const t = trigger('newOrUpdatedCustomer');
		await t.poll();
		await api('POST', '/addChannelOnly', { customer_id: '5', extra_email: 'second@example.com' }, true);
		await rename(6, 'Finn');
		expect((await t.pollJson()).map((c) => c.id)).toEqual([5]);
	});

	test('New Customer reports only the created customer; Customer Removed only the removed ID', async () => {
		const added = trigger('newCustomer');
		const removed = trigger('customerRemoved');
		await added.poll();
		await removed.poll();
		await create('crm-901', 'Ada');
		await rename(3, 'Charlotte');
		await remove(42);
		await remove(250);
		expect((await added.pollJson()).map((c) => c.external_primary_id)).toEqual(['crm-901']);
		expect(await removed.pollJson()).toEqual([{ id: 42 }, { id: 250 }]);
		expect(await added.poll()).toBeNull();
		expect(await removed.poll()).toBeNull();
	});

	test('after a restart (static data as saved) nothing is reported again, and later changes are', async () => {
		const t = trigger('newOrUpdatedCustomer');
		await t.poll();
		await rename(8, 'Bram');
		expect((await t.pollJson()).map((c) => c.id)).toEqual([8]);
		t.restart();
		expect(await t.poll()).toBeNull();
		await rename(9, 'Ivo');
		expect((await t.pollJson()).map((c) => c.id)).toEqual([9]);
	});

	test('a changed search starts over: the first poll with it records and reports nothing', async () => {
		const t = trigger('newOrUpdatedCustomer');
		await t.poll();
		await rename(10, 'Karin');
		const narrowed = new PolledTrigger({ event: 'newOrUpdatedCustomer', options: { query: 'Karin' } }, { omnideskApi: credentialData(url).omnideskApi });
		narrowed.setSaved(t.saved());
		sandbox.log.length = 0;
		expect(await narrowed.poll()).toBeNull();
		expect(sandbox.log.every((entry) => entry.query.query === 'Karin')).toBe(true);
		await rename(12, 'Karin');
		expect((await narrowed.pollJson()).map((c) => c.id)).toEqual([12]);
	});
});

describe('Fetch Test Event (manual mode)', () => {
	test('returns the most recent customer in two requests and records nothing', async () => {
		const t = trigger('newOrUpdatedCustomer');
		await create('crm-902', 'Nina');
		expect(await t.pollJson('manual')).toEqual([expect.objectContaining({ id: 251, external_primary_id: 'crm-902' })]);
		expect(pages()).toEqual([
			[0, 1],
			[250, 1],
		]);
		expect(t.saved()).toEqual({});
		expect(t.changed).toBe(false);
		// The first real poll still only records.
		expect(await t.poll()).toBeNull();
	});

	test('for Customer Removed, the sample is shaped as the event: the ID only', async () => {
		expect(await trigger('customerRemoved').pollJson('manual')).toEqual([{ id: 250 }]);
	});

	test('with no customers there is nothing to show', async () => {
		omnidesk().seed(0);
		expect(await trigger('newCustomer').poll('manual')).toBeNull();
	});
});

/**
 * Makes the sandbox's Omnidesk answer its index request number `n` (from 1) with `answer`, which
 * may hand the request on to the sandbox (`pass`) after doing something first.
 */
function onIndexRequest(n: number, answer: (request: SimRequest, pass: (request: SimRequest) => SimReply | Promise<SimReply>) => SimReply | Promise<SimReply>) {
	const sim = omnidesk();
	const pass = sim.handle.bind(sim);
	let count = 0;
	jest.spyOn(sim as ProviderSim, 'handle').mockImplementation((request) =>
		request.method === 'GET' && request.path === '/api/v2/customer' && ++count === n ? answer(request, pass) : pass(request),
	);
}
afterEach(() => jest.restoreAllMocks());

/** Removes customers from the sandbox's store directly (inside a request, between two pages). */
function removeNow(...ids: number[]) {
	const store = omnidesk()['store'];
	for (const id of ids) store.remove(store.customer(id)!);
}

describe('a scan that fails part-way', () => {
	test('fails the poll naming the page and Omnidesk’s message, records nothing, and the next poll reports the change once', async () => {
		const t = trigger('newOrUpdatedCustomer');
		await t.poll();
		const before = t.saved();
		await rename(200, 'Sander');
		onIndexRequest(2, () => ({ status: 403, body: { status: 'error', message: 'This API key lacks CUSTOMER_READ' } }));
		t.markSaved();
		const error = await t.poll().catch((e: Error & { description?: string; context?: IDataObject }) => e);
		expect(error).toMatchObject({
			message: 'Reading page 2 of the Omnidesk customer list (from entry 99) failed: Forbidden (the API key lacks CUSTOMER_READ or CUSTOMER_CUD): This API key lacks CUSTOMER_READ',
			description: expect.stringMatching(/Omnidesk answered 403.*Nothing was recorded or reported; the next poll scans all pages again\.$/),
		});
		expect((error as { context: IDataObject }).context.itemIndex).toBeUndefined();
		expect(t.saved()).toEqual(before);
		expect(t.changed).toBe(false);
		jest.restoreAllMocks();
		expect((await t.pollJson()).map((c) => c.id)).toEqual([200]);
		expect(await t.poll()).toBeNull();
	});

	test('a 5xx on a page is retried like any read, and the poll goes on', async () => {
		const t = trigger('newCustomer', { maxWait: 0.05 });
		await t.poll();
		await create('crm-903', 'Olga');
		onIndexRequest(2, () => ({ status: 503, body: { status: 'error', message: 'Maintenance' } }));
		expect((await t.pollJson()).map((c) => c.external_primary_id)).toEqual(['crm-903']);
	});

	test('a scan that would run past n8n’s poll time stops before the next page and records nothing', async () => {
		const t = trigger('newOrUpdatedCustomer', {}, 50);
		// The first page takes longer than the whole budget.
		onIndexRequest(1, async (request, pass) => {
			await new Promise((resolve) => setTimeout(resolve, 120));
			return await pass(request);
		});
		await expect(t.poll()).rejects.toThrow('The scan stopped before page 2: n8n allows a poll 0.05 s');
		expect(t.saved()).toEqual({});
	});
});

describe('a list that changes while it is scanned', () => {
	test('a customer removed before the page boundary shifts the list: no one is reported removed or new, and the next poll reports the removal', async () => {
		const removed = trigger('customerRemoved');
		const added = trigger('newCustomer');
		await removed.poll();
		await added.poll();
		// Between page 1 and page 2, customer 10 is removed: every later entry moves up by one.
		for (const t of [removed, added]) {
			jest.restoreAllMocks();
			onIndexRequest(2, (request, pass) => {
				if (omnidesk()['store'].customer(10)) removeNow(10);
				return pass(request);
			});
			expect(await t.poll()).toBeNull();
		}
		jest.restoreAllMocks();
		expect(await removed.pollJson()).toEqual([{ id: 10 }]);
		expect(await added.poll()).toBeNull();
	});

	test('two customers removed before the boundary skip one entry: it is neither removed nor forgotten', async () => {
		const removed = trigger('customerRemoved');
		await removed.poll();
		onIndexRequest(2, (request, pass) => {
			removeNow(10, 11);
			return pass(request);
		});
		// Page 2 now starts one entry later than the walk expects: customer 100 was never seen in this scan.
		expect(await removed.poll()).toBeNull();
		expect(String(removed.saved().customers)).toMatch(/(^|,)100:/);
		jest.restoreAllMocks();
		expect(await removed.pollJson()).toEqual([{ id: 10 }, { id: 11 }]);
	});
});

describe('overlapping polls', () => {
	test('a poll that starts while the previous one still runs skips, so nothing is reported twice', async () => {
		const t = trigger('newOrUpdatedCustomer');
		await t.poll();
		await rename(30, 'Tess');
		const [first, second] = await Promise.all([t.pollJson(), t.pollJson()]);
		expect([...first, ...second].map((c) => c.id)).toEqual([30]);
	});
});

describe('bad settings', () => {
	test('a search with characters Omnidesk does not accept stops the poll before anything is sent', async () => {
		await expect(trigger('newCustomer', { query: 'a@b' }).poll()).rejects.toThrow(
			'Invalid "Options › Search Query": "a@b" does not match the pattern ^[0-9a-zA-Z ]+$',
		);
		expect(pages()).toEqual([]);
	});
});
