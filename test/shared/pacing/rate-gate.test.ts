import { RateGate } from '../../../nodes/shared/pacing/rate-gate';

/** The start time `wait` returns when no pause is longer than the request may wait. */
async function startOf(gate: RateGate): Promise<number> {
	const started = await gate.wait();
	if (typeof started !== 'number') throw new Error('refused');
	return started;
}

/** A gate on a fake clock: sleeping moves the clock, so pacing is checked exactly and at once. */
function fakeGate() {
	let now = 1_000_000;
	const gate = new RateGate(
		() => now,
		async (ms) => {
			now += ms;
		},
	);
	return {
		gate,
		now: () => now,
		advance: (ms: number) => (now += ms),
		/** `count` requests accepted, evenly spread over the last `spanMs`. */
		acceptSpread(count: number, spanMs: number) {
			for (let i = 1; i <= count; i++) gate.acceptedAt(now - spanMs + (i * spanMs) / count);
		},
	};
}

describe('RateGate: pacing after a 429', () => {
	test('without a 429 there is no pace: every request starts at once', async () => {
		const { gate, now } = fakeGate();
		const start = now();
		for (let i = 0; i < 50; i++) expect(await startOf(gate)).toBe(start);
		expect(gate.requestsPerSecond).toBeUndefined();
	});

	test('a 429 sets the pace to 99 % of what was accepted in the second before it, and spaces the starts evenly', async () => {
		const { gate, now, acceptSpread } = fakeGate();
		acceptSpread(100, 500); // a burst of 100 in half a second, then the limit
		gate.limitedAt(now());
		expect(gate.requestsPerSecond).toBe(99);
		const starts: number[] = [];
		for (let i = 0; i < 100; i++) starts.push(await startOf(gate));
		const gaps = starts.slice(1).map((start, i) => start - starts[i]);
		for (const gap of gaps) expect(gap).toBeCloseTo(1000 / 99, 6);
		// No one-second window holds more than 99 starts (the 100th starts a second after the first,
		// give or take rounding): under a limit of 100.
		expect(starts.filter((start) => start < starts[0] + 1000 - 1e-6)).toHaveLength(99);
	});

	test('a pause from Retry-After comes first, then the paced starts', async () => {
		const { gate, now, acceptSpread } = fakeGate();
		acceptSpread(50, 900);
		gate.limitedAt(now());
		gate.pause(1000);
		const pausedAt = now();
		const first = await startOf(gate);
		const second = await startOf(gate);
		expect(first).toBe(pausedAt + 1000);
		expect(second - first).toBeCloseTo(1000 / 49.5, 6);
	});

	test('429s of requests that started before the pace was set do not lower it again', async () => {
		const { gate, now, advance, acceptSpread } = fakeGate();
		acceptSpread(100, 1000);
		const inFlight = [now() - 30, now() - 20, now() - 10];
		gate.limitedAt(now());
		advance(5);
		for (const startedAt of inFlight) gate.limitedAt(startedAt);
		expect(gate.requestsPerSecond).toBe(99);
	});

	test('a 429 under the pace lowers it by 10 %, or to 99 % of what was accepted before it if lower, to no less than one request per second', async () => {
		const { gate, now, advance, acceptSpread } = fakeGate();
		acceptSpread(100, 1000);
		gate.limitedAt(now());
		advance(2000);
		acceptSpread(99, 1000);
		gate.limitedAt(now());
		expect(gate.requestsPerSecond).toBeCloseTo(89.1, 6);
		advance(2000);
		acceptSpread(50, 1000);
		gate.limitedAt(now());
		expect(gate.requestsPerSecond).toBeCloseTo(49.5, 6);
		for (let i = 0; i < 60; i++) {
			advance(10);
			gate.limitedAt(now());
		}
		expect(gate.requestsPerSecond).toBe(1);
	});

	test('a 429 with fewer than two accepted requests before it sets no pace: Retry-After alone decides', async () => {
		const { gate, now, acceptSpread } = fakeGate();
		gate.limitedAt(now());
		expect(gate.requestsPerSecond).toBeUndefined();
		acceptSpread(1, 100);
		gate.limitedAt(now());
		expect(gate.requestsPerSecond).toBeUndefined();
	});

	test('requests accepted more than a second before the 429 do not count', async () => {
		const { gate, now, advance, acceptSpread } = fakeGate();
		acceptSpread(300, 1000);
		advance(1500);
		acceptSpread(40, 1000);
		gate.limitedAt(now());
		expect(gate.requestsPerSecond).toBeCloseTo(39.6, 6);
	});
});

