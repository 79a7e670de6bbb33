import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { FieldError, Params } from './params';
import type { RetrySettings } from '../transport/retry';

/**
 * The defaults, chosen for an API whose rate limit is not documented:
 * - Concurrency: adaptive. The node finds how many requests the API sustains (ConcurrencyController
 *   in pacing/concurrency.ts): it starts with 4 in flight, adds more while answers come back without
 *   429/503/timeouts and latency stays near the lowest seen, and backs off when they do not.
 * - The adaptive ceiling: 512 in version 2, what one n8n process needs in flight to stay busy at
 *   300 ms (the pacing algorithm and the reasons for its constants: docs/pacing.md); the latency
 *   signal, 429s and 503s keep the node well below it wherever the provider cannot keep up.
 *   Version 1 keeps 64, so saved workflows run as before.
 * - Fixed concurrency 5 when chosen (the package's first default).
 * - Max Retries 5: a 429 is retried after the pause the provider asks for; five tries ride out
 *   a burst of rate limiting or a short outage without hiding a real failure for long.
 * - Max Wait 60 s: the longest single pause. Longer Retry-After answers fail the item with a clear
 *   message instead of holding the workflow for an unbounded time.
 * - Timeout 60 s per request, so a provider that stops answering ends the run with an error.
 *
 * Node versions. Version 1 has a number "Concurrency" that, once added, pins the node to that many
 * requests in flight (adding it to go faster made a node up to 6.9 times slower), beside "Max
 * Concurrency". Version 2 has one "Concurrency" choice, Adaptive or Fixed, that shows the number
 * that belongs to it. A workflow keeps the version it was saved with, so version 1 reads its
 * options exactly as before.
 */

export interface RunSettings extends RetrySettings {
	/** A fixed number of requests in flight, or undefined: adaptive, up to maxConcurrency. */
	concurrency: number | undefined;
	maxConcurrency: number;
	timeoutMs: number;
}

const MAX_CONCURRENCY = {
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 1000, numberPrecision: 0 },
} as const;

/** The adaptive ceiling when none is set: version 1's, and version 2's (docs/pacing.md says why). */
export const MAX_CONCURRENCY_V1 = 64;
export const MAX_CONCURRENCY_V2 = 512;

const FIXED_CONCURRENCY = {
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 100, numberPrecision: 0 },
	default: 5,
} as const;

/** Version 1's two concurrency options, kept as they were (names, defaults, meaning). */
const version1Concurrency: INodeProperties[] = [
	{
		displayName: 'Concurrency',
		name: 'concurrency',
		...FIXED_CONCURRENCY,
		description:
			'A fixed number of requests in flight at once, for exactly this many (1: one at a time). Without it the node finds how many the API sustains, up to Max Concurrency.',
	},
	{
		displayName: 'Max Concurrency',
		name: 'maxConcurrency',
		...MAX_CONCURRENCY,
		default: MAX_CONCURRENCY_V1,
		description:
			'The most requests in flight at once while the node finds how many the API sustains: it starts with 4, adds more while answers come back quickly, and backs off on 429, 503 or timeouts. Ignored when Concurrency is set.',
	},
];

/** The version 2 option: a choice that says what it does, with the one number that belongs to it. */
export const CONCURRENCY_V2 = 'concurrencyControl';
const version2Concurrency: INodeProperties = {
	displayName: 'Concurrency',
	name: CONCURRENCY_V2,
	type: 'fixedCollection',
	placeholder: 'Set Concurrency',
	typeOptions: { multipleValues: false },
	default: { settings: {} },
	description: `How many requests the node has in flight at once. Without this option: Adaptive, up to ${MAX_CONCURRENCY_V2}.`,
	options: [
		{
			displayName: 'Concurrency',
			name: 'settings',
			values: [
				{
					displayName: 'Mode',
					name: 'mode',
					type: 'options',
					options: [
						{
							name: 'Adaptive',
							value: 'adaptive',
							description:
								'Start with 4 requests in flight, add more while the API answers quickly, back off on 429, 503 or timeouts',
						},
						{
							name: 'Fixed',
							value: 'fixed',
							description: 'Always exactly the number below, e.g. for an API that allows only a few connections',
						},
					],
					default: 'adaptive',
				},
				{
					displayName: 'Max Requests in Flight',
					name: 'maxConcurrency',
					...MAX_CONCURRENCY,
					default: MAX_CONCURRENCY_V2,
					displayOptions: { show: { mode: ['adaptive'] } },
					description: 'The ceiling the adaptive mode never goes above',
				},
				{
					displayName: 'Requests in Flight',
					name: 'requests',
					...FIXED_CONCURRENCY,
					displayOptions: { show: { mode: ['fixed'] } },
					description: 'Exactly this many requests at once (1: one at a time)',
				},
			],
		},
	],
};

