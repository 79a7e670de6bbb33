import { sleep } from 'n8n-workflow';

/**
 * The pace after a 429: a rate in requests per second, and the pauses every worker keeps.
 * Pure: the clock and the pause are passed in (see pacer.ts for how the pieces fit).
 */

/** The constants of the RateGate's pace (requests per second) after a 429. */
export const PACE = {
	/**
	 * The first 429 sets the pace to this share of the rate the provider accepted in the second
	 * before it. A limit counted per window is met exactly by evenly spaced starts at the limit, so
	 * 1 % under it is enough margin where latency is steady (the simulator); 0.95 capped the goodput
	 * at 95 %, issue 13's target. Latency that varies shifts where the provider counts each request:
	 * the real benchmark has to show whether 1 % is enough there.
	 */
	start: 0.99,
	/** A 429 of a request that started under the pace lowers it at least this much. */
	decrease: 0.9,
} as const;

/**
 * Paces every request of one node run against the provider's rate limit.
 *
 * - A 429 (or a 503 with Retry-After) pauses all workers, so that one answer slows the whole run
 *   rather than one worker. A 429 without Retry-After pauses them at least a second (retry.ts), so
 *   that the run does not come back inside the window (of a limit counted per second) that is used up.
 * - A 429 also says how fast is too fast: the provider accepted `n` requests in the second before
 *   it, and a limit counted per second (fixed or sliding window) is then at most `n`. From then on
 *   the run keeps to 99 % (`PACE.start`) of `n`, spacing the starts evenly, so it stops hitting the
 *   limit instead of bursting into it after every pause (a Retry-After is whole seconds, so each
 *   burst would lose part of a window).
 * - 429s of requests that started before the pace was set answer the old pace and change nothing.
 *   A 429 of a request that started under the pace lowers it to the lower of 90 %
 *   (`PACE.decrease`) of itself and 99 % of the `n` before that request: the first `n` may count
 *   the end of one window and the start of the next, the second one then corrects it.
 * - The pace never rises again within a run. Probing upward (+1 or 2 % a quiet second, as AIMD on
 *   the rate) was measured in the simulator and lost goodput: each probe past the limit costs a
 *   429, a pause of at least a second and a retry, more than the 1 % it can win.
 */
/** Why a request may not start: the provider paused every request for longer than it may wait. */
export interface Paused {
	kind: 'paused';
	/** How long the pause still lasts, in milliseconds. */
	waitMs: number;
	/** The status of the answer that asked for the pause (429, or 503 with Retry-After). */
	status: number;
}

export class RateGate {
	private resumeAt = 0;
	/** The status of the answer that set the latest pause. */
	private pausedBy = 429;
	/** Requests per second, once a 429 has shown the limit. */
	private rate: number | undefined;
	private rateSetAt = -Infinity;
	private nextSlot = 0;
	/** Start times of the requests the provider accepted in the last seconds, oldest first. */
	private accepted: number[] = [];

	constructor(
		private readonly now: () => number = Date.now,
		private readonly pauseFor: (ms: number) => Promise<void> = sleep,
	) {}

	/** The pace in requests per second, if one has been set. */
	get requestsPerSecond(): number | undefined {
		return this.rate;
	}

	/** Pauses every request for `ms`, as the answer with `status` asked. */
	pause(ms: number, status = 429): void {
		const until = this.now() + ms;
		if (until <= this.resumeAt) return;
		this.resumeAt = until;
		this.pausedBy = status;
	}

	/**
	 * Waits for the end of a pause and for this request's slot; returns the request's start time.
	 * A pause longer than `maxWaitMs` is not waited for: it is returned, and the request not sent.
	 */
	async wait(maxWaitMs = Infinity): Promise<number | Paused> {
		for (;;) {
			const left = this.resumeAt - this.now();
			if (left > maxWaitMs) return { kind: 'paused', waitMs: left, status: this.pausedBy };
			if (left > 0) {
				await this.pauseFor(left);
				continue;
			}
			if (this.rate === undefined) return this.now();
			const slot = Math.max(this.now(), this.nextSlot, this.resumeAt);
			this.nextSlot = slot + 1000 / this.rate;
			const until = slot - this.now();
			if (until > 0) await this.pauseFor(until);
			// A pause that began while this request waited for its slot comes first.
			if (this.resumeAt <= this.now()) return this.now();
		}
	}

	/** The provider accepted (answered other than 429) a request that started at `startedAt`. */
	acceptedAt(startedAt: number): void {
		this.accepted.push(startedAt);
		const horizon = this.now() - 2000;
		let drop = 0;
		while (drop < this.accepted.length && this.accepted[drop] < horizon) drop++;
		if (drop > 64) this.accepted = this.accepted.slice(drop);
	}

	/** A request that started at `startedAt` was answered 429: set or lower the pace. */
	limitedAt(startedAt: number): void {
		// `<=`: a request that started in the same millisecond as the pace was set did not start under it.
		if (startedAt <= this.rateSetAt) return;
		let recent = 0;
		for (const time of this.accepted) if (time > startedAt - 1000 && time <= startedAt) recent++;
		if (this.rate === undefined) {
			// Too few to tell a rate from: the limit was used up elsewhere; Retry-After alone decides.
			if (recent < 2) return;
			this.rate = recent * PACE.start;
		} else {
			this.rate = Math.max(1, Math.min(this.rate * PACE.decrease, (recent || Infinity) * PACE.start));
		}
		this.rateSetAt = this.now();
	}
}
