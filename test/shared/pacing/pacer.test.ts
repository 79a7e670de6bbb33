import { Pacer } from '../../../nodes/shared/pacing/pacer';
import { Simulation, rateLimited, simulate, steady, type Api } from '../../helpers/pacing-sim';

// The simulations run minutes of simulated time in a few seconds of CPU; on a busy CI machine, more.
jest.setTimeout(120_000);

/** The Pacer: the permits the runner's workers take, and what it records of each attempt. */

describe('Pacer permits', () => {
	test('hand out as many permits as the window allows, then wake waiters in order as permits come back', async () => {
		const pacer = new Pacer(64, () => 0, async () => {});
		for (let i = 0; i < 4; i++) await pacer.acquire();
		const woken: number[] = [];
		const waiters = [1, 2].map((n) => pacer.acquire().then(() => woken.push(n)));
		await Promise.resolve();
		expect(woken).toEqual([]);
		pacer.release();
		pacer.release();
		await Promise.all(waiters);
		expect(woken).toEqual([1, 2]);
		expect(pacer.inFlight).toBe(4);
	});

	test('records a 429 in the RateGate and an answer as accepted; no answer in neither', () => {
		let now = 0;
		const pacer = new Pacer(64, () => now, async () => {});
		for (let i = 0; i < 10; i++) pacer.record(0, 200);
		now = 100;
		pacer.record(50, undefined);
		expect(pacer.pace).toBeUndefined();
		pacer.record(50, 429);
		expect(pacer.pace).toBe(9.9);
	});
});

describe('Pacer and n8n’s event loop', () => {
	test('reads the loop when a request starts and when it ends: of a latency of 15 ms after 10 ms idle, 5 ms may be n8n’s own queue', async () => {
		let [now, busy] = [0, 0];
		const pacer = new Pacer(64, () => now, async () => {}, () => busy);
		const startedAt = await pacer.start();
		expect(startedAt).toBe(0);
		// Idle until the answer comes at 10, then busy handling answers until 15.
		[now, busy] = [15, 5];
		expect(pacer.record(0, 200).ownDelayMs).toBe(5);
	});

	test('by default it reads the runtime’s event loop, with the runtime’s clock only: a test’s clock has no loop of its own', async () => {
		const real = new Pacer(64);
		const startedAt = await real.start();
		expect(typeof startedAt).toBe('number');
		expect(real.record(startedAt as number, 200).ownDelayMs).toEqual(expect.any(Number));
		const fake = new Pacer(64, () => 0, async () => {});
		expect(fake.record((await fake.start()) as number, 200).ownDelayMs).toBeUndefined();
	});
});

describe('Pacer clocks: durations never follow a wall clock that steps', () => {
	/** A wall clock on a fake timeline: `t` moves with every pause, `step` moves the wall alone. */
	function steppingClock() {
		const clock = { t: 0, wall: 1_700_000_000_000, step: (ms: number) => (clock.wall += ms) };
		return {
			clock,
			now: () => clock.t + clock.wall,
			pauseFor: async (ms: number) => {
				clock.t += ms;
			},
		};
	}

	test('a wall clock stepped back an hour during a 1 s pause: the pause still ends after 1 s, not an hour', async () => {
		const { clock, now, pauseFor } = steppingClock();
		const pacer = new Pacer(64, now, pauseFor);
		pacer.pause(1000);
		clock.step(-3_600_000);
		await pacer.start();
		expect(clock.t).toBeLessThanOrEqual(1000);
	});

	test('by default the Pacer measures with a monotonic clock: Date.now stepping back an hour changes no pause', async () => {
		const asked: number[] = [];
		const wall = Date.now();
		const dateNow = jest.spyOn(Date, 'now').mockReturnValue(wall);
		const pacer = new Pacer(64, undefined, async (ms) => {
			asked.push(ms);
			await new Promise((resolve) => setTimeout(resolve, Math.min(ms, 100)));
		});
		pacer.pause(50);
		dateNow.mockReturnValue(wall - 3_600_000);
		await pacer.start();
		dateNow.mockRestore();
		expect(Math.max(0, ...asked)).toBeLessThanOrEqual(50);
	});

	test('answers in flight while the clock stepped back an hour give no latency: 2,000 items at 100 ms run as fast as without the step', async () => {
		const steady100 = await simulate({ items: 2000, api: steady(100) });
		const stepped = await simulate({ items: 2000, api: steady(100), wallStep: { atMs: 1000, byMs: -3_600_000 } });
		// Without the clamp, negative latencies set the lowest latency to nothing and the window fell to 5.
		expect(Math.min(...stepped.windows.filter(([t]) => t > 2000).map(([, w]) => w))).toBe(64);
		expect(stepped.elapsedMs).toBeLessThanOrEqual(steady100.elapsedMs + 200);
	});
});

