import { Sandbox } from '../../sandbox/server';
import { latencyFor, parseFaults, RateLimiter, seededRandom } from '../../sandbox/faults';
import { BIK_AUTH, call } from '../helpers/sandbox-call';

const sandbox = new Sandbox({ seed: 7 });
let url: string;
beforeAll(async () => {
	url = await sandbox.start();
});
afterAll(() => sandbox.stop());
beforeEach(() => sandbox.reset({ faults: true, seed: 7 }));

const create = (email: string) =>
	call(`${url}/bik/integrations/bikPlatformFunctions-customers/createOrUpdate`, { json: { email }, headers: { authorization: BIK_AUTH } });
const control = (path: string, method = 'GET', json?: unknown) => call(`${url}/_sandbox/${path}`, { method, json });
const faults = (json: unknown) => control('faults', 'PUT', json);

describe('control API', () => {
	test('GET /_sandbox/requests lists what reached each provider, secrets masked, filterable', async () => {
		await create('a@b.co');
		await call(`${url}/hyfin/api/v3.1/site/s/customer/x`, { headers: { 'x-access-token': 'sandbox-hyfin-token' } });
		const all = await control('requests');
		expect(all.body.count).toBe(2);
		expect(all.body.requests[0]).toMatchObject({
			seq: 1,
			provider: 'bik',
			method: 'POST',
			path: '/integrations/bikPlatformFunctions-customers/createOrUpdate',
			query: {},
			contentType: 'application/json',
			body: { email: 'a@b.co' },
			outcome: 200,
			headers: expect.objectContaining({ authorization: 'Basic ***' }),
		});
		expect(all.body.requests[1].headers['x-access-token']).toBe('***');
		expect(JSON.stringify(all.body)).not.toContain('sandbox-hyfin-token');
		const onlyBik = await control('requests?provider=bik');
		expect(onlyBik.body.requests.map((r: { provider: string }) => r.provider)).toEqual(['bik']);
		const since = await control('requests?since=1');
		expect(since.body.requests.map((r: { seq: number }) => r.seq)).toEqual([2]);
	});

	test('POST /_sandbox/reset forgets customers and requests; faults stay unless asked', async () => {
		await create('a@b.co');
		await faults({ latencyMs: 1 });
		expect((await control('reset', 'POST', {})).body).toEqual({ reset: true });
		expect((await control('requests')).body.count).toBe(0);
		expect((await control('state')).body.bik).toEqual({ customers: 0 });
		expect((await control('faults')).body.all.latencyMs).toBe(1);
		await control('reset', 'POST', { faults: true });
		expect((await control('faults')).body.all.latencyMs).toBe(0);
	});

	test('bad control input gets a 400 that says why', async () => {
		expect((await faults({ fail500: 2 })).body).toEqual({ sandbox: 'fail500 is a share: from 0 to 1' });
		expect((await faults({ latency: 5 })).body.sandbox).toMatch(/^unknown fault "latency"/);
		expect((await faults({ provider: 'stripe', fail500: 1 })).body).toEqual({ sandbox: 'unknown provider "stripe"' });
		expect((await control('seed', 'POST', { count: -1 })).status).toBe(400);
		expect((await call(`${url}/_sandbox/faults`, { method: 'PUT', body: '{' })).status).toBe(400);
		expect((await control('nothing')).status).toBe(404);
	});

	test('a path outside the four providers is 404', async () => {
		const { status, body } = await call(`${url}/stripe/v1/customers`);
		expect([status, body.sandbox]).toEqual([404, 'no provider "stripe"; paths start with /bik, /rehook, /omnidesk or /hyfin']);
	});
});

