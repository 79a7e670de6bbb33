import type { ProviderName } from './types';

/** Faults injected before a provider answers. Shares are from 0 to 1. */
export interface Faults {
	/** Added to every answer. */
	latencyMs: number;
	/**
	 * An API that slows under load, like a server with this many workers: with more requests in flight
	 * at this provider (counting the new one), latencyMs grows in proportion, latencyMs × inFlight ÷
	 * slowAbove, so it doubles at twice this many. 0: latency does not depend on load.
	 */
	slowAbove: number;
	/** Requests per second allowed; beyond it the answer is 429 with Retry-After. 0: no limit. */
	rateLimit: number;
	/** Whether 429 answers carry Retry-After (seconds, rounded up). */
	retryAfter: boolean;
	/** Share of requests answered 500 (nothing applied). */
	fail500: number;
	/** Share of requests answered 503 with Retry-After: 1 (nothing applied). */
	fail503: number;
	/**
	 * Share of requests answered HTTP 200 with the provider's error body (nothing applied): Omnidesk
	 * refuses with {"status": "error", "message"} and Hyfin with {"success": false, "errors"}, whatever
	 * the HTTP status (PROVIDERS.md).
	 */
	error200: number;
	/** Share of requests whose connection is dropped without an answer (nothing applied). */
	drop: number;
	/** Share of requests applied and then dropped before the answer: the client cannot know it worked. */
	dropAfter: number;
	/** The answer's body is sent in pieces over this many milliseconds. */
	slowBodyMs: number;
}

export const NO_FAULTS: Faults = {
	latencyMs: 0,
	slowAbove: 0,
	rateLimit: 0,
	retryAfter: true,
	fail500: 0,
	fail503: 0,
	error200: 0,
	drop: 0,
	dropAfter: 0,
	slowBodyMs: 0,
};

const SHARES: Array<keyof Faults> = ['fail500', 'fail503', 'error200', 'drop', 'dropAfter'];
const COUNTS: Array<keyof Faults> = ['slowAbove'];

/** Checks and completes a partial fault setting; throws a readable error for a bad value. */
export function parseFaults(input: unknown, base: Faults = NO_FAULTS): Faults {
	if (!input || typeof input !== 'object' || Array.isArray(input)) throw new Error('faults must be a JSON object');
	const result: Faults = { ...base };
	for (const [key, value] of Object.entries(input)) {
		if (!(key in NO_FAULTS)) throw new Error(`unknown fault "${key}" (known: ${Object.keys(NO_FAULTS).join(', ')})`);
		const name = key as keyof Faults;
		if (name === 'retryAfter') {
			if (typeof value !== 'boolean') throw new Error('retryAfter must be true or false');
			result.retryAfter = value;
			continue;
		}
		if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new Error(`${key} must be a number of at least 0`);
		if (SHARES.includes(name) && value > 1) throw new Error(`${key} is a share: from 0 to 1`);
		if (COUNTS.includes(name) && !Number.isInteger(value)) throw new Error(`${key} must be a whole number of at least 0`);
		(result[name] as number) = value;
	}
	return result;
}

/** The latency of an answer that arrives with `inFlight` requests in flight (itself included). */
export function latencyFor(faults: Pick<Faults, 'latencyMs' | 'slowAbove'>, inFlight: number): number {
	if (faults.slowAbove <= 0) return faults.latencyMs;
	return faults.latencyMs * Math.max(1, inFlight / faults.slowAbove);
}

/** A small seeded random generator (mulberry32), so a fault run can be repeated exactly. */
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * A fixed-window rate limiter: at most `rate` requests in each second. Answers how long the
 * caller must wait (ms) when over the limit, else 0.
 */
export class RateLimiter {
	private windowStart = 0;
	private count = 0;

	take(rate: number, now = Date.now()): number {
		if (rate <= 0) return 0;
		if (now - this.windowStart >= 1000) {
			this.windowStart = now;
			this.count = 0;
		}
		if (this.count < rate) {
			this.count++;
			return 0;
		}
		return this.windowStart + 1000 - now;
	}
}

/** Fault settings for all providers, with per-provider overrides. */
export class FaultBoard {
	private all: Faults = { ...NO_FAULTS };
	private only: Partial<Record<ProviderName, Faults>> = {};
	readonly limiters: Record<string, RateLimiter> = {};

	constructor(initial?: { all?: unknown; providers?: Partial<Record<ProviderName, unknown>> }) {
		if (initial?.all) this.set(initial.all);
		for (const [provider, faults] of Object.entries(initial?.providers ?? {})) this.set(faults, provider as ProviderName);
	}

	/** Changes the faults for one provider, or for all (which clears the per-provider ones). */
	set(input: unknown, provider?: ProviderName): void {
		if (provider) {
			this.only[provider] = parseFaults(input, this.for(provider));
		} else {
			this.all = parseFaults(input, this.all);
			for (const name of Object.keys(this.only) as ProviderName[]) this.only[name] = parseFaults(input, this.only[name]);
		}
	}

	clear(): void {
		this.all = { ...NO_FAULTS };
		this.only = {};
		for (const key of Object.keys(this.limiters)) delete this.limiters[key];
	}

	for(provider: ProviderName): Faults {
		return this.only[provider] ?? this.all;
	}

	limiter(provider: ProviderName): RateLimiter {
		return (this.limiters[provider] ??= new RateLimiter());
	}

	describe(): Record<string, Faults> {
		return { all: this.all, ...this.only };
	}
}
