import type { INodeProperties } from 'n8n-workflow';

import { FieldError, Params } from './params';
import type { RetrySettings } from './retry';

/**
 * The defaults, chosen for an API whose rate limit is not documented:
 * - Concurrency 5: five requests in flight give about 5 / latency requests per second
 *   (50/s at 100 ms), far below where providers usually start answering 429, yet five times
 *   faster than one at a time. n8n's HTTP Request node sends all items at once instead.
 * - Max Retries 5: a 429 is retried after the pause the provider asks for; five tries ride out
 *   a burst of rate limiting or a short outage without hiding a real failure for long.
 * - Max Wait 60 s: the longest single pause. Longer Retry-After answers fail the item with a clear
 *   message instead of holding the workflow for an unbounded time.
 * - Timeout 60 s per request, so a provider that stops answering ends the run with an error.
 */

export interface RunSettings extends RetrySettings {
	concurrency: number;
	timeoutMs: number;
}

const settingOptions: INodeProperties[] = [
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 100, numberPrecision: 0 },
			default: 5,
			description: 'How many requests may be in flight at once. Lower it if the API answers 429 (too many requests).',
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
	'concurrency' | 'maxRetries' | 'maxWait' | 'timeout',
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

/** Reads and checks the node-wide settings (from the first item: they apply to the whole run). */
export function readSettings(params: Params): RunSettings {
	const options = params.collection('options');
	const read = (name: keyof typeof DEFAULTS, label: string, min: number, integer: boolean) => {
		const raw = options[name];
		const value = raw === undefined || raw === null || raw === '' ? DEFAULTS[name] : Number(raw);
		if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
			throw new FieldError(`Options › ${label}`, `must be ${integer ? 'a whole number' : 'a number'} of at least ${min}`);
		}
		return value;
	};
	return {
		concurrency: read('concurrency', 'Concurrency', 1, true),
		maxRetries: read('maxRetries', 'Max Retries', 0, true),
		maxWaitMs: read('maxWait', 'Max Wait (Seconds)', 0, false) * 1000,
		timeoutMs: read('timeout', 'Timeout (Seconds)', 0.001, false) * 1000,
	};
}