describe('faults', () => {
	test('fail500 and fail503: the provider’s own error body, nothing applied; 503 carries Retry-After', async () => {
		await faults({ fail500: 1 });
		const failed = await create('a@b.co');
		expect([failed.status, failed.body]).toEqual([500, { status: 500, errors: [{ message: 'Internal Server Error' }] }]);
		await faults({ fail500: 0, fail503: 1 });
		const unavailable = await create('a@b.co');
		expect([unavailable.status, unavailable.headers.get('retry-after')]).toEqual([503, '1']);
		expect(sandbox.sims.bik.state()).toEqual({ customers: 0 });
		expect(sandbox.log.map((entry) => entry.fault)).toEqual(['fail500', 'fail503']);
	});

	test('error200: HTTP 200 with the provider’s error body, nothing applied (Omnidesk’s and Hyfin’s documented refusals)', async () => {
		await faults({ error200: 1 });
		const refused = await create('a@b.co');
		expect([refused.status, refused.body]).toEqual([200, { status: 500, errors: [{ message: 'Internal Server Error' }] }]);
		const omnidesk = await fetch(`${url}/omnidesk/api/v2/customer`, { headers: { apiKey: 'sandbox-omnidesk-key' } });
		expect([omnidesk.status, await omnidesk.json()]).toEqual([200, { status: 'error', message: 'Internal server error' }]);
		expect(sandbox.sims.bik.state()).toEqual({ customers: 0 });
		expect(sandbox.log.map((entry) => entry.fault)).toEqual(['error200', 'error200']);
	});

	test('a share picks that share of requests, the same ones for the same seed', async () => {
		await faults({ fail500: 0.3 });
		const run = async () => {
			const statuses: number[] = [];
			for (let i = 0; i < 200; i++) statuses.push((await create(`c${i}@b.co`)).status);
			return statuses;
		};
		const first = await run();
		const failures = first.filter((status) => status === 500).length;
		expect(failures).toBeGreaterThan(40);
		expect(failures).toBeLessThan(80);
		sandbox.reset({ seed: 7 });
		expect(await run()).toEqual(first);
	});

	test('rateLimit: requests beyond N per second get 429 with Retry-After, or without when turned off', async () => {
		await faults({ rateLimit: 5 });
		const statuses = await Promise.all(Array.from({ length: 8 }, (_, i) => create(`r${i}@b.co`)));
		expect(statuses.filter((r) => r.status === 200)).toHaveLength(5);
		const limited = statuses.filter((r) => r.status === 429);
		expect(limited).toHaveLength(3);
		expect(limited[0].headers.get('retry-after')).toBe('1');
		expect(limited[0].body).toEqual({ status: 429, errors: [{ message: 'Too many requests' }] });
		sandbox.reset({ faults: true });
		await faults({ rateLimit: 1, retryAfter: false });
		await create('x@b.co');
		const noHeader = await create('y@b.co');
		expect([noHeader.status, noHeader.headers.get('retry-after')]).toEqual([429, null]);
	});

	test('drop: the connection closes without an answer and nothing is applied', async () => {
		await faults({ drop: 1 });
		await expect(create('a@b.co')).rejects.toThrow();
		expect(sandbox.sims.bik.state()).toEqual({ customers: 0 });
		expect(sandbox.log[0]).toMatchObject({ outcome: 'dropped', fault: 'drop' });
	});

	test('dropAfter: the request is applied, then the connection closes', async () => {
		await faults({ dropAfter: 1 });
		await expect(create('a@b.co')).rejects.toThrow();
		expect(sandbox.sims.bik.state()).toEqual({ customers: 1 });
		expect(sandbox.log[0]).toMatchObject({ outcome: 'dropped', fault: 'dropAfter' });
	});

	test('latencyMs and slowBodyMs delay the answer; the body still arrives whole', async () => {
		await faults({ latencyMs: 80 });
		let started = Date.now();
		expect((await create('a@b.co')).status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(75);
		await faults({ latencyMs: 0, slowBodyMs: 150 });
		started = Date.now();
		const slow = await create('a@b.co');
		expect(Date.now() - started).toBeGreaterThanOrEqual(120);
		expect(slow.body.data.customer.email).toBe('a@b.co');
	});

	test('slowAbove: latency grows with the requests in flight beyond N, like a server with N workers', async () => {
		await faults({ latencyMs: 60, slowAbove: 2 });
		let started = Date.now();
		await create('alone@b.co');
		const alone = Date.now() - started;
		expect(alone).toBeGreaterThanOrEqual(55);
		expect(alone).toBeLessThan(110);
		// Eight at once: the last to arrive finds 8 in flight, 4 × N, so it waits 4 × 60 ms.
		started = Date.now();
		await Promise.all(Array.from({ length: 8 }, (_, i) => create(`load${i}@b.co`)));
		const eight = Date.now() - started;
		expect(eight).toBeGreaterThanOrEqual(230);
		expect(eight).toBeLessThan(450);
		// The count goes back down: alone again, plain latency.
		started = Date.now();
		await create('again@b.co');
		expect(Date.now() - started).toBeLessThan(110);
		expect((await control('faults')).body.all).toMatchObject({ latencyMs: 60, slowAbove: 2 });
	});

	test('faults can be set per provider and changed while running', async () => {
		await faults({ provider: 'hyfin', fail500: 1 });
		expect((await create('a@b.co')).status).toBe(200);
		expect((await call(`${url}/hyfin/api/v3.1/site/s/customer/x`)).status).toBe(500);
		expect((await control('faults')).body).toMatchObject({ all: { fail500: 0 }, hyfin: { fail500: 1 } });
		await faults({ provider: 'hyfin', fail500: 0 });
		expect((await call(`${url}/hyfin/api/v3.1/site/s/customer/x`)).status).not.toBe(500);
	});

	test('faults given at start-up apply from the first request', async () => {
		const other = new Sandbox({ faults: { providers: { bik: { fail503: 1 } } } });
		const otherUrl = await other.start();
		try {
			const { status } = await call(`${otherUrl}/bik/integrations/bikPlatformFunctions-customers/get`, { json: {}, headers: { authorization: BIK_AUTH } });
			expect(status).toBe(503);
		} finally {
			await other.stop();
		}
	});
});

describe('fault building blocks', () => {
	test('parseFaults completes a partial setting and refuses bad values', () => {
		expect(parseFaults({ latencyMs: 5 })).toMatchObject({ latencyMs: 5, rateLimit: 0, retryAfter: true, fail500: 0 });
		expect(() => parseFaults({ drop: -1 })).toThrow('drop must be a number of at least 0');
		expect(() => parseFaults({ retryAfter: 'no' })).toThrow('retryAfter must be true or false');
		expect(() => parseFaults([])).toThrow('faults must be a JSON object');
		expect(() => parseFaults({ slowAbove: 2.5 })).toThrow('slowAbove must be a whole number of at least 0');
		expect(() => parseFaults({ slowAbove: -1 })).toThrow('slowAbove must be a number of at least 0');
		expect(parseFaults({ slowAbove: 8 }).slowAbove).toBe(8);
	});

	test('latencyFor: the latency at M in flight is latencyMs × M ÷ slowAbove beyond slowAbove', () => {
		expect(latencyFor({ latencyMs: 100, slowAbove: 0 }, 50)).toBe(100);
		expect(latencyFor({ latencyMs: 100, slowAbove: 8 }, 1)).toBe(100);
		expect(latencyFor({ latencyMs: 100, slowAbove: 8 }, 8)).toBe(100);
		expect(latencyFor({ latencyMs: 100, slowAbove: 8 }, 16)).toBe(200);
		expect(latencyFor({ latencyMs: 100, slowAbove: 8 }, 12)).toBe(150);
	});

	test('the rate limiter allows N per one-second window and says how long to wait', () => {
		const limiter = new RateLimiter();
		expect([0, 1, 2].map(() => limiter.take(3, 1000))).toEqual([0, 0, 0]);
		expect(limiter.take(3, 1400)).toBe(600);
		expect(limiter.take(3, 2000)).toBe(0);
		expect(limiter.take(0, 2000)).toBe(0);
	});

	test('the seeded generator repeats itself and stays in [0, 1)', () => {
		const a = seededRandom(3);
		const b = seededRandom(3);
		const values = Array.from({ length: 1000 }, () => a());
		expect(values).toEqual(Array.from({ length: 1000 }, () => b()));
		expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
	});
});

test('a secret in the query string (Omnidesk allows ?apiKey=) is masked in the log', async () => {
	await call(`${url}/omnidesk/api/v2/customer?apiKey=sandbox-omnidesk-key&itemLimit=1`);
	expect(sandbox.log[0].query).toEqual({ apiKey: '***', itemLimit: '1' });
});

test('an Authorization header without a scheme is masked whole', async () => {
	const token = Buffer.from('sandbox-rehook-key:sandbox-rehook-secret').toString('base64');
	await call(`${url}/rehook/events/segment/check-auth`, { headers: { authorization: token } });
	expect(sandbox.log[0].headers.authorization).toBe('***');
});
