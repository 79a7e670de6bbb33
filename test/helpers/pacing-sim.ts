import { Pacer } from '../../nodes/shared/pacing/pacer';
import { decide, type Outcome } from '../../nodes/shared/transport/retry';
import { forEachConcurrent } from '../../nodes/shared/run/runner';
import { seededRandom } from '../../sandbox/faults';

/**
 * A discrete-event simulation of one node run on a fake clock: the real Pacer (RateGate and
 * adaptive concurrency), the runner's real worker pool and the real retry policy, against a
 * simulated API. Time moves only when every promise is waiting for the clock, so a run of
 * thousands of requests takes milliseconds and is the same every time.
 */

/** What the simulated API answers to one request. */
export interface Answer {
	status: number;
	latencyMs: number;
	retryAfter?: string;
	/** No answer at all (a timeout after latencyMs). */
	noAnswer?: boolean;
	/** The connection was refused (after latencyMs): the request never reached the API. */
	refused?: boolean;
}

export interface ApiState {
	now: number;
	/** Requests in the API now, this one included. */
	inFlight: number;
	/** How many requests the API received before this one. */
	index: number;
}

export type Api = (state: ApiState) => Answer;

export interface SimOptions {
	items: number;
	api: Api;
	/** The fixed concurrency, or undefined for adaptive. */
	fixed?: number;
	maxConcurrency?: number;
	/**
	 * The client's own CPU per request (n8n spends 1.6–2.5 ms): one core, so requests queue for it
	 * before they leave, and the latency the Pacer measures includes that queue.
	 */
	clientCpuMs?: number;
	/**
	 * The client's CPU per answer, before the Pacer records it (n8n parses and handles the answer
	 * first): answers that arrive together wait for the one core in turn, so the latency measured
	 * includes the client's own queue.
	 */
	clientCpuAfterMs?: number;
	/**
	 * The client's event loop stalls (n8n's own work, garbage collection, a busy machine): for
	 * `forMs` out of every `everyMs`, at a random point of each period. An answer that arrives
	 * during a stall is handled when it ends, so its latency includes the stall.
	 */
	clientStalls?: { everyMs: number; forMs: number };
	/**
	 * As in n8n, where each request opens a new connection, which goes out only once the event
	 * loop has handled the answers waiting (bench/FINDINGS.md): a request leaves when the client's
	 * CPU has nothing else queued, so requests started while a burst of answers is handled leave
	 * together after it.
	 */
	clientSendsWhenIdle?: boolean;
	/**
	 * The client's core is busy this long when the run starts (n8n's first answers of a run wait
	 * 40–70 ms in its own queue: bench/FINDINGS.md); answers handled in turn after it.
	 */
	clientBusyAtStartMs?: number;
	maxRetries?: number;
	maxWaitMs?: number;
	/** The Pacer reads a wall clock that steps by `byMs` at `atMs` (the simulation's time is unmoved). */
	wallStep?: { atMs: number; byMs: number };
	/**
	 * The Pacer cannot read the event loop's busy time (a runtime without
	 * `performance.eventLoopUtilization`); by default it reads the simulated client's CPU and stalls.
	 */
	blindToLoop?: boolean;
}

export interface SimResult {
	/** From the first request's start to the end of the last item, ms. */
	elapsedMs: number;
	/** Items that failed without a request of their own (refused by a pause or an open breaker). */
	unsent: number;
	requests: number;
	limited: number;
	succeeded: number;
	failed: number;
	/** The most requests the API had in flight at once. */
	maxInFlight: number;
	/** The window after every attempt: [time, limit]. */
	windows: Array<[number, number]>;
	/** The RateGate's pace at the end, if a 429 set one. */
	pace: number | undefined;
	/** When each 429 came: [start, answer, pace after it]. */
	limits: Array<[number, number, number | undefined]>;
}

/** A fake clock whose timers run in order; `run` drives it until the work settles. */
class Clock {
	now = 0;
	private timers: Array<{ at: number; seq: number; resolve: () => void }> = [];
	private seq = 0;

	sleep = (ms: number): Promise<void> =>
		new Promise((resolve) => {
			this.timers.push({ at: this.now + Math.max(0, ms), seq: this.seq++, resolve });
		});