describe('Pacer: a provider that stops answering (the circuit breaker)', () => {
	const refusesEverything: Api = () => ({ status: 0, refused: true, latencyMs: 1 });

	test('every connection refused: 12 items fail within 4 s, about as fast as a fixed 5 (the review: 8.5 s adaptive, 2.7 s fixed 5)', async () => {
		const adaptive = await simulate({ items: 12, api: refusesEverything });
		const five = await simulate({ items: 12, api: refusesEverything, fixed: 5 });
		expect([adaptive.succeeded, adaptive.failed]).toEqual([0, 12]);
		expect(adaptive.elapsedMs).toBeLessThan(4000);
		expect(adaptive.elapsedMs).toBeLessThanOrEqual(five.elapsedMs * 1.2);
	});

	test('every connection refused, 1,000 items (Continue On Fail): over within 4 s instead of hours, and almost none sent', async () => {
		const result = await simulate({ items: 1000, api: refusesEverything });
		expect(result.failed).toBe(1000);
		expect(result.elapsedMs).toBeLessThan(4000);
		expect(result.unsent).toBeGreaterThanOrEqual(990);
		expect(result.requests).toBeLessThanOrEqual(30);
	});

	test('a burst of failures within a moment (resets of the requests in flight) is not an outage: retried, every item succeeds', async () => {
		const burst: Api = ({ now }) => (now >= 1000 && now < 1100 ? { status: 0, refused: true, latencyMs: 1 } : { status: 200, latencyMs: 100 });
		const result = await simulate({ items: 500, api: burst });
		expect([result.succeeded, result.failed, result.unsent]).toEqual([500, 0, 0]);
	});

	test('open: requests are refused at once with what was tried; after 5 s one probe goes alone; a failed probe doubles the wait, an answered one closes it', async () => {
		let now = 0;
		const pacer = new Pacer(64, () => now, async (ms) => {
			now += ms;
		});
		const fail = async () => {
			const startedAt = (await pacer.start()) as number;
			now += 250;
			pacer.record(startedAt, undefined, { code: 'ECONNREFUSED' });
		};
		for (let i = 0; i < 8; i++) await fail();
		// Eight failures in under 2 s: not yet.
		expect(pacer.unreachable()).toBeUndefined();
		await fail();
		const open = { kind: 'unreachable', failures: 9, overMs: 2000, code: 'ECONNREFUSED', retryInMs: 5000 };
		expect(pacer.unreachable()).toEqual(open);
		expect(await pacer.start()).toEqual(open);
		now += 4999;
		expect(await pacer.start()).toMatchObject({ kind: 'unreachable', retryInMs: 1 });
		now += 1;
		const probe = await pacer.start();
		expect(probe).toBe(now);
		// While the probe is out, the others are still refused.
		expect(await pacer.start()).toMatchObject({ kind: 'unreachable' });
		now += 250;
		pacer.record(probe as number, undefined, { code: 'ECONNRESET' });
		expect(await pacer.start()).toEqual({ kind: 'unreachable', failures: 10, overMs: 7250, code: 'ECONNRESET', retryInMs: 10_000 });
		now += 10_000;
		const second = (await pacer.start()) as number;
		now += 100;
		pacer.record(second, 200);
		// Answered: closed; every request goes again.
		expect(pacer.unreachable()).toBeUndefined();
		for (let i = 0; i < 4; i++) expect(typeof (await pacer.start())).toBe('number');
	});
});

