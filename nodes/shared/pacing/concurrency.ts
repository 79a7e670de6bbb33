import type { LoopWatch } from './loop';

/**
 * How many requests may be in flight: the adaptive concurrency, learned from the answers.
 * Pure: the clock is passed in (see pacer.ts for how the pieces fit).
 */

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
	 * Vegas's bounds on the estimated number of requests queued (window × (1 − baseline ÷ smoothed
	 * latency), with each answer compared with the baseline of its kind, see BASELINE): below
	 * `alpha` the window grows, above `beta` it shrinks by one a round trip, in between it holds.
	 * Each bound is the larger of a count and a share of the window, so that a window of 40 may see
	 * latency about 11 % (alpha) to 25 % (beta) above the baseline before it stops or shrinks, while
	 * a small window keeps Vegas's 2 and 4.
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
	/**
	 * After slow start the window grows by this share of itself a round trip (at least one) while
	 * the round's lowest latency shows no queue: a window that slow start ended early (a burst of
	 * the client's own delays, a garbage collection) climbs back within seconds. Vegas grows one a
	 * round trip: with the mean latency as its signal that was enough, with the lowest it is too slow.
	 */
	increase: 1 / 8,
	/** Latency differences this small are clock resolution and jitter, not a queue. */
	jitterMs: 2,
	/**
	 * n8n's event loop busy at least this share of the time (smoothed over LOOP.smoothMs): n8n's
	 * own CPU is the limit, so more requests in flight would only wait in n8n's queue. The window
	 * stops growing there (and slow start ends); it does not shrink, since a loop this busy is
	 * what the CPU allows. At 10 ms the benchmark's fastest window, 64, kept it 98 % busy, and 32
	 * kept it 81 % busy (bench/FINDINGS.md).
	 */
	busyLoop: 0.9,
	/**
	 * Requests start at most this many times faster than the window sustains at the mean latency
	 * (window ÷ latency): spread over the round trip, not in bursts. In n8n each request opens a
	 * new connection, which goes out only once the event loop has handled the answers waiting, so
	 * a window started in bursts comes back in bursts, and n8n, busy with one burst, idles until
	 * the next: at 300 ms with 256 in flight it idled 40 % of the run (bench/FINDINGS.md).
	 * Twice, because slow start doubles the window each round trip and so starts twice as many.
	 */
	spread: 2,
} as const;

/**
 * The latency baseline each answer is compared with: per kind of request (its operation, and 2xx
 * or 4xx, since a refusal is answered without the work), over the last `horizonMs`, so that one
 * fast answer of another kind never pins the window and a provider that became slower for good is
 * read as slower, not as queued. Each bucket keeps its second-lowest answer: one answer far
 * faster than the rest (a cached one) does not count. A longer horizon creeps up more slowly
 * under a queue that the window itself keeps (Vegas's known weakness when the base latency ages).
 */
export const BASELINE = {
	bucketMs: 30_000,
	horizonMs: 5 * 60_000,
	/** Kinds remembered at most (the least recently seen is forgotten first). */
	kinds: 32,
} as const;

/** The lowest latencies of one kind of request, in buckets of `BASELINE.bucketMs`. */
class Baseline {
	private buckets: Array<{ start: number; lowest: number; second: number }> = [];

	add(latency: number, now: number): void {
		const start = now - (now % BASELINE.bucketMs);
		let bucket = this.buckets[this.buckets.length - 1];
		if (!bucket || bucket.start !== start) {
			bucket = { start, lowest: Infinity, second: Infinity };
			this.buckets.push(bucket);
		}
		if (latency < bucket.lowest) [bucket.second, bucket.lowest] = [bucket.lowest, latency];
		else if (latency < bucket.second) bucket.second = latency;
		while (this.buckets.length > 1 && this.buckets[0].start <= now - BASELINE.horizonMs) this.buckets.shift();
	}

	/** The baseline: the lowest of the buckets' second-lowest answers (a lone answer counts as itself). */
	get value(): number {
		let value = Infinity;
		for (const bucket of this.buckets) value = Math.min(value, bucket.second === Infinity ? bucket.lowest : bucket.second);
		return value;
	}
}

/** One attempt, as the transport saw it. */
export interface Attempt {
	startedAt: number;
	/** Undefined when the clock stepped while the attempt was in flight. */
	latencyMs: number | undefined;
	/**
	 * The most of its latency that n8n's own queue can account for (the time since the event loop
	 * was last idle, see loop.ts), where the runtime tells.
	 */
	ownDelayMs?: number;
	/** What kind of request it was (its operation and status class): latency is compared within a kind. */
	kind?: string;
	signal: Signal;
}

