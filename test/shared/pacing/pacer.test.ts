import { Pacer } from '../../../nodes/shared/pacing/pacer';

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
