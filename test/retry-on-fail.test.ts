import { TryNotes, triesOf } from '../nodes/shared/run/tries';
import { ApiServer, type Reply } from './helpers/api-server';
import { RawServer, type RawAnswer } from './helpers/raw-server';
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
	// `extra.parameters` replaces the parameters below (an expression of its own).
	return runNode({
		type: 'probe',
		parameters: { operation, value: '={{ $json.value }}', options: { concurrency: 1, maxRetries: 0 } },
		credentials: { bikApi: { apiKey: 'key-1234', apiSecret: 'secret-1234', baseUrl } },
		items: values.map((value) => ({ value })),
		retry: RETRY,
		...extra,
	});
}

/**
 * Answers each value's n-th request (0-based) with `plan[value][n]`, else 200 with `extra` in the
 * body. A value sent as "a|<timestamp>" counts as "a".
 */
function answer(plan: Record<string, Reply[]>, extra: Record<string, unknown> = {}) {
	const seen: Record<string, number> = {};
	api.reset((request) => {
		const value = (request.json as { value: string }).value.split('|')[0];
		const n = (seen[value] = (seen[value] ?? -1) + 1);
		return plan[value]?.[n] ?? { status: 200, body: { value, success: true, ...extra } };
	});
}
/** The values the server received, in order, without what an expression added after "|". */
const sent = () => api.received.map((request) => (request.json as { value: string }).value.split('|')[0]);
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

/**
 * n8n evaluates the node's expressions again on each try: a value with $now (or a random ID)
 * differs from one try to the next. The notes are kept by what n8n keeps between tries (the
 * execution, the node, the run, the item's position and its input), so an item that succeeded is
 * still not sent again (issue 20, item 1: the server received a, b, a, b, c).
 */
describe('Retry On Fail with an expression that changes on every try', () => {
	const NOW = "={{ $json.value + '|' + $now.toMillis() }}";
	const withNow = (onError?: RunOptions['onError']) =>
		probe('create', ['a', 'b', 'c'], { parameters: { operation: 'create', value: NOW, options: { concurrency: 1, maxRetries: 0 } }, retry: { ...RETRY, waitBetweenTries: 20 }, onError });

	test('a create refused once: a and c are sent once, b twice; the output keeps every item', async () => {
		answer({ b: [BAD_REQUEST] });
		const result = await withNow();
		expect(result.error).toBeUndefined();
		expect(sent()).toEqual(['a', 'b', 'b', 'c']);
		// The expression really changed between the tries: b's two requests carry two timestamps.
		const stamps = api.received.map((request) => (request.json as { value: string }).value).filter((value) => value.startsWith('b|'));
		expect(new Set(stamps).size).toBe(2);
		expect(result.items.map((item) => (item.json.value as string).split('|')[0])).toEqual(['a', 'b', 'c']);
	});

	test('with Continue On Fail: the first item refused once is sent again, the others once', async () => {
		answer({ a: [BAD_REQUEST] });
		const result = await withNow('continueRegularOutput');
		expect(sent()).toEqual(['a', 'b', 'c', 'a']);
		expect(result.items.map((item) => item.json.error)).toEqual([undefined, undefined, undefined]);
	});

	test('an item that may have been applied (500) is never sent again, whatever the expression gives', async () => {
		answer({ b: [SERVER_ERROR] });
		const result = await withNow();
		expect(result.error?.message).toBe('Database down [item 1]');
		expect(sent()).toEqual(['a', 'b']);
	});
});

/**
 * n8n re-runs a node whose first output item has an `error` that is set: not undefined, null or
 * false (n8n-core 2.41 WorkflowExecute, checkFailure). The notes follow the same rule: kept when n8n
 * will try again, freed when it will not (issue 20, item 2).
 */
