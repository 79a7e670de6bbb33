import type { INodeProperties } from 'n8n-workflow';

import { FieldError, Params } from './params';
import type { RetrySettings } from '../transport/retry';

/**
 * The defaults, chosen for an API whose rate limit is not documented (the pacing algorithm and the
 * reasons for its constants: docs/pacing.md):
 * - Concurrency: not set, so the node is adaptive: it finds how many requests the API sustains.
 *   Added by hand it is a fixed number in flight, 5 when added (the old default).
 * - Max Concurrency 256 (64 when not set in nodes of version 1): the adaptive ceiling, about what
 *   one n8n process can use at 300 ms; the latency signal, 429s and 503s keep the node well below
 *   it wherever the provider cannot keep up.
 * - Max Retries 5: a 429 is retried after the pause the provider asks for; five tries ride out
 *   a burst of rate limiting or a short outage without hiding a real failure for long.
 * - Max Wait 60 s: the longest single pause. Longer Retry-After answers fail the item with a clear
 *   message instead of holding the workflow for an unbounded time.
 * - Timeout 60 s per request, so a provider that stops answering ends the run with an error.
 */

export interface RunSettings extends RetrySettings {
	/** A fixed number of requests in flight, or undefined: adaptive, up to maxConcurrency. */
	concurrency: number | undefined;
	maxConcurrency: number;
	timeoutMs: number;
}

const settingOptions: INodeProperties[] = [
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 100, numberPrecision: 0 },
			default: 5,
			description:
				'A fixed number of requests in flight at once, for exactly this many (1: one at a time). Without it the node finds how many the API sustains, up to Max Concurrency.',
		},
		{
			displayName: 'Max Concurrency',
			name: 'maxConcurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 1000, numberPrecision: 0 },
			default: 256,
			description:
				'The most requests in flight at once while the node finds how many the API sustains: it starts with 4, adds more while answers come back quickly, and backs off on 429, 503 or timeouts (64 when not set in nodes of version 1). Ignored when Concurrency is set.',
		},
		{
			displayName: 'Max Retries',
			name: 'maxRetries',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 20, numberPrecision: 0 },
			default: 5,
			description:
				'How often to retry a request that was rate limited (429) or, for operations that cannot duplicate data, failed with a server error or a broken connection',
		},
		{
			displayName: 'Max Wait (Seconds)',
			name: 'maxWait',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 3600 },
			default: 60,
			description:
				'The longest pause before one retry. If the API asks (Retry-After) for a longer pause, the item fails instead of waiting.',
		},
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 3600 },
			default: 60,
			description: 'How long to wait for the API to answer one request',
		},
];

/** The defaults, read from the option descriptions above so that they live in one place. */
export const DEFAULTS = Object.fromEntries(settingOptions.map((option) => [option.name, option.default as number])) as Record<
	'concurrency' | 'maxConcurrency' | 'maxRetries' | 'maxWait' | 'timeout',
	number
>;

/** The Options collection every node shows, with the same names and defaults everywhere. */
export function commonOptions(extra: INodeProperties[] = []): INodeProperties {
	const options = [...settingOptions, ...extra];
	options.sort((a, b) => a.displayName.localeCompare(b.displayName));
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options,
	};
}

/**
 * Max Concurrency when the option is not set, in nodes of version 1 (saved before version 2 raised
 * it to 256; docs/pacing.md says why): they run exactly as before.
 */
export const MAX_CONCURRENCY_V1 = 64;

/**
 * Reads and checks the node-wide settings (from the first item: they apply to the whole run) of a
 * node of `typeVersion`.
 */
export function readSettings(params: Params, typeVersion = 1): RunSettings {
	const options = params.collection('options');
	/** An option's value, or undefined when it is not set (or cleared). */
	const optional = (name: keyof typeof DEFAULTS, label: string, min: number, integer: boolean) => {
		const raw = options[name];
		if (raw === undefined || raw === null || raw === '') return undefined;
		const value = Number(raw);
		if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
			throw new FieldError(`Options › ${label}`, `must be ${integer ? 'a whole number' : 'a number'} of at least ${min}`);
		}
		return value;
	};
	const read = (name: keyof typeof DEFAULTS, label: string, min: number, integer: boolean) =>
		optional(name, label, min, integer) ?? DEFAULTS[name];
	return {
		// Not set (or cleared): adaptive. Its default of 5 is what n8n fills in when the option is added.
		concurrency: optional('concurrency', 'Concurrency', 1, true),
		maxConcurrency:
			optional('maxConcurrency', 'Max Concurrency', 1, true) ?? (typeVersion < 2 ? MAX_CONCURRENCY_V1 : DEFAULTS.maxConcurrency),
		maxRetries: read('maxRetries', 'Max Retries', 0, true),
		maxWaitMs: read('maxWait', 'Max Wait (Seconds)', 0, false) * 1000,
		timeoutMs: read('timeout', 'Timeout (Seconds)', 0.001, false) * 1000,
	};
}
