/**
 * The circuit breaker: after repeated connection failures with no answer between them, the
 * provider is taken to be down, and requests are refused at once (each item fails with one clear
 * error) instead of each worker sleeping through its retries. After a while one request, the
 * probe, goes alone: an answer closes the breaker, a failure keeps it open twice as long.
 * Pure: the clock is passed in (see pacer.ts for how the pieces fit; docs/pacing.md).
 */

export const BREAKER = {
	/** Connection failures in a row, with no answer between them, that open the breaker… */
	failures: 5,
	/**
	 * …once they span at least this long: the requests in flight when a connection pool or a load
	 * balancer resets all fail within a moment, and a blip of a second or two is ridden out by the
	 * retries (the simulator's outage of 1.5 s with 1 s timeouts loses no item).
	 */
	spanMs: 2000,
	/** How long the open breaker refuses requests before the probe. */
	openMs: 5000,
	/** Each failed probe doubles that, up to this; a probe unanswered this long frees the way for another. */
	maxOpenMs: 60_000,
} as const;

/** Why a request is refused: the provider gave no answer to `failures` attempts over `overMs`. */
export interface Unreachable {
	kind: 'unreachable';
	failures: number;
	overMs: number;
	/** The last failure's error code (ECONNREFUSED, ETIMEDOUT, …). */
	code: string;
	/** When the next probe may go. */
	retryInMs: number;
}

export class Breaker {
	private failures = 0;
	private firstFailureAt = 0;
	private lastFailureAt = 0;
	private code = '';
	private openUntil = -Infinity;
	private openMs: number = BREAKER.openMs;
	/** When the probe went, while one is out. */
	private probeAt: number | undefined;

	constructor(private readonly now: () => number) {}

	/** The refusal while the breaker is open (a probe out counts as open); undefined when requests may go. */
	refusal(): Unreachable | undefined {
		const now = this.now();
		if (this.openUntil === -Infinity) return undefined;
		const probing = this.probeAt !== undefined && now - this.probeAt < BREAKER.maxOpenMs;
		if (now >= this.openUntil && !probing) return undefined;
		return {
			kind: 'unreachable',
			failures: this.failures,
			overMs: this.lastFailureAt - this.firstFailureAt,
			code: this.code,
			retryInMs: Math.max(0, this.openUntil - now),
		};
	}

	/** A request is about to be sent: refused while open; after the open period, the first one is the probe. */
	admit(): Unreachable | undefined {
		const refusal = this.refusal();
		if (refusal) return refusal;
		if (this.openUntil !== -Infinity) this.probeAt = this.now();
		return undefined;
	}

	/** The provider answered (any HTTP status): it is reachable. */
	answered(): void {
		this.failures = 0;
		this.openUntil = -Infinity;
		this.openMs = BREAKER.openMs;
		this.probeAt = undefined;
	}

	/** An attempt got no answer: a refused, reset or timed-out connection. */
	failed(code: string): void {
		const now = this.now();
		if (this.failures === 0) this.firstFailureAt = now;
		this.failures++;
		this.lastFailureAt = now;
		this.code = code;
		if (this.probeAt !== undefined) {
			// The probe failed: stay open, twice as long.
			this.probeAt = undefined;
			this.openMs = Math.min(BREAKER.maxOpenMs, this.openMs * 2);
			this.openUntil = now + this.openMs;
		} else if (this.openUntil === -Infinity && this.failures >= BREAKER.failures && now - this.firstFailureAt >= BREAKER.spanMs) {
			this.openUntil = now + this.openMs;
		}
	}
}