/**
 * Adaptive concurrency: finds how many requests the provider sustains.
 *
 * - Slow start: from `initial`, one more for every good answer (the window doubles each round
 *   trip, or each `minRoundMs` when round trips are shorter) until latency rises above its
 *   baseline (the queue estimate reaches alpha) or a failure arrives.
 * - Starts are spread over the round trip (`spreadMs`), at most `spread` times faster than the
 *   window sustains, so that a window does not go out, and come back, in one burst.
 * - Then an eighth more per round trip (at least one) while the queue estimate stays under alpha;
 *   while it is above beta, half the excess (at least one) fewer per round trip, never under
 *   `latencyFloor`.
 * - Multiplicative decrease (× 0.7) on 429 without a pace, 503, 504 and no answer, at most once a
 *   round trip: failures of requests that started before the last decrease answer the old window.
 *   Once answers come back, slow start runs again up to half the window before the trouble
 *   began (at least `initial`); growth then goes on additively.
 * - Latency counts without what n8n's own queue can account for (loop.ts); while n8n's event loop
 *   is busy 90 % of the time or more, the window does not grow (ADAPTIVE.busyLoop).
 * - After a 429 the RateGate paces the starts; the window is then capped at what the pace needs.
 * - The window never exceeds the ceiling, and grows only while it is full (all permits taken), so an
 *   execution with few items, or fewer workers, does not inflate it.
 */
export class ConcurrencyController {
	private window: number;
	private slowStartUntil = Infinity;
	private readonly baselines = new Map<string, Baseline>();
	/**
	 * Latency over its kind's baseline (1: no queue): the lowest of the last round of `window`
	 * answers (see `learnLatency`).
	 */
	private ratio: number | undefined;
	private roundLowest = Infinity;
	private roundAnswers = 0;
	private roundStartedAt: number | undefined;
	/** The mean latency over about a round trip: the length of a round, and the pace's cap. */
	private smoothed: number | undefined;
	/** The same without what n8n's own queue can account for: how fast slow start grows. */
	private smoothedProvider: number | undefined;
	private decreasedAt = -Infinity;
	/** The window before the latest run of failures began: recovery slow-starts back to half of it. */
	private beforeTrouble = 0;

	/** `loop`: what n8n's event loop is doing, where the runtime tells (see loop.ts). */
	constructor(
		private readonly ceiling: number,
		private readonly now: () => number,
		private readonly loop?: Pick<LoopWatch, 'share'>,
	) {
		this.window = Math.min(ADAPTIVE.initial, ceiling);
	}

	/**
	 * After a quiet period: the window grows again as a new one would, from no less than
	 * `initial` (the failures and the pace that held it down are over), until latency or a
	 * failure stops it.
	 */
	rest(): void {
		this.window = Math.max(this.window, Math.min(ADAPTIVE.initial, this.ceiling));
		this.slowStartUntil = Infinity;
		this.beforeTrouble = 0;
	}

	/** How many requests may be in flight now. */
	get limit(): number {
		return Math.max(1, Math.floor(this.window));
	}

	/**
	 * The least time between two starts (ADAPTIVE.spread): 0 until latency is known, so the first
	 * window goes at once.
	 */
	get spreadMs(): number {
		return this.smoothed === undefined ? 0 : this.smoothed / this.limit / ADAPTIVE.spread;
	}

