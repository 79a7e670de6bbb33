import { sleep } from 'n8n-workflow';

/**
 * How fast to go, as pure code with the clock (and the pause) passed in:
 * - `RateGate`: the pace after a 429 (a rate in requests per second, and global pauses);
 * - `ConcurrencyController`: how many requests may be in flight, learned from the answers;
 * - `Pacer`: both for one run, with the permits the runner's workers take before each item.
 * A Pacer holds only what it learned about the provider (no items, no settings of a run), so
 * that it can later be shared by the executions that use one credential in one running n8n.
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
export class RateGate {
	private resumeAt = 0;
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

	pause(ms: number): void {
		this.resumeAt = Math.max(this.resumeAt, this.now() + ms);
	}

	/** Waits for the end of a pause and for this request's slot; returns the request's start time. */
	async wait(): Promise<number> {
		for (;;) {
			const left = this.resumeAt - this.now();
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


/** What one attempt's outcome says about the provider's load. */
export type Signal =
	/** An answer that says nothing about load (2xx, 4xx other than 429): its latency counts. */
	| 'ok'
	/** 429: too many requests. */
	| 'limited'
	/** 503 or 504: the provider (or its gateway) is overloaded. */
	| 'overloaded'
	/** No answer: a timeout, a dropped or refused connection. */
	| 'no-answer'
	/** Any other 5xx: a failure, but no sign of load either way. */
	| 'other';

export function signalOf(status: number | undefined): Signal {
	if (status === undefined) return 'no-answer';
	if (status === 429) return 'limited';
	if (status === 503 || status === 504) return 'overloaded';
	if (status >= 500) return 'other';
	return 'ok';
}

/**
 * The constants of the adaptive concurrency. The anchors: TCP's slow start and AIMD (RFC 5681),
 * TCP Vegas's queue estimate, and the AWS SDKs' "adaptive" retry mode (which backs off by 0.7).
 */
export const ADAPTIVE = {
	/** The window at the start: low, because nothing is known about the provider yet. */
	initial: 4,
	/**
	 * The latency signal never takes the window below this (nor below the ceiling). In n8n the
	 * measured latency includes n8n's own CPU (1.6–2.5 ms a request) and its queue: at 10 ms it
	 * climbs with the window because of the client, not the provider, and going below 5 (the old
	 * fixed default) only loses throughput there. 429s, 503s and timeouts can still go lower.
	 */
	latencyFloor: 5,
	/** Multiplicative decrease on 429 (without a pace), 503/504 and timeouts: AWS's "adaptive" beta. */
	decrease: 0.7,
	/**
	 * Vegas's bounds on the estimated number of requests queued (window × (1 − lowest ÷ smoothed
	 * latency)): below `alpha` the window grows, above `beta` it shrinks by one a round trip, in
	 * between it holds. Each bound is the larger of a count and a share of the window, so that a
	 * window of 40 may see latency about 11 % (alpha) to 25 % (beta) above the lowest before it
	 * stops or shrinks, while a small window keeps Vegas's 2 and 4.
	 */
	alpha: { count: 2, share: 0.1 },
	beta: { count: 4, share: 0.2 },
	/**
	 * Once a 429 has set a pace, the window needs only the requests that pace keeps in flight
	 * (pace × latency) plus this margin, so that it stops growing for nothing.
	 */
	paceMargin: 1.5,
	/**
	 * Failures closer than this to the previous decrease belong to one run of trouble (an outage):
	 * afterwards the window slow-starts back to half of what it was before, as TCP's ssthresh does,
	 * instead of climbing one a round trip from the bottom.
	 */
	troubleMs: 5000,
	/**
	 * Growth is measured in rounds of a round trip, but at least this long: at 10 ms a round trip
	 * would let the window double 100 times a second, and the first 429 of a limit counted per
	 * second would then meet a burst of the whole window. At least 250 ms a round, the window is
	 * still small when such a limit is reached, so few requests hit it.
	 */
	minRoundMs: 250,
	/** Latency differences this small are clock resolution and jitter, not a queue. */
	jitterMs: 2,
} as const;

/** One attempt, as the transport saw it. */
export interface Attempt {
	startedAt: number;
	latencyMs: number;
	signal: Signal;
}

/**
 * Adaptive concurrency: finds how many requests the provider sustains.
 *
 * - Slow start: from `initial`, one more for every good answer (the window doubles each round
 *   trip, or each `minRoundMs` when round trips are shorter) until latency rises (the queue
 *   estimate reaches alpha) or a failure arrives.
 * - Then additive increase: one more per round trip while the queue estimate stays under alpha;
 *   while it is above beta, half the excess (at least one) fewer per round trip, never under
 *   `latencyFloor`.
 * - Multiplicative decrease (× 0.7) on 429 without a pace, 503, 504 and no answer, at most once a
 *   round trip: failures of requests that started before the last decrease answer the old window.
 *   Once answers come back, slow start runs again up to half the window before the trouble
 *   began (at least `initial`); growth then goes on additively.
 * - After a 429 the RateGate paces the starts; the window is then capped at what the pace needs.
 * - The window never exceeds the ceiling, and grows only while it is full (all permits taken), so a
 *   run with few items, or fewer workers, does not inflate it.
 */
export class ConcurrencyController {
	private window: number;
	private slowStartUntil = Infinity;
	private lowest: number | undefined;
	private smoothed: number | undefined;
	private decreasedAt = -Infinity;
	/** The window before the latest run of failures began: recovery slow-starts back to half of it. */
	private beforeTrouble = 0;

	constructor(
		private readonly ceiling: number,
		private readonly now: () => number,
	) {
		this.window = Math.min(ADAPTIVE.initial, ceiling);
	}

	/** How many requests may be in flight now. */
	get limit(): number {
		return Math.max(1, Math.floor(this.window));
	}

	/** The estimated number of requests waiting in a queue (Vegas's diff), once latency is known. */
	get queue(): number {
		if (this.lowest === undefined || this.smoothed === undefined) return 0;
		return this.window * Math.max(0, 1 - (this.lowest + ADAPTIVE.jitterMs) / this.smoothed);
	}

	get latency(): { lowest: number | undefined; smoothed: number | undefined } {
		return { lowest: this.lowest, smoothed: this.smoothed };
	}

	/**
	 * Learns from one attempt. `inFlight` counts the permits taken (this attempt's included), and
	 * `pace` is the RateGate's requests per second, if a 429 has set one.
	 */
	record(attempt: Attempt, inFlight: number, pace?: number): void {
		const { signal } = attempt;
		if (signal === 'overloaded' || signal === 'no-answer' || (signal === 'limited' && pace === undefined)) {
			if (attempt.startedAt >= this.decreasedAt) {
				// A failure long after the last decrease starts a new run of trouble.
				if (this.now() - this.decreasedAt > ADAPTIVE.troubleMs) this.beforeTrouble = this.window;
				this.window = Math.max(1, this.window * ADAPTIVE.decrease);
				this.slowStartUntil = Math.max(this.window, ADAPTIVE.initial, this.beforeTrouble / 2);
				this.decreasedAt = this.now();
			}
		} else if (signal === 'ok') {
			this.learnLatency(attempt.latencyMs);
			this.adjust(inFlight);
		}
		this.window = Math.min(this.window, this.ceiling, this.paceCap(pace));
	}

	private learnLatency(latencyMs: number): void {
		const latency = Math.max(latencyMs, 0.01);
		this.lowest = Math.min(this.lowest ?? latency, latency);
		// Smoothed over about one round trip: each answer weighs 1 / window (at most 1/8).
		const gain = 1 / Math.max(8, this.window);
		this.smoothed = this.smoothed === undefined ? latency : this.smoothed + gain * (latency - this.smoothed);
	}

	private adjust(inFlight: number): void {
		const queue = this.queue;
		const alpha = Math.max(ADAPTIVE.alpha.count, ADAPTIVE.alpha.share * this.window);
		const beta = Math.max(ADAPTIVE.beta.count, ADAPTIVE.beta.share * this.window);
		const slowStart = this.window < this.slowStartUntil;
		if (queue > beta) {
			// Shrink by half the excess queue each round trip (at least one): gently, since latency
			// lags the window by a round trip, yet fast enough to undo an overshoot of slow start.
			this.slowStartUntil = Math.min(this.slowStartUntil, this.window);
			const floor = Math.min(ADAPTIVE.latencyFloor, this.ceiling);
			const step = Math.max(1, (queue - beta) / 2) / this.window;
			if (this.window > floor) this.window = Math.max(floor, this.window - step);
		} else if (queue >= alpha) {
			if (slowStart) this.slowStartUntil = this.window;
		} else if (inFlight >= this.limit) {
			// A round trip shorter than minRoundMs grows the window by only its share of a round.
			const share = Math.min(1, (this.smoothed ?? 0) / ADAPTIVE.minRoundMs);
			this.window += slowStart ? share : share / this.window;
		}
	}

	private paceCap(pace: number | undefined): number {
		if (pace === undefined || this.smoothed === undefined) return Infinity;
		return Math.max(1, Math.ceil((pace * this.smoothed * ADAPTIVE.paceMargin) / 1000));
	}
}

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
