import { ApiServer } from './helpers/api-server';
import { reportedErrors, runNode, type RunOptions } from './helpers/run-node';

/**
 * The shared per-item machinery, through n8n-core's real execution path and real HTTP:
 * order, pairedItem, concurrency, the retry policy, continue-on-fail, secrets.
 */
const api = new ApiServer();
let baseUrl: string;
const SECRET = 'sEcReT-marker-7f3a91';
const KEY = 'key-marker-c0ffee';

beforeAll(async () => {
	baseUrl = await api.start();
});
afterAll(async () => api.stop());

function probe(operation: 'create' | 'upsert', values: string[], extra: Partial<RunOptions> = {}, options = {}) {
	return runNode({
		type: 'probe',
		parameters: { operation, value: '={{ $json.value }}', options },
		credentials: { bikApi: { apiKey: KEY, apiSecret: SECRET, baseUrl } },
		items: values.map((value) => ({ value })),
		...extra,
	});
}

const ok = (value: unknown) => ({ status: 200, body: { value, success: true } });

describe('order, pairing and concurrency', () => {
	test('outputs keep input order and pairing when answers arrive out of order', async () => {
		const values = Array.from({ length: 24 }, (_, i) => `v${i}`);
		api.reset((req) => ({ ...ok((req.json as { value: string }).value), delayMs: 5 + ((values.length - Number((req.json as { value: string }).value.slice(1))) % 7) * 8 }));
		const result = await probe('upsert', values, {}, { concurrency: 6 });
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.value)).toEqual(values);
		expect(result.items.map((item) => item.pairedItem)).toEqual(values.map((_, item) => ({ item })));
		expect(api.received).toHaveLength(24);
		expect(api.maxInFlight).toBe(6);
	});

	test('never more requests in flight than the concurrency option', async () => {
		api.reset(() => ({ ...ok('x'), delayMs: 20 }));
		await probe('upsert', Array.from({ length: 12 }, (_, i) => `v${i}`), {}, { concurrency: 3 });
		expect(api.maxInFlight).toBe(3);
		await probe('upsert', ['a', 'b', 'c'], {}, { concurrency: 1 });
		expect(api.maxInFlight).toBe(3);
		api.reset(() => ({ ...ok('x'), delayMs: 20 }));
		await probe('upsert', ['a', 'b', 'c', 'd'], {}, { concurrency: 1 });
		expect(api.maxInFlight).toBe(1);
	});

	test('by default the concurrency adapts: it grows past the old fixed 5 while answers stay quick', async () => {
		api.reset(() => ({ ...ok('x'), delayMs: 30 }));
		const values = Array.from({ length: 80 }, (_, i) => `v${i}`);
		const result = await probe('upsert', values);
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.value)).toEqual(values.map(() => 'x'));
		expect(api.received).toHaveLength(80);
		expect(api.maxInFlight).toBeGreaterThan(5);
		expect(api.maxInFlight).toBeLessThanOrEqual(64);
	});

	test('adaptive: outputs keep input order and pairing when answers arrive out of order', async () => {
		const values = Array.from({ length: 60 }, (_, i) => `v${i}`);
		api.reset((req) => {
			const value = (req.json as { value: string }).value;
			return { ...ok(value), delayMs: 5 + ((values.length - Number(value.slice(1))) % 7) * 8 };
		});
		const result = await probe('upsert', values);
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.value)).toEqual(values);
		expect(result.items.map((item) => item.pairedItem)).toEqual(values.map((_, item) => ({ item })));
		expect(api.received).toHaveLength(60);
	});

	test('Max Concurrency is never exceeded', async () => {
		api.reset(() => ({ ...ok('x'), delayMs: 15 }));
		await probe('upsert', Array.from({ length: 60 }, (_, i) => `v${i}`), {}, { maxConcurrency: 6 });
		expect(api.maxInFlight).toBeGreaterThanOrEqual(4);
		expect(api.maxInFlight).toBeLessThanOrEqual(6);
		// Under the starting window of 4 the ceiling is reached at once: exactly that many in flight.
		api.reset(() => ({ ...ok('x'), delayMs: 15 }));
		await probe('upsert', Array.from({ length: 20 }, (_, i) => `v${i}`), {}, { maxConcurrency: 3 });
		expect(api.maxInFlight).toBe(3);
	});

	test('a fixed Concurrency is exactly that many in flight, above Max Concurrency too', async () => {
		api.reset(() => ({ ...ok('x'), delayMs: 200 }));
		await probe('upsert', Array.from({ length: 40 }, (_, i) => `v${i}`), {}, { concurrency: 9, maxConcurrency: 2 });
		expect(api.maxInFlight).toBe(9);
		api.reset(() => ({ ...ok('x'), delayMs: 200 }));
		await probe('upsert', Array.from({ length: 40 }, (_, i) => `v${i}`), {}, { concurrency: 5 });
		expect(api.maxInFlight).toBe(5);
	});

	test('adaptive: with Continue On Fail failed items become error items in place and the others go on', async () => {
		const values = Array.from({ length: 30 }, (_, i) => `v${i}`);
		api.reset((req) => {
			const value = (req.json as { value: string }).value;
			return Number(value.slice(1)) % 4 === 1 ? { status: 400, body: { message: `${value} is taken` }, delayMs: 3 } : { ...ok(value), delayMs: 10 };
		});
		const result = await probe('upsert', values, { onError: 'continueRegularOutput' });
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.value ?? item.json.error)).toEqual(
			values.map((value, i) => (i % 4 === 1 ? `Bad request: ${value} is taken [item ${i}]` : value)),
		);
		expect(result.items.map((item) => item.pairedItem)).toEqual(values.map((_, item) => ({ item })));
		expect(api.received).toHaveLength(30);
	});

	test('adaptive: without Continue On Fail the first failure stops the run; items not yet started are not sent', async () => {
		const values = Array.from({ length: 200 }, (_, i) => `v${i}`);
		api.reset((req) => {
			const value = (req.json as { value: string }).value;
			return value === 'v3' ? { status: 400, body: { message: 'v3 is taken' } } : { ...ok(value), delayMs: 20 };
		});
		const result = await probe('upsert', values);
		expect(result.error?.message).toBe('Bad request: v3 is taken [item 3]');
		// Only what was in flight when the error came (the window starts at 4) was sent.
		expect(api.received.length).toBeLessThan(20);
	});

	test('an invalid Concurrency option is a clear error and nothing is sent', async () => {
		api.reset(() => ok('x'));
		const result = await probe('upsert', ['a'], {}, { concurrency: 0 });
		expect(result.error?.message).toBe('Invalid "Options › Concurrency": must be a whole number of at least 1 [item 0]');
		expect(api.received).toHaveLength(0);
	});
});

