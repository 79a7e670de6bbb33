import { sleep } from 'n8n-workflow';

import { ConcurrencyController, signalOf, type Attempt } from './concurrency';
import { RateGate } from './rate-gate';

/**
 * How fast to go, as pure code with the clock (and the pause) passed in:
 * - `RateGate`: the pace after a 429 (a rate in requests per second, and global pauses);
 * - `ConcurrencyController`: how many requests may be in flight, learned from the answers;
 * - `Pacer`: both for one run, with the permits the runner's workers take before each item.
 * A Pacer holds only what it learned about the provider (no items, no settings of a run), so
 * that it can later be shared by the executions that use one credential in one running n8n.
 */

/**
 * How fast one run goes: the RateGate (pace and pauses after a 429) and the adaptive concurrency,
 * with the permits that hold the in-flight count to the learned window.
 */
export class Pacer {
	readonly gate: RateGate;
	readonly concurrency: ConcurrencyController;
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
