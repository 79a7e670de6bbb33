import { TryNotes, triesOf } from '../nodes/shared/run/tries';
import { ApiServer, type Reply } from './helpers/api-server';
import { runNode, type RunOptions } from './helpers/run-node';

/**
 * n8n's own Settings › Retry On Fail re-runs the whole node, items already sent included
 * (n8n-core 2.41's WorkflowExecute). For a plain create the node remembers, per execution, what
 * each item's earlier try did: items that succeeded are not sent again, items that may have been
 * applied fail again without being sent, the others are sent again.
 */
const api = new ApiServer();
let baseUrl: string;

beforeAll(async () => {
	baseUrl = await api.start();
});
afterAll(async () => api.stop());

const RETRY = { retryOnFail: true, maxTries: 3, waitBetweenTries: 1 };

function probe(operation: 'create' | 'upsert', values: string[], extra: Partial<RunOptions> = {}) {
	return runNode({
		type: 'probe',
		parameters: { operation, value: '={{ $json.value }}', options: { concurrency: 1, maxRetries: 0 } },
		credentials: { bikApi: { apiKey: 'key-1234', apiSecret: 'secret-1234', baseUrl } },
		items: values.map((value) => ({ value })),
		retry: RETRY,
		...extra,
	});
}

/** Answers each value's n-th request (0-based) with `plan[value][n]`, else 200. */
function answer(plan: Record<string, Reply[]>) {
	const seen: Record<string, number> = {};
	api.reset((request) => {
		const value = (request.json as { value: string }).value;
		const n = (seen[value] = (seen[value] ?? -1) + 1);
		return plan[value]?.[n] ?? { status: 200, body: { value, success: true } };
	});
}
const sent = () => api.received.map((request) => (request.json as { value: string }).value);
const BAD_REQUEST: Reply = { status: 400, body: { message: 'Rejected once' } };
const SERVER_ERROR: Reply = { status: 500, body: { message: 'Database down' } };

afterEach(() => expect(TryNotes.size).toBe(0));

describe('Retry On Fail without Continue On Fail', () => {
	test('items that succeeded are not sent again; the one that was refused is', async () => {
		answer({ b: [BAD_REQUEST] });
		const result = await probe('create', ['a', 'b', 'c']);
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.value)).toEqual(['a', 'b', 'c']);
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		// Try 1: a, b (400, stops the node); try 2: b again, c. "a" went out once.
		expect(sent()).toEqual(['a', 'b', 'b', 'c']);
	});

	test('an item that may have been applied (500) is never sent again; the run fails with its error', async () => {
		answer({ b: [SERVER_ERROR] });
		const result = await probe('create', ['a', 'b', 'c']);
		expect(result.error?.message).toBe('Database down [item 1]');
		expect(result.error?.description).toContain('Not retried');
		expect(sent()).toEqual(['a', 'b']);
	});

	test('an upsert is idempotent: n8n re-runs it whole, as before', async () => {
		answer({ b: [BAD_REQUEST] });
		const result = await probe('upsert', ['a', 'b', 'c']);
		expect(result.error).toBeUndefined();
		expect(sent()).toEqual(['a', 'b', 'a', 'b', 'c']);
	});

	test('without Retry On Fail nothing is remembered', async () => {
		answer({ b: [BAD_REQUEST] });
		const result = await probe('create', ['a', 'b', 'c'], { retry: { retryOnFail: false } });
		expect(result.error?.message).toContain('Rejected once');
		expect(sent()).toEqual(['a', 'b']);
	});
});

describe('Retry On Fail with Continue On Fail', () => {
	test('n8n re-runs the node when the first item failed: the others are not sent again', async () => {
		answer({ a: [BAD_REQUEST] });
		const result = await probe('create', ['a', 'b', 'c'], { onError: 'continueRegularOutput' });
		expect(result.items.map((item) => item.json.value)).toEqual(['a', 'b', 'c']);
		expect(sent()).toEqual(['a', 'b', 'c', 'a']);
	});

	test('a first item that may have been applied stays an error item on every try, sent once', async () => {
		answer({ a: [SERVER_ERROR] });
		const result = await probe('create', ['a', 'b'], { onError: 'continueRegularOutput' });
		expect(result.items[0].json.error).toBe('Database down [item 0]');
		expect(result.items[1].json.value).toBe('b');
		expect(sent()).toEqual(['a', 'b']);
	});

	test('n8n does not re-run the node when a later item failed', async () => {
		answer({ b: [BAD_REQUEST] });
		const result = await probe('create', ['a', 'b'], { onError: 'continueRegularOutput' });
		expect(result.items[1].json.error).toContain('Rejected once');
		expect(sent()).toEqual(['a', 'b']);
	});
});

test('the tries n8n makes: 3 by default, from 2 to 5', () => {
	expect([undefined, 0, 1, 2, 3, 5, 9].map(triesOf)).toEqual([3, 3, 2, 2, 3, 5, 5]);
});

test('the plain creates show a notice about Retry On Fail in the panel, and only they do', async () => {
	const { Omnidesk } = await import('../nodes/Omnidesk/Omnidesk.node');
	const { Rehook } = await import('../nodes/Rehook/Rehook.node');
	const notice = (node: { description: { properties: Array<{ name: string; displayOptions?: { show?: Record<string, unknown> } }> } }) =>
		node.description.properties.find((property) => property.name === 'retryOnFailNotice')?.displayOptions?.show?.operation;
	expect(notice(new Omnidesk())).toEqual(['create', 'createCrud', 'createExternalEvent']);
	expect(notice(new Rehook())).toEqual(['create']);
});