describe('bad input', () => {
	test('an invalid item stops the run before any request is sent', async () => {
		api.reset(() => ok('x'));
		const result = await probe('upsert', ['a', 'b', 'bad', 'd']);
		expect(result.error?.message).toBe('Invalid "Value": must not be "bad" [item 2]');
		expect(result.error?.context?.itemIndex).toBe(2);
		expect(api.received).toHaveLength(0);
	});

	test('with Continue On Fail the invalid item becomes an error item and the others are sent', async () => {
		api.reset((req) => ok((req.json as { value: string }).value));
		const result = await probe('upsert', ['a', 'bad', 'c'], { onError: 'continueRegularOutput' });
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json)).toEqual([
			{ value: 'a', success: true },
			{ error: 'Invalid "Value": must not be "bad" [item 1]', details: { description: 'Fix "Value" for this item; nothing was sent for it.' } },
			{ value: 'c', success: true },
		]);
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(api.received.map((r) => (r.json as { value: string }).value).sort()).toEqual(['a', 'c']);
	});

	test('with "Continue (using error output)" failed items go to the error output', async () => {
		api.reset((req) =>
			(req.json as { value: string }).value === 'd' ? { status: 400, body: { message: 'd is taken' } } : ok((req.json as { value: string }).value),
		);
		const result = await probe('upsert', ['a', 'bad', 'c', 'd'], { onError: 'continueErrorOutput' });
		expect(result.items.map((item) => item.json.value)).toEqual(['a', 'c']);
		expect(result.errorItems.map((item) => item.json.error)).toEqual([
			'Invalid "Value": must not be "bad" [item 1]',
			'Bad request: d is taken [item 3]',
		]);
		expect(result.errorItems[1].json.details).toEqual({
			httpCode: '400',
			description: 'Probe answered 400 (Bad request). Check the values sent for this item.',
		});
	});
});