describe('RateGate: a pause longer than a request may wait', () => {
	test('refuses the request at once with what is left of the pause and the status that asked for it; a request that may wait that long waits', async () => {
		const { gate, now } = fakeGate();
		const start = now();
		gate.pause(120_000, 503);
		expect(await gate.wait(60_000)).toEqual({ kind: 'paused', waitMs: 120_000, status: 503 });
		expect(now()).toBe(start);
		expect(await gate.wait(120_000)).toBe(start + 120_000);
	});

	test('a shorter pause does not cut a longer one', async () => {
		const { gate, now } = fakeGate();
		gate.pause(120_000);
		gate.pause(1000, 503);
		expect(await gate.wait(60_000)).toEqual({ kind: 'paused', waitMs: 120_000, status: 429 });
		expect(now()).toBe(1_000_000);
	});
});

describe('RateGate: the pace learns upward again', () => {
	/** A 429 after 100 accepted in the second before it: the pace is 99/s. */
	function paced() {
		const fake = fakeGate();
		fake.acceptSpread(100, 1000);
		fake.gate.limitedAt(fake.now());
		expect(fake.gate.requestsPerSecond).toBe(99);
		return fake;
	}

	test('under sustained success it rises slowly from where it was set, as CUBIC does: held for 10 s, then +1.25 % a minute later, +10 % two minutes later', async () => {
		const { gate, advance } = paced();
		const busyFor = async (ms: number) => {
			for (let t = 0; t < ms; t += 500) {
				await startOf(gate);
				advance(500);
			}
		};
		await busyFor(10_000);
		expect(gate.currentRate).toBe(99);
		await busyFor(60_000);
		expect(gate.currentRate).toBeCloseTo(99 * 1.0125, 6);
		expect(gate.requestsPerSecond).toBe(99);
		await busyFor(60_000);
		expect(gate.currentRate).toBeCloseTo(99 * 1.1, 6);
	});

	test('a 429 of a request sent above the pace that was set answers the probe: the pace goes back to 99 % of what was just accepted', async () => {
		const { gate, advance, acceptSpread, now } = paced();
		for (let t = 0; t < 100_000; t += 500) {
			await startOf(gate);
			advance(500);
		}
		expect(gate.currentRate).toBeGreaterThan(103);
		acceptSpread(101, 1000);
		gate.limitedAt(now());
		expect(gate.requestsPerSecond).toBeCloseTo(99.99, 6);
	});
});

describe("RateGate: the window's spread", () => {
	test('starts at least the spread apart; those that fall within a millisecond of their slot go at once, without a timer', async () => {
		const { gate, now } = fakeGate();
		const start = now();
		const starts: number[] = [];
		for (let i = 0; i < 10; i++) {
			const started = await gate.wait(Infinity, 0.4);
			if (typeof started !== 'number') throw new Error('refused');
			starts.push(started - start);
		}
		// Slots at 0, 0.4, 0.8 go at once; 1.2 is a millisecond away: a timer, and so on.
		expect(starts.map((t) => Math.round(t * 10) / 10)).toEqual([0, 0, 0, 1.2, 1.2, 1.2, 2.4, 2.4, 2.4, 3.6]);
	});

	test('under a pace, the slower of the pace and the spread spaces the starts', async () => {
		const { gate, now, acceptSpread } = fakeGate();
		acceptSpread(10, 1000);
		gate.limitedAt(now()); // pace: 9.9/s, a start every 101 ms
		const first = await gate.wait(Infinity, 5);
		const second = await gate.wait(Infinity, 5);
		const third = await gate.wait(Infinity, 200);
		const fourth = await gate.wait(Infinity, 200);
		if ([first, second, third, fourth].some((t) => typeof t !== 'number')) throw new Error('refused');
		expect(Math.round((second as number) - (first as number))).toBe(101);
		expect(Math.round((fourth as number) - (third as number))).toBe(200);
	});
});

describe('RateGate: a late start', () => {
	test('a start later than its slot (the event loop was busy) keeps the next one a whole interval away, so no second holds more starts than the pace', async () => {
		let now = 0;
		let lateBy = 0;
		const gate = new RateGate(
			() => now,
			async (ms) => {
				now += ms + lateBy;
				lateBy = 0;
			},
		);
		for (let i = 1; i <= 20; i++) gate.acceptedAt(i * 50);
		now = 1000;
		gate.limitedAt(1000); // 19.8/s: a start every 50.5 ms
		const starts: number[] = [];
		for (let i = 0; i < 60; i++) {
			if (i === 20) lateBy = 15; // a garbage collection delays one timer
			const started = await gate.wait();
			if (typeof started !== 'number') throw new Error('refused');
			starts.push(started);
		}
		const gaps = starts.slice(1).map((start, i) => start - starts[i]);
		expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1000 / 19.8 - 1e-9);
		// However the provider's window falls, it holds at most 20 starts (the limit was 20).
		for (const from of starts) expect(starts.filter((t) => t >= from && t < from + 1000).length).toBeLessThanOrEqual(20);
	});
});
