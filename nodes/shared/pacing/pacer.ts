import { sleep } from 'n8n-workflow';

import { ConcurrencyController, signalOf, type Attempt } from './concurrency';
import { Breaker, type Unreachable } from './breaker';
import { LoopWatch } from './loop';
import { PACE, RateGate, type Paused } from './rate-gate';

/**
 * How fast to go, as pure code with the clock (and the pause) passed in:
 * - `RateGate`: the pace after a 429 (a rate in requests per second, and global pauses);
 * - `ConcurrencyController`: how many requests may be in flight, learned from the answers;
 * - `Breaker`: the circuit breaker, which refuses requests while the provider gives no answer;
 * - `Pacer`: all three, with the permits the runner's workers take before each item. It is what the
 *   transport asks: when a request may start, and what its answer was.
 * A Pacer holds only what it learned about the provider (no items, no settings of a run): one
 * Pacer serves every execution that uses the same credential in one running n8n (shared.ts).
 * The algorithm, its constants and what the benchmark measured of it: docs/pacing.md.
 */

/** The runtime's monotonic clock (n8n's rules allow `performance`; it is no import and no restricted global). */
declare const performance: { now(): number; eventLoopUtilization?(): { active: number } } | undefined;

/**
 * Milliseconds on a monotonic clock, which no change of the system time moves; the wall clock
 * only where the runtime has none (SteadyClock then absorbs its steps back).
 */
export const monotonicNow: () => number =
	typeof performance !== 'undefined' && typeof performance?.now === 'function' ? () => performance!.now() : () => Date.now();

/**
 * How long the event loop has been busy, in ms (Node's `performance.eventLoopUtilization()`), where
 * the runtime tells: what the adaptive concurrency uses to tell n8n's own delays from the provider's.
 */
const eventLoopBusy: (() => number) | undefined =
	typeof performance !== 'undefined' && typeof performance?.eventLoopUtilization === 'function' ? () => performance!.eventLoopUtilization!().active : undefined;

/**
 * A clock that never goes back. When the clock it reads steps back (a wall clock set back by an
 * hour), time stands still at that instant instead, so a 1 s pause stays 1 s; attempts that
 * started before the step have no trustworthy latency (`steppedAt`). A step forward cannot be told
 * from time passing: that is why the default clock is monotonic.
 */
export class SteadyClock {
	private offset = 0;
	private last = -Infinity;
	/** When (on this clock) the clock read last stepped back. */
	steppedAt = -Infinity;

	constructor(private readonly read: () => number) {}

	readonly now = (): number => {
		const time = this.read() + this.offset;
		if (time >= this.last) return (this.last = time);
		this.offset += this.last - time;
		this.steppedAt = this.last;
		return this.last;
	};
}

/**
 * How fast the requests to one provider go: the RateGate (pace and pauses after a 429) and the
 * adaptive concurrency, with the permits that hold the in-flight count to the learned window.
 */
/** Why a request may not start: a pause longer than it may wait, or a provider that gives no answer. */
export type Refusal = Paused | Unreachable;

export class Pacer {
	private gate!: RateGate;
	private concurrency!: ConcurrencyController;
	private breaker!: Breaker;
	private readonly clock: SteadyClock;
	/** The clock every duration is measured on: monotonic by default, and never going back. */
	readonly now: () => number;
	private taken = 0;
	private readonly waiting: Array<() => void> = [];
	/** When the last request started or ended, for the quiet period. */
	private activeAt = -Infinity;
	/** What n8n's event loop is doing, where the runtime tells. */
	private readonly loop: LoopWatch | undefined;

	/**
	 * `busy`: the event loop's busy time so far, in ms; by default the runtime's, with the default
	 * clock (a test's clock has no event loop of its own).
	 */
	constructor(
		private readonly ceiling: number,
		clock: () => number = monotonicNow,
		private readonly pauseFor: (ms: number) => Promise<void> = sleep,
		busy: (() => number) | undefined = clock === monotonicNow ? eventLoopBusy : undefined,
	) {
		this.clock = new SteadyClock(clock);
		this.now = this.clock.now;
		this.loop = busy ? new LoopWatch(busy) : undefined;
		this.forget();
	}

	/**
	 * Forgets what was learned about the provider (pace, pause, window, latency, breaker); the
	 * permits of requests in flight stay taken.
	 */
	forget(): void {
		this.gate = new RateGate(this.now, this.pauseFor);
		this.concurrency = new ConcurrencyController(this.ceiling, this.now, this.loop);
		this.breaker = new Breaker(this.now);
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

	/**
	 * Waits for the end of a pause and for this request's slot in the pace; returns its start time.
	 * Refused at once, and not to be sent: a request that may not wait as long as the provider's
	 * pause (Max Wait), and every request while the breaker is open. With `spread` (adaptive
	 * concurrency, not a fixed one), starts are also spread over the round trip (ADAPTIVE.spread).
	 */
	async start(maxWaitMs = Infinity, spread = true): Promise<number | Refusal> {
		if (this.now() - this.activeAt >= PACE.quietMs) {
			// A quiet period (PACE.quietMs): what held the requests down is over.
			this.gate.forgetPace();
			this.concurrency.rest();
		}
		this.activeAt = this.now();
		const unreachable = this.breaker.refusal();
		if (unreachable) return unreachable;
		const startedAt = await this.gate.wait(maxWaitMs, spread ? this.concurrency.spreadMs : 0);
		if (typeof startedAt !== 'number') return startedAt;
		const refused = this.breaker.admit();
		if (refused) return refused;
		this.loop?.read(startedAt);
		return startedAt;
	}

	/** While the provider gives no answer (the breaker is open): what was tried, and when it is tried again. */
	unreachable(): Unreachable | undefined {
		return this.breaker.refusal();
	}

	/**
	 * Pauses every request to this provider for `ms`, as an answer with `status` asked (a 429, or a
	 * 503 with Retry-After); also when that is longer than this request may wait: the others must not
	 * go on sending to a provider that asked every client to wait.
	 */
	pause(ms: number, status?: number): void {
		this.gate.pause(ms, status);
	}

	release(): void {
		this.taken--;
		this.wake();
	}

	/**
	 * One attempt ended: with an HTTP status, or with none when no answer came. Feeds the RateGate
	 * (accepted or limited), the controller and the breaker; returns the attempt as recorded.
	 * `code`: the connection error of an attempt without answer; `kind`: what was asked (method and
	 * path), whose latency only compares with its own kind's.
	 */
	record(startedAt: number, status: number | undefined, { code = 'no answer', kind = '' }: { code?: string; kind?: string } = {}): Attempt {
		const end = this.now();
		this.activeAt = end;
		// An attempt that spans a step of the clock has no latency to learn from.
		const latencyMs = startedAt > this.clock.steppedAt ? Math.max(0, end - startedAt) : undefined;
		// A refusal (4xx) is answered without the work: it compares only with other refusals.
		const family = status === undefined ? '' : ` ${Math.floor(status / 100)}xx`;
		this.loop?.read(end);
		const ownDelayMs = latencyMs === undefined ? undefined : this.loop?.ownDelay(startedAt, end);
		const attempt: Attempt = { startedAt, latencyMs, ownDelayMs, signal: signalOf(status), kind: `${kind}${family}` };
		if (attempt.signal === 'limited') this.gate.limitedAt(startedAt);
		else if (status !== undefined) this.gate.acceptedAt(startedAt);
		if (status === undefined) this.breaker.failed(code);
		else this.breaker.answered();
		this.concurrency.record(attempt, this.taken, this.gate.currentRate);
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