describe('retry policy', () => {
	test('a 429 is retried after the Retry-After seconds, for a plain create too', async () => {
		api.reset((_req, index) => (index === 0 ? { status: 429, headers: { 'Retry-After': '1' }, body: {} } : ok('a')));
		const result = await probe('create', ['a']);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toEqual({ value: 'a', success: true });
		expect(api.received).toHaveLength(2);
		expect(api.received[1].at - api.received[0].at).toBeGreaterThanOrEqual(990);
	});

	test('Retry-After as an HTTP date is honoured', async () => {
		let retryAt = 0;
		api.reset((_req, index) => {
			if (index > 0) return ok('a');
			retryAt = Math.ceil((Date.now() + 1500) / 1000) * 1000;
			return { status: 503, headers: { 'Retry-After': new Date(retryAt).toUTCString() }, body: {} };
		});
		const result = await probe('upsert', ['a']);
		expect(result.error).toBeUndefined();
		expect(api.received).toHaveLength(2);
		expect(api.received[1].at).toBeGreaterThanOrEqual(retryAt - 10);
	});

	test('one 429 pauses every worker, not only the one that got it', async () => {
		api.reset((_req, index) => (index === 0 ? { status: 429, headers: { 'Retry-After': '1' }, body: {} } : { ...ok('x'), delayMs: 5 }));
		const started = Date.now();
		const result = await probe('upsert', Array.from({ length: 10 }, (_, i) => `v${i}`), {}, { concurrency: 1 });
		expect(result.items).toHaveLength(10);
		// The rate-limited request is retried first, after the pause; the others follow it.
		expect(api.received[1].at - started).toBeGreaterThanOrEqual(990);
		expect(api.received).toHaveLength(11);
	});

	test('after the first 429 the run keeps under the limit instead of bursting into it after every pause', async () => {
		// A provider allowing 20 requests per second (fixed windows), with Retry-After.
		let windowStart = 0;
		let inWindow = 0;
		let limited = 0;
		api.reset(() => {
			const now = Date.now();
			if (now - windowStart >= 1000) [windowStart, inWindow] = [now, 0];
			if (++inWindow > 20 && ++limited) return { status: 429, headers: { 'Retry-After': String(Math.ceil((windowStart + 1000 - now) / 1000)) }, body: {} };
			return { ...ok('x'), delayMs: 2 };
		});
		const result = await probe('upsert', Array.from({ length: 70 }, (_, i) => `v${i}`), {}, { concurrency: 5 });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(70);
		// Only the requests in flight when the limit was first hit are refused (at most the concurrency);
		// without the pace, every window after a pause would end in another burst of 429s.
		expect(limited).toBeGreaterThan(0);
		expect(limited).toBeLessThanOrEqual(5);
		expect(api.received).toHaveLength(70 + limited);
	});

	test('a Retry-After longer than Max Wait fails the item without waiting', async () => {
		api.reset(() => ({ status: 429, headers: { 'Retry-After': '120' }, body: { message: 'slow down' } }));
		const result = await probe('create', ['a'], {}, { maxWait: 5 });
		expect(result.error?.message).toBe('Probe asked to wait 120 s before retrying, longer than Max Wait (5 s) [item 0]');
		expect(result.error?.httpCode).toBe('429');
		expect(api.received).toHaveLength(1);
	});

	test('a plain create is not retried after a 500', async () => {
		api.reset(() => ({ status: 500, body: { message: 'boom' } }));
		const result = await probe('create', ['a']);
		expect(api.received).toHaveLength(1);
		expect(result.error?.message).toBe('boom [item 0]');
		expect(result.error?.description).toContain('Not retried: this operation could create a duplicate if sent twice.');
		expect(result.error?.httpCode).toBe('500');
	});

	test('an upsert is retried after 5xx, up to Max Retries, with backoff', async () => {
		api.reset(() => ({ status: 502, body: { message: 'bad gateway' } }));
		const result = await probe('upsert', ['a'], {}, { maxRetries: 2, maxWait: 0.2 });
		expect(api.received).toHaveLength(3);
		expect(result.error?.message).toBe('bad gateway [item 0]');
		expect(result.error?.description).toContain('Tried 3 times.');
	});

	test('an upsert that fails once with 500 then succeeds yields its result', async () => {
		api.reset((_req, index) => (index === 0 ? { status: 500, body: {} } : ok('a')));
		const result = await probe('upsert', ['a'], {}, { maxWait: 0.2 });
		expect(result.items.map((item) => item.json)).toEqual([{ value: 'a', success: true }]);
		expect(api.received).toHaveLength(2);
	});

	test('Max Retries 0 sends once', async () => {
		api.reset(() => ({ status: 429, body: {} }));
		const result = await probe('upsert', ['a'], {}, { maxRetries: 0 });
		expect(api.received).toHaveLength(1);
		expect(result.error?.httpCode).toBe('429');
	});

	test('a dropped connection is retried for an upsert but not for a create', async () => {
		api.reset((_req, index) => (index === 0 ? { drop: true } : ok('a')));
		const upsert = await probe('upsert', ['a'], {}, { maxWait: 0.2 });
		expect(upsert.error).toBeUndefined();
		expect(api.received).toHaveLength(2);

		api.reset((_req, index) => (index === 0 ? { drop: true } : ok('a')));
		const create = await probe('create', ['a'], {}, { maxWait: 0.2 });
		expect(api.received).toHaveLength(1);
		expect(create.error?.message).toBe('Could not reach Probe: the connection was closed before an answer came [item 0]');
		expect(create.error?.description).toMatch(/^Network error ECONNRESET\. Not retried: this operation could create a duplicate/);
	});

	test('a refused connection is retried even for a create: the request never left', async () => {
		const closed = new ApiServer();
		const closedUrl = await closed.start();
		await closed.stop();
		const result = await runNode({
			type: 'probe',
			parameters: { operation: 'create', value: 'a', options: { maxRetries: 2, maxWait: 0.05 } },
			credentials: { bikApi: { apiKey: KEY, apiSecret: SECRET, baseUrl: closedUrl } },
		});
		expect(result.error?.message).toBe('Could not reach Probe: the connection was refused [item 0]');
		expect(result.error?.description).toMatch(/^Network error ECONNREFUSED\. Tried 3 times\./);
	});

	test('a request that gets no answer ends with a timeout error, not a hang', async () => {
		api.reset(() => ({ ...ok('a'), delayMs: 1500 }));
		const result = await probe('create', ['a'], {}, { timeout: 0.3, maxRetries: 0 });
		expect(result.error?.message).toBe('Could not reach Probe: no answer came before the timeout [item 0]');
		expect(result.error?.description).toMatch(/^Network error (ECONNABORTED|ETIMEDOUT)\./);
	});

	test('success: false with HTTP 200 is an error, and not retried', async () => {
		api.reset(() => ({ status: 200, body: { success: false, message: 'rejected' } }));
		const result = await probe('upsert', ['a']);
		expect(result.error?.message).toBe('rejected [item 0]');
		expect(api.received).toHaveLength(1);
	});
});