describe('the notes follow what n8n will do next', () => {
	test.each([null, false])('an answer with "error": %s is no failure: n8n does not try again and the notes are freed', async (error) => {
		answer({}, { error });
		const result = await probe('create', ['a', 'b'], { onError: 'continueRegularOutput' });
		expect(result.items.map((item) => item.json.error)).toEqual([error, error]);
		expect(sent()).toEqual(['a', 'b']);
		// afterEach: no notes are left in memory.
	});

	test('an answer whose first item has "error" set makes n8n run the node again: nothing is sent twice', async () => {
		answer({}, { error: 'a warning the provider sends with a success' });
		const result = await probe('create', ['a', 'b']);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(2);
		expect(sent()).toEqual(['a', 'b']);
	});
});

/**
 * A try can take long (50,000 items at 50/s take 17 minutes): its notes are kept as long as the try
 * goes on, and each item it settles marks them as used, so n8n's next try still finds them
 * (issue 20, item 2). The clock is jest's fake Date, moved on while a request is in flight.
 */
describe('a try longer than the quiet period keeps its notes', () => {
	const MINUTE = 60_000;
	const REAL_TIMERS = ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate', 'nextTick', 'queueMicrotask', 'hrtime', 'performance'] as const;
	beforeEach(() => jest.useFakeTimers({ doNotFake: [...REAL_TIMERS], now: Date.now() }));
	afterEach(() => jest.useRealTimers());

	test('a try that settles its first item 16 minutes in: the next try does not send it again', async () => {
		const seen: Record<string, number> = {};
		api.reset((request) => {
			const value = (request.json as { value: string }).value;
			seen[value] = (seen[value] ?? 0) + 1;
			if (value === 'a') jest.setSystemTime(Date.now() + 16 * MINUTE);
			return value === 'b' && seen.b === 1 ? BAD_REQUEST : { status: 200, body: { value, success: true } };
		});
		const result = await probe('create', ['a', 'b']);
		expect(result.error).toBeUndefined();
		expect(sent()).toEqual(['a', 'b', 'b']);
	});

	test('another execution starting 20 minutes into a try does not forget that try’s notes', async () => {
		let other: Promise<unknown> | undefined;
		const seen: Record<string, number> = {};
		api.reset(async (request) => {
			const value = (request.json as { value: string }).value;
			seen[value] = (seen[value] ?? 0) + 1;
			if (value === 'a' && !other) {
				// While "a" is in flight, 20 minutes pass and another execution with Retry On Fail runs.
				jest.setSystemTime(Date.now() + 20 * MINUTE);
				other = probe('create', ['other']);
				await other;
			}
			return value === 'b' && seen.b === 1 ? BAD_REQUEST : { status: 200, body: { value, success: true } };
		});
		const result = await probe('create', ['a', 'b']);
		expect(result.error).toBeUndefined();
		expect(sent()).toEqual(['a', 'other', 'b', 'b']);
	});
});

/**
 * An answer that arrives but cannot be read (a broken gzip body, a bad chunk, a body cut short):
 * the request was written and the provider may have applied it, so n8n's next try does not send
 * it again, and the error says what happened (issue 20, item 13).
 */
describe('an answer that cannot be read', () => {
	const raw = new RawServer({ value: 'x', success: true });
	let rawUrl: string;
	beforeAll(async () => {
		rawUrl = await raw.start();
	});
	afterAll(async () => raw.stop());

	test.each<[RawAnswer, string]>([
		['gzip', 'Z_DATA_ERROR'],
		['chunk', 'HPE_INVALID_CHUNK_SIZE'],
		['truncated', 'ERR_BAD_RESPONSE'],
	])('%s: sent once, not again on n8n\'s next try; the error names it', async (answer, code) => {
		raw.reset({ value: 'x', success: true }, answer);
		const result = await runNode({
			type: 'probe',
			parameters: { operation: 'create', value: 'x', options: { maxRetries: 3 } },
			credentials: { bikApi: { apiKey: 'key-1234', apiSecret: 'secret-1234', baseUrl: rawUrl } },
			retry: RETRY,
		});
		expect(raw.received).toHaveLength(1);
		expect(result.error?.message).toMatch(/^Probe answered, but the answer could not be read: .+ \[item 0\]$/);
		expect(result.error?.description).toContain(`(${code})`);
		expect(result.error?.description).toContain('Not retried: this operation could create a duplicate if sent twice.');
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