describe('Pacer: latency compares like with like', () => {
	test('one fast 400 among answers at 200 ms does not pin the window: 2,000 items reach the ceiling', async () => {
		const api: Api = ({ index }) => (index === 0 ? { status: 400, latencyMs: 5 } : { status: 200, latencyMs: 200 });
		const result = await simulate({ items: 2000, api });
		expect([result.succeeded, result.failed]).toEqual([1999, 1]);
		expect(Math.max(...result.windows.map(([, w]) => w))).toBe(64);
	});
});

describe('Pacer: the shared pace learns upward again', () => {
	test('after a quiet minute without requests the pace is forgotten (a pause is not): the next request starts unpaced', async () => {
		let now = 0;
		const pacer = new Pacer(64, () => now, async (ms) => {
			now += ms;
		});
		for (let i = 1; i <= 100; i++) pacer.record(i * 10 - 1000, 200);
		pacer.record(0, 429);
		expect(pacer.pace).toBe(99);
		await pacer.start();
		now += 59_000;
		await pacer.start();
		expect(pacer.pace).toBe(99);
		pacer.pause(200_000);
		now += 60_000;
		expect(await pacer.start(1000)).toMatchObject({ kind: 'paused' });
		expect(pacer.pace).toBeUndefined();
	});

	test('429s pushed the pace to 2 requests/s; then a week of executions every 9 minutes, all answered 200, run unpaced (the review: still 1/s with a window of 1)', async () => {
		const sim = new Simulation();
		const limited = await sim.run({ items: 40, api: rateLimited(2, 100, true) });
		expect(limited.pace).toBeLessThanOrEqual(2);
		const slowest = { elapsedMs: 0, window: Infinity };
		for (let execution = 0; execution < (7 * 24 * 60) / 9; execution++) {
			sim.idle(9 * 60_000);
			const result = await sim.run({ items: 20, api: steady(100) });
			expect(result.succeeded).toBe(20);
			slowest.elapsedMs = Math.max(slowest.elapsedMs, result.elapsedMs);
			slowest.window = Math.min(slowest.window, ...result.windows.map(([, w]) => w));
		}
		// 20 items at 100 ms: under a second, not 20 s at 1/s.
		expect(slowest.elapsedMs).toBeLessThan(1000);
		expect(slowest.window).toBeGreaterThanOrEqual(4);
		expect(sim.pacer.pace).toBeUndefined();
	});

	test('a provider that raises its limit from 20 to 100 requests/s: the pace doubles within 5 minutes and none is lost', async () => {
		const sim = new Simulation();
		const result = await sim.run({ items: 20_000, api: rateLimited((now) => (now < 30_000 ? 20 : 100), 100, true) });
		expect([result.succeeded, result.failed]).toEqual([20_000, 0]);
		const accepted = (from: number, to: number) => result.windows.filter(([t]) => t >= from && t < to).length;
		// Requests answered per second in the sixth minute: at least twice the first pace (19.8/s).
		expect(accepted(300_000, 360_000) / 60).toBeGreaterThanOrEqual(2 * 19.8);
	});

	test('a limit that stays at 100 requests/s for 5 minutes: the pace probes past it about once a minute, and goodput stays ≥ 95 % with ≤ 1 % answered 429', async () => {
		const result = await simulate({ items: 30_000, api: rateLimited(100, 100, true) });
		expect([result.succeeded, result.failed]).toEqual([30_000, 0]);
		expect(result.succeeded / (result.elapsedMs / 1000) / 100).toBeGreaterThanOrEqual(0.95);
		expect(result.limited / result.requests).toBeLessThanOrEqual(0.01);
	});
});
