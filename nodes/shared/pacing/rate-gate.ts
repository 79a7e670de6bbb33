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
	 * at 95 %, issue 13's target. Latency that varies shifts where the provider counts each request;
	 * the real benchmark (bench/FINDINGS.md, table 2) measured it since: 95 % of a 100 requests/s
	 * limit with 0.3 % of requests answered 429, so 1 % is enough there too.
	 */
	start: 0.99,
	/** A 429 of a request that started under the pace lowers it at least this much. */
	decrease: 0.9,
	/**
	 * Under sustained success the pace rises again, slowly at first, as CUBIC's window does near
	 * its last maximum: it holds for `holdMs` after it was set (while later 429s may still correct
	 * it), then rises by `share` × (time since ÷ `afterMs`)³, i.e. +1.25 % a minute later (still
	 * under the limit it was set from), +10 % two minutes later, then faster. A provider
	 * that raised its limit is found again within minutes; one that did not costs one 429 and a
	 * pause about once a minute, and the pace goes back to 99 % of what it then accepted. Probing
	 * faster (+1 or 2 % a quiet second, AIMD on the rate) lost goodput in the simulator: each probe
	 * past the limit costs a 429, a pause of at least a second and a retry.
	 */
	probe: { holdMs: 10_000, share: 0.1, afterMs: 120_000 },
	/**
	 * A Pacer without requests for this long forgets its pace and lets its window grow again from
	 * at least the initial one (pacer.ts): a minute outlasts the windows that limits are counted in
	 * (per second, per minute), and a later execution starts as a new one would.
	 */
	quietMs: 60_000,
} as const;

/**
 * Paces every request to one provider (every execution that shares the Pacer) against its rate limit.
 *
 * - A 429 (or a 503 with Retry-After) pauses all workers, so that one answer slows every request to
 *   the provider rather than one worker. A 429 without Retry-After pauses them at least a second
 *   (retry.ts), so that they do not come back inside the window (of a limit counted per second)
 *   that is used up. A pause longer than a request may wait (Max Wait) fails it without sending.
 * - A 429 also says how fast is too fast: the provider accepted `n` requests in the second before
 *   it, and a limit counted per second (fixed or sliding window) is then at most `n`. From then on
 *   the requests keep to 99 % (`PACE.start`) of `n`, spacing the starts evenly, so they stop hitting the
 *   limit instead of bursting into it after every pause (a Retry-After is whole seconds, so each
 *   burst would lose part of a window).
 * - 429s of requests that started before the pace was set answer the old pace and change nothing.
 *   A 429 of a request that started under the pace lowers it to the lower of 90 %
 *   (`PACE.decrease`) of itself and 99 % of the `n` before that request: the first `n` may count
 *   the end of one window and the start of the next, the second one then corrects it. A 429 once
 *   the pace has risen past its margin answers the probe: back to 99 % of the `n` before it.
 * - The pace rises again: slowly under sustained success (`PACE.probe`), and the Pacer forgets it
 *   after a quiet minute (`PACE.quietMs`), so that 429s long ago do not slow every later execution
 *   of the credential (the Pacer is shared by them).
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
	/** Requests per second when a 429 last set the pace (it rises from there, see PACE.probe). */
	private rate: number | undefined;
	private rateSetAt = -Infinity;
	private nextSlot = 0;
	/** Start times of the requests the provider accepted in the last seconds, oldest first. */
	private accepted: number[] = [];

	constructor(
		private readonly now: () => number = Date.now,
		private readonly pauseFor: (ms: number) => Promise<void> = sleep,
	) {}

	/** The pace in requests per second that the last 429 set, if one has. */
	get requestsPerSecond(): number | undefined {
		return this.rate;
	}

	/** The pace now: the one the last 429 set, risen since under sustained success (PACE.probe). */
	get currentRate(): number | undefined {
		if (this.rate === undefined) return undefined;
		const { holdMs, share, afterMs } = PACE.probe;
		const rising = Math.max(0, this.now() - this.rateSetAt - holdMs);
		return this.rate * (1 + share * (rising / afterMs) ** 3);
	}

	/** Forgets the pace (not a pause): after a quiet period, the limit is to be learned anew. */
	forgetPace(): void {
		this.rate = undefined;
		this.rateSetAt = -Infinity;
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
	 * Starts are also at least `spreadMs` apart (the window's spread, concurrency.ts); a spread
	 * alone lets a millisecond's starts go together, since a timer for less costs more CPU than
	 * it spreads.
	 */
	async wait(maxWaitMs = Infinity, spreadMs = 0): Promise<number | Paused> {
		for (;;) {
			const left = this.resumeAt - this.now();
			if (left > maxWaitMs) return { kind: 'paused', waitMs: left, status: this.pausedBy };
			if (left > 0) {
				await this.pauseFor(left);
				continue;
			}
			const rate = this.currentRate;
			const interval = Math.max(rate === undefined ? 0 : 1000 / rate, spreadMs);
			if (!(interval > 0)) return this.now();
			const slot = Math.max(this.now(), this.nextSlot, this.resumeAt);
			this.nextSlot = slot + interval;
			const until = slot - this.now();
			// Under a pace every start keeps its slot; a spread alone waits only a whole millisecond or more.
			if (rate === undefined ? until >= 1 : until > 0) await this.pauseFor(until);
			// A pause that began while this request waited for its slot comes first.
			if (this.resumeAt <= this.now()) {
				// A start later than its slot (the event loop was busy: a garbage collection) keeps the
				// next one a whole interval away: the provider counts starts, not slots, and one start
				// 10 ms late at the edge of its window put 21 into a limit of 20 (bench/FINDINGS.md).
				const started = this.now();
				this.nextSlot = Math.max(this.nextSlot, started + interval);
				return started;
			}
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
		const current = this.currentRate;
		if (current === undefined) {
			// Too few to tell a rate from: the limit was used up elsewhere; Retry-After alone decides.
			if (recent < 2) return;
			this.rate = recent * PACE.start;
		} else if (this.rate !== undefined && current > this.rate / PACE.start && recent >= 2) {
			// The pace had risen past its margin: this 429 found the limit again.
			this.rate = Math.max(1, recent * PACE.start);
		} else {
			this.rate = Math.max(1, Math.min(current * PACE.decrease, (recent || Infinity) * PACE.start));
		}
		this.rateSetAt = this.now();
	}
}