	async run(work: Promise<unknown>): Promise<void> {
		let done = false;
		void work.finally(() => (done = true));
		for (;;) {
			// Let every promise that can move, move, before the clock does.
			for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
			if (done) return;
			if (this.timers.length === 0) throw new Error('the simulation is stuck: nothing waits for the clock');
			let first = 0;
			for (let i = 1; i < this.timers.length; i++) {
				const a = this.timers[i];
				const b = this.timers[first];
				if (a.at < b.at || (a.at === b.at && a.seq < b.seq)) first = i;
			}
			const [timer] = this.timers.splice(first, 1);
			this.now = Math.max(this.now, timer.at);
			timer.resolve();
		}
	}
}

/**
 * One Pacer on one fake clock, as the executions of one credential share it in n8n: `run` is one
 * execution, `idle` the time between executions.
 */
export class Simulation {
	private readonly clock = new Clock();
	readonly pacer: Pacer;
	private readonly maxConcurrency: number;
	/** The client's one core: when it is free, and how much work it was given in all. */
	private cpuFreeAt = 0;
	private cpuGiven = 0;
	private stalls: SimOptions['clientStalls'];

	constructor(options: Pick<SimOptions, 'maxConcurrency' | 'wallStep' | 'blindToLoop'> = {}) {
		const { clock } = this;
		this.maxConcurrency = options.maxConcurrency ?? 64;
		const { wallStep } = options;
		const wall = wallStep ? () => clock.now + (clock.now >= wallStep.atMs ? wallStep.byMs : 0) : () => clock.now;
		this.pacer = new Pacer(this.maxConcurrency, wall, clock.sleep, options.blindToLoop ? undefined : () => this.busy());
	}

	/**
	 * The client's busy time so far, as Node's eventLoopUtilization reports it: the CPU work done
	 * (work queued for later is not done yet), and the stalls passed.
	 */
	private busy(): number {
		const now = this.clock.now;
		return this.cpuGiven - Math.max(0, this.cpuFreeAt - now) + (this.stalls ? stalledFor(now, this.stalls) : 0);
	}

	/** Queues `ms` of work on the client's core; resolves when it is done. */
	private async work(ms: number): Promise<void> {
		this.cpuFreeAt = Math.max(this.cpuFreeAt, this.clock.now) + ms;
		this.cpuGiven += ms;
		await this.clock.sleep(this.cpuFreeAt - this.clock.now);
	}

	get now(): number {
		return this.clock.now;
	}

	/** Time passes without requests. */
	idle(ms: number): void {
		this.clock.now += ms;
	}

	/** One execution of `options.items` items. */
	async run(options: SimOptions): Promise<SimResult> {
		const { clock, pacer, maxConcurrency } = this;
		const settings = { maxRetries: options.maxRetries ?? 5, maxWaitMs: options.maxWaitMs ?? 60_000 };
		const random = seededRandom(42);
		const result: SimResult = { elapsedMs: 0, unsent: 0, requests: 0, limited: 0, succeeded: 0, failed: 0, maxInFlight: 0, windows: [], pace: undefined, limits: [] };
		let apiInFlight = 0;
		this.stalls = options.clientStalls;
		if (options.clientBusyAtStartMs) void this.work(options.clientBusyAtStartMs);
		let firstStart: number | undefined;
		let lastEnd = 0;
		/** One item, as transport.send treats it: attempts through the gate, recorded in the Pacer. */
		const send = async () => {
			for (let attempt = 0; ; attempt++) {
				const startedAt = await pacer.start(settings.maxWaitMs, options.fixed === undefined);
				// A pause longer than Max Wait, or an open breaker: the item fails without being sent again.
				if (typeof startedAt !== 'number') {
					if (attempt === 0) result.unsent++;
					return false;
				}
				if (options.clientCpuMs) await this.work(options.clientCpuMs);
				if (options.clientSendsWhenIdle) while (this.cpuFreeAt > clock.now) await clock.sleep(this.cpuFreeAt - clock.now);
				firstStart ??= clock.now;
				apiInFlight++;
				result.maxInFlight = Math.max(result.maxInFlight, apiInFlight);
				const answer = options.api({ now: clock.now, inFlight: apiInFlight, index: result.requests++ });
				await clock.sleep(answer.latencyMs);
				apiInFlight--;
				// Handled only once the core is free (n8n's warm-up), then with its own CPU if any.
				if (options.clientBusyAtStartMs && this.cpuFreeAt > clock.now) await this.work(0);
				const stalledUntil = options.clientStalls ? stallEnd(clock.now, options.clientStalls) : clock.now;
				if (stalledUntil > clock.now) await clock.sleep(stalledUntil - clock.now);
				if (options.clientCpuAfterMs) await this.work(options.clientCpuAfterMs);
				const code = answer.refused ? 'ECONNREFUSED' : answer.noAnswer ? 'ETIMEDOUT' : undefined;
				pacer.record(startedAt, code ? undefined : answer.status, { code });
				result.windows.push([clock.now, pacer.window]);
				if (answer.status === 429 && !answer.noAnswer) {
					result.limited++;
					result.limits.push([startedAt, clock.now, pacer.pace]);
				}
				if (!code && answer.status < 300) return true;
				const outcome: Outcome = code ? { kind: 'network', code } : { kind: 'status', status: answer.status, retryAfter: answer.retryAfter };
				const decision = decide(outcome, attempt, true, settings, random, clock.now);
				if (!decision.retry) {
					if (decision.reason === 'wait-too-long' && outcome.kind === 'status') pacer.pause(decision.delayMs ?? 0, outcome.status);
					return false;
				}
				// An open breaker: the item fails now instead of sleeping with its permit.
				if (code && pacer.unreachable()) return false;
				if (decision.global) pacer.pause(decision.delayMs);
				else await clock.sleep(decision.delayMs);
			}
		};

		const work = forEachConcurrent(
			options.items,
			options.fixed ?? maxConcurrency,
			async () => {
				if (await send()) result.succeeded++;
				else result.failed++;
				lastEnd = clock.now;
			},
			() => false,
			options.fixed === undefined ? pacer : undefined,
		);
		await clock.run(work);
		result.elapsedMs = lastEnd - (firstStart ?? 0);
		result.pace = pacer.pace;
		return result;
	}
}