/** The options both versions show alike. */
const sharedOptions: INodeProperties[] = [
	{
		displayName: 'Max Retries',
		name: 'maxRetries',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 20, numberPrecision: 0 },
		default: 5,
		description:
			'How many times one request is tried again (0: never) after a 429 (rate limited) or, for operations that cannot duplicate data, after a server error or a broken connection',
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
export const DEFAULTS = Object.fromEntries([...version1Concurrency, ...sharedOptions].map((option) => [option.name, option.default as number])) as Record<
	'concurrency' | 'maxConcurrency' | 'maxRetries' | 'maxWait' | 'timeout',
	number
>;

function optionsCollection(version: number | undefined, options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		...(version === undefined ? {} : { displayOptions: { show: { '@version': [version] } } }),
		options: [...options].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}

/**
 * The Options of a node that sends one request after another (the trigger's scan, page by page):
 * the retry and timeout settings, no concurrency.
 */
export function sequentialOptions(extra: INodeProperties[] = []): INodeProperties {
	return optionsCollection(undefined, [...sharedOptions, ...extra]);
}

/**
 * The Options collection every node shows, with the same names and defaults everywhere: one per
 * node version (only the concurrency options differ), so spread it into the node's properties.
 */
export function commonOptions(extra: INodeProperties[] = []): INodeProperties[] {
	return [
		optionsCollection(1, [...version1Concurrency, ...sharedOptions, ...extra]),
		optionsCollection(2, [version2Concurrency, ...sharedOptions, ...extra]),
	];
}

/** A number setting, or undefined when it is not set (or cleared); FieldError when it is out of range. */
function optionalNumber(raw: unknown, label: string, min: number, integer: boolean): number | undefined {
	if (raw === undefined || raw === null || raw === '') return undefined;
	const value = Number(raw);
	if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
		throw new FieldError(label, `must be ${integer ? 'a whole number' : 'a number'} of at least ${min}`);
	}
	return value;
}

function isObject(value: unknown): value is IDataObject {
	return !!value && typeof value === 'object' && !Array.isArray(value);
}

/** Version 2's Concurrency choice: adaptive up to its ceiling unless Fixed is chosen. */
function version2ConcurrencySettings(options: IDataObject): Pick<RunSettings, 'concurrency' | 'maxConcurrency'> {
	const control = options[CONCURRENCY_V2];
	const settings = isObject(control) && isObject(control.settings) ? control.settings : {};
	const mode = settings.mode ?? 'adaptive';
	if (mode === 'fixed') {
		return {
			concurrency: optionalNumber(settings.requests, 'Options › Concurrency › Requests in Flight', 1, true) ?? DEFAULTS.concurrency,
			maxConcurrency: MAX_CONCURRENCY_V2,
		};
	}
	if (mode !== 'adaptive') throw new FieldError('Options › Concurrency › Mode', `must be "adaptive" or "fixed", not ${JSON.stringify(mode)}`);
	return {
		concurrency: undefined,
		maxConcurrency:
			optionalNumber(settings.maxConcurrency, 'Options › Concurrency › Max Requests in Flight', 1, true) ?? MAX_CONCURRENCY_V2,
	};
}

/**
 * Reads and checks the node-wide settings (from the first item: they apply to the whole run), as
 * the node's version shows them (`ctx.getNode().typeVersion`).
 */
export function readSettings(params: Params, version = 1): RunSettings {
	const options = params.collection('options');
	const read = (name: keyof typeof DEFAULTS, label: string, min: number, integer: boolean) =>
		optionalNumber(options[name], `Options › ${label}`, min, integer) ?? DEFAULTS[name];
	const concurrency =
		version >= 2
			? version2ConcurrencySettings(options)
			: {
					// Not set (or cleared): adaptive. Its default of 5 is what n8n fills in when the option is added.
					concurrency: optionalNumber(options.concurrency, 'Options › Concurrency', 1, true),
					maxConcurrency: read('maxConcurrency', 'Max Concurrency', 1, true),
				};
	return {
		...concurrency,
		maxRetries: read('maxRetries', 'Max Retries', 0, true),
		maxWaitMs: read('maxWait', 'Max Wait (Seconds)', 0, false) * 1000,
		timeoutMs: read('timeout', 'Timeout (Seconds)', 0.001, false) * 1000,
	};
}