describe('secrets', () => {
	test('no secret reaches an output item or an error, even when the API echoes it', async () => {
		api.reset((req) => ({ status: 400, body: { message: `bad auth header ${req.headers.authorization} for ${KEY}/${SECRET}` } }));
		const result = await probe('upsert', ['a', 'b'], { onError: 'continueRegularOutput' });
		await probe('upsert', ['c']);
		expect(reportedErrors.join('\n')).toContain('bad auth header Basic ***');
		const everything = JSON.stringify(result.items) + JSON.stringify(result.run.data.resultData) + reportedErrors.join('\n');
		const token = Buffer.from(`${KEY}:${SECRET}`).toString('base64');
		expect(api.received[0].headers.authorization).toBe(`Basic ${token}`);
		expect(everything).not.toContain(SECRET);
		expect(everything).not.toContain(KEY);
		expect(everything).not.toContain(token);
		expect(result.items[0].json.error).toBe('Bad request: bad auth header Basic *** for ***/*** [item 0]');
	});

	test('a Base URL that is not http(s) is refused before anything is sent', async () => {
		const result = await runNode({
			type: 'probe',
			parameters: { operation: 'create', value: 'a' },
			credentials: { bikApi: { apiKey: KEY, apiSecret: SECRET, baseUrl: 'ftp://example.com' } },
		});
		expect(result.error?.message).toBe('The Base URL in the Probe credential is not a valid http(s) URL');
	});

	test('a trailing slash on the Base URL does not double the slash in the path', async () => {
		api.reset(() => ok('a'));
		await runNode({
			type: 'probe',
			parameters: { operation: 'create', value: 'a' },
			credentials: { bikApi: { apiKey: KEY, apiSecret: SECRET, baseUrl: `${baseUrl}//` } },
		});
		expect(api.received[0].path).toBe('/items');
	});
});

describe('non-JSON error answers', () => {
	test('an HTML error page becomes short plain text in the message', async () => {
		api.reset(() => ({ status: 400, body: `<html><body><h1>Bad   gateway page</h1>${'x'.repeat(500)}</body></html>` }));
		const result = await probe('create', ['a']);
		expect(result.error?.message).toBe(`Bad request: Bad gateway page ${'x'.repeat(197 - 'Bad gateway page '.length)}... [item 0]`);
	});
});