export async function simulate(options: SimOptions): Promise<SimResult> {
	return await new Simulation(options).run(options);
}

/** When the stall of the period `now` falls in starts: the same random point every time it is asked (a hash of the period). */
function stallStart(now: number, { everyMs, forMs }: { everyMs: number; forMs: number }): number {
	const period = Math.floor(now / everyMs);
	return period * everyMs + (((period * 2654435761) >>> 0) / 2 ** 32) * (everyMs - forMs);
}

/** When the client's loop is free again at `now`: the end of the stall `now` falls in, if any. */
function stallEnd(now: number, stalls: { everyMs: number; forMs: number }): number {
	const start = stallStart(now, stalls);
	return now >= start && now < start + stalls.forMs ? start + stalls.forMs : now;
}

/** How long the client's loop has stalled by `now`: the earlier periods' stalls, and this period's so far. */
function stalledFor(now: number, stalls: { everyMs: number; forMs: number }): number {
	const earlier = Math.floor(now / stalls.everyMs) * stalls.forMs;
	return earlier + Math.min(stalls.forMs, Math.max(0, now - stallStart(now, stalls)));
}

/** An API that answers every request after `latencyMs`. */
export const steady =
	(latencyMs: number): Api =>
	() => ({ status: 200, latencyMs });

/** An API whose latency doubles for requests that arrive while more than `capacity` are in it. */
export const doublesBeyond =
	(capacity: number, latencyMs: number): Api =>
	({ inFlight }) => ({ status: 200, latencyMs: inFlight > capacity ? 2 * latencyMs : latencyMs });

/**
 * An API with a limit of `perSecond` requests in each one-second window, counted as the sandbox
 * counts them; beyond it, 429, with Retry-After (whole seconds to the next window) or without.
 */
export function rateLimited(perSecond: number | ((now: number) => number), latencyMs: number, retryAfter: boolean): Api {
	let windowStart = -Infinity;
	let count = 0;
	return ({ now: sent }) => {
		const limit = typeof perSecond === 'number' ? perSecond : perSecond(sent);
		// The sandbox counts a request after its latency, just before it answers (sandbox/server.ts);
		// a window starts with the first request after the last one ended (RateLimiter in sandbox/faults.ts).
		const now = sent + latencyMs;
		if (now - windowStart >= 1000) [windowStart, count] = [now, 0];
		if (count < limit) {
			count++;
			return { status: 200, latencyMs };
		}
		const wait = windowStart + 1000 - now;
		return { status: 429, latencyMs, retryAfter: retryAfter ? String(Math.max(1, Math.ceil(wait / 1000))) : undefined };
	}
}
