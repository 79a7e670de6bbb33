import { sleep } from 'n8n-workflow';

import { ConcurrencyController, signalOf, type Attempt } from './concurrency';
import { RateGate } from './rate-gate';

/**
 * How fast to go, as pure code with the clock (and the pause) passed in:
 * - `RateGate`: the pace after a 429 (a rate in requests per second, and global pauses);
 * - `ConcurrencyController`: how many requests may be in flight, learned from the answers;
 * - `Pacer`: both, with the permits the runner's workers take before each item. It is what the
 *   transport asks: when a request may start, and what its answer was.
 * A Pacer holds only what it learned about the provider (no items, no settings of a run): one
 * Pacer serves every execution that uses the same credential in one running n8n (shared.ts).
 * The algorithm, its constants and what the benchmark measured of it: docs/pacing.md.
 */

/**
 * How fast the requests to one provider go: the RateGate (pace and pauses after a 429) and the
 * adaptive concurrency, with the permits that hold the in-flight count to the learned window.
 */
export class Pacer {
	private readonly gate: RateGate;
	private readonly concurrency: ConcurrencyController;
	private taken = 0;
	private readonly waiting: Array<() => void> = [];

	constructor(
		ceiling: number,
		readonly now: () => number = Date.now,
		pauseFor: (ms: number) => Promise<void> = sleep,
	) {
		this.gate = new RateGate(now, pauseFor);
		this.concurrency = new ConcurrencyController(ceiling, now);
	}

	/** The pace in requests per second, once a 429 has set one. */
	get pace(): number | undefined {
		return this.gate.requestsPerSecond;
	}

	/** How many requests may be in flight now (the adaptive window). */
	get window(): number {
		return this.concurrency.limit;
	}

	/** Permits taken now. */
	get inFlight(): number {
		return this.taken;
	}

	/** Waits for a permit: one of the requests the window allows in flight. */
	async acquire(): Promise<void> {
		if (this.waiting.length === 0 && this.taken < this.concurrency.limit) {
			this.taken++;
			return;
		}
		await new Promise<void>((resolve) => this.waiting.push(resolve));
	}

	/** Waits for the end of a pause and for this request's slot in the pace; returns its start time. */
	async start(): Promise<number> {
		return await this.gate.wait();
	}

	/** Pauses every request to this provider for `ms` (a 429, or a 503 with Retry-After). */
	pause(ms: number): void {
		this.gate.pause(ms);
	}

	release(): void {
		this.taken--;
		this.wake();
	}

	/**
	 * One attempt ended: with an HTTP status, or with none when no answer came. Feeds the RateGate
	 * (accepted or limited) and the controller; returns the attempt as recorded.
	 */
	record(startedAt: number, status: number | undefined): Attempt {
		const attempt: Attempt = { startedAt, latencyMs: this.now() - startedAt, signal: signalOf(status) };
		if (attempt.signal === 'limited') this.gate.limitedAt(startedAt);
		else if (status !== undefined) this.gate.acceptedAt(startedAt);
		this.concurrency.record(attempt, this.taken, this.gate.requestsPerSecond);
		this.wake();
		return attempt;
	}

	private wake(): void {
		while (this.waiting.length > 0 && this.taken < this.concurrency.limit) {
			this.taken++;
			this.waiting.shift()!();
		}
	}
}
