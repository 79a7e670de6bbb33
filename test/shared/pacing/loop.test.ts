import { LOOP, LoopWatch } from '../../../nodes/shared/pacing/loop';

/** LoopWatch reads the event loop's busy time (here a scripted one) when requests start and end. */
function scriptedLoop() {
	let busy = 0;
	const watch = new LoopWatch(() => busy);
	return {
		watch,
		/** At `now`, after `busyMs` more of work since the last reading. */
		read(now: number, busyMs: number) {
			busy += busyMs;
			watch.read(now);
		},
	};
}

describe('LoopWatch: how much of a latency n8n’s own queue can account for', () => {
	test('answers that come back together: the last waits for the others, and only that wait is n8n’s', () => {
		const loop = scriptedLoop();
		// A request starts at 0; the loop then idles until 10 (the provider's 10 ms), and handles
		// five answers of 1 ms each from 10 to 15.
		loop.read(0, 0);
		for (let end = 11; end <= 15; end++) loop.read(end, 1);
		// Between 0 and 11 it was busy 1 ms: idle 10 ms, so idle at 10 at the latest that can be proven.
		expect(loop.watch.idleAt).toBe(10);
		// The answer handled at 15 (latency 15): at most 5 ms of it can be n8n's, the provider took 10.
		expect(loop.watch.ownDelay(0, 15)).toBe(5);
	});

	test('a loop that idles between answers (a provider that queues, answers one by one): the latency counts nearly whole', () => {
		const loop = scriptedLoop();
		loop.read(0, 0);
		// Answers every 3 ms, each handled in 1 ms; the loop idles 2 ms between them.
		for (let end = 3; end <= 60; end += 3) loop.read(end, 1);
		expect(loop.watch.idleAt).toBe(59);
		expect(loop.watch.ownDelay(0, 60)).toBe(1);
		// A request started after the loop's last idle moment: all of it may be n8n's.
		expect(loop.watch.ownDelay(59.5, 60)).toBe(0.5);
	});

	test('a loop that never idles: nothing is proven, the whole latency may be n8n’s queue', () => {
		const loop = scriptedLoop();
		loop.read(0, 0);
		for (let end = 1; end <= 50; end++) loop.read(end, 1);
		expect(loop.watch.idleAt).toBe(-Infinity);
		expect(loop.watch.ownDelay(20, 50)).toBe(30);
	});

	test(`idle time under ${LOOP.idleMinMs} ms between readings is the loop polling for I/O already there, not idling`, () => {
		const loop = scriptedLoop();
		loop.read(0, 0);
		loop.read(5, 5 - LOOP.idleMinMs / 2);
		expect(loop.watch.idleAt).toBe(-Infinity);
		loop.read(10, 5 - 2 * LOOP.idleMinMs);
		expect(loop.watch.idleAt).toBeCloseTo(5 + 2 * LOOP.idleMinMs, 9);
	});

	test(`the busy share is smoothed over ${LOOP.smoothMs} ms: a loop that turns fully busy reads 0.9 after about half a second`, () => {
		const loop = scriptedLoop();
		loop.read(0, 0);
		const shares: number[] = [];
		for (let now = 10; now <= 1000; now += 10) {
			loop.read(now, 10);
			shares.push(loop.watch.share);
		}
		// After 100 ms: 1 − (1 − 10/250)^10 ≈ 0.34; after 580 ms, 0.9; fully busy in the end.
		expect(shares[9]).toBeCloseTo(1 - (1 - 10 / 250) ** 10, 6);
		expect(shares.findIndex((share) => share >= 0.9) + 1).toBe(57);
		expect(shares[shares.length - 1]).toBeGreaterThan(0.98);
		// Readings closer than LOOP.shareEveryMs are taken together.
		const burst = scriptedLoop();
		burst.read(0, 0);
		burst.read(1, 1);
		expect(burst.watch.share).toBe(0);
		burst.read(10, 9);
		expect(burst.watch.share).toBeCloseTo(10 / 250, 9);
	});
});