	/** The estimated number of requests waiting in a queue (Vegas's diff), once latency is known. */
	get queue(): number {
		if (this.ratio === undefined) return 0;
		return this.window * Math.max(0, 1 - 1 / this.ratio);
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
			if (attempt.latencyMs !== undefined) this.learnLatency(attempt.latencyMs, attempt.kind ?? '', attempt.ownDelayMs);
			this.adjust(inFlight);
		}
		this.window = Math.min(this.window, this.ceiling, this.paceCap(pace));
	}

	/** n8n's event loop is as busy as it gets (ADAPTIVE.busyLoop): more in flight would only queue in n8n. */
	private get loopBusy(): boolean {
		return (this.loop?.share ?? 0) >= ADAPTIVE.busyLoop;
	}

	private learnLatency(latencyMs: number, kind: string, ownDelayMs: number | undefined): void {
		const latency = Math.max(latencyMs, 0.01);
		let baseline = this.baselines.get(kind);
		if (baseline) this.baselines.delete(kind);
		else {
			baseline = new Baseline();
			if (this.baselines.size >= BASELINE.kinds) this.baselines.delete(this.baselines.keys().next().value!);
		}
		// Most recently seen last, so that the first is the one to forget.
		this.baselines.set(kind, baseline);
		baseline.add(latency, this.now());
		// The queue estimate takes the lowest latency of each round (a window's worth of answers, or
		// a round trip's time, whichever ends first), as TCP Vegas takes the round's lowest RTT: a
		// queue at the provider delays every answer, while the client's own delays (its event loop
		// busy with other answers, n8n's CPU, garbage collection, a busy machine) delay some answers
		// and not others. In n8n the answers of a window come back together and wait for the event
		// loop in turn, so their mean latency grows with the window although the provider queues
		// nothing: slow start, which ended on the mean, stopped at 18 at 100 ms (bench/FINDINGS.md).
		// A round ends after a round trip's time too, so that slow start, which doubles the window
		// each round trip, learns of a queue within a round trip or two.
		//
		// Even the round's lowest latency can be mostly n8n's: at 10 ms, with 12 in flight, n8n's
		// queue lengthened the lowest answer of a round to 11–18 ms (13 in the median round), and
		// held the window there although the provider queued nothing (bench/FINDINGS.md). So the
		// queue estimate leaves out what n8n's own queue can account for, the time since its event
		// loop was last idle (loop.ts): a window's answers that come back together are read at the
		// provider's latency, while the answers of a provider that queues, which come one by one to
		// a loop that idles between them, count nearly whole. The baseline stays the lowest latency
		// measured whole.
		const provider = Math.max(latency - (ownDelayMs ?? 0), 0.01);
		const now = this.now();
		const ratio = provider / (baseline.value + ADAPTIVE.jitterMs);
		this.roundLowest = Math.min(this.roundLowest, ratio);
		this.ratio ??= ratio;
		this.roundStartedAt ??= now;
		if (++this.roundAnswers >= this.limit || now - this.roundStartedAt >= (this.smoothed ?? latency)) {
			this.ratio = this.roundLowest;
			this.roundLowest = Infinity;
			this.roundAnswers = 0;
			this.roundStartedAt = now;
		}
		// The mean latency (for the pace's cap and the length of a round): over about a round trip.
		const gain = 1 / Math.max(8, this.window);
		this.smoothed = this.smoothed === undefined ? latency : this.smoothed + gain * (latency - this.smoothed);
		this.smoothedProvider = this.smoothedProvider === undefined ? provider : this.smoothedProvider + gain * (provider - this.smoothedProvider);
	}

	private adjust(inFlight: number): void {
		const queue = this.queue;
		const alpha = Math.max(ADAPTIVE.alpha.count, ADAPTIVE.alpha.share * this.window);
		const beta = Math.max(ADAPTIVE.beta.count, ADAPTIVE.beta.share * this.window);
		const slowStart = this.window < this.slowStartUntil;
		if (this.loopBusy && queue <= beta) {
			// n8n's CPU is the limit: hold (ADAPTIVE.busyLoop).
			if (slowStart) this.slowStartUntil = this.window;
		} else if (queue > beta) {
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
			// In slow start, the round trip without n8n's own queue: n8n's first answers of a run
			// wait 40–70 ms in it (a 10 ms provider), and that made the window double in 200 ms
			// while the rate reaching the provider grew faster still, as the wait went away: a limit
			// of 20 a second then met 6 in flight, all answered 429 (bench/FINDINGS.md).
			// After slow start, an eighth more a round trip (at least one): a window that slow start
			// ended early (a round the client's own delays filled) climbs back within seconds, and
			// the round's lowest latency stops it within a round of a queue.
			if (slowStart) this.window += Math.min(1, (this.smoothedProvider ?? 0) / ADAPTIVE.minRoundMs);
			else this.window += (Math.min(1, (this.smoothed ?? 0) / ADAPTIVE.minRoundMs) * Math.max(1, this.window * ADAPTIVE.increase)) / this.window;
		}
	}

	private paceCap(pace: number | undefined): number {
		if (pace === undefined || this.smoothed === undefined) return Infinity;
		return Math.max(1, Math.ceil((pace * this.smoothed * ADAPTIVE.paceMargin) / 1000));
	}
}
