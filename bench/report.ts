import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { ROOT } from '../local-n8n/n8n';
import { median } from './harness';
import { ALL_CPU_LABEL } from './profile';

export type Run = { contender: string; label: string } & Record<string, number | string | undefined>;

export const SCENARIOS = ['throughput', 'ratelimit', 'undocumented', 'load', 'paging', 'profile', 'trigger'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

/**
 * Each scenario's settings when the command line does not give them. The item counts give stable figures
 * and keep the whole run near an hour (the throughput scenario at 300 ms added about 15 minutes) on a 2-core machine: RESULTS.md says why each was chosen.
 */
export const DEFAULTS: Record<ScenarioName, { runs: number; items?: number; latencies?: number[]; customers?: number; why: string }> = {
	throughput: { runs: 3, items: 5000, latencies: [10, 100, 300], why: "5,000 items at each latency (10, 100 and 300 ms), the issue's figure" },
	ratelimit: { runs: 3, items: 2000, latencies: [10], why: '2,000 under the 100 requests/s limit: 20 s, long past the first burst of 429s' },
	undocumented: {
		runs: 3,
		items: 500,
		latencies: [10],
		why: '500 under the undocumented 20 requests/s limit: 25 s a run; a node that has not found the limit by then would show it',
	},
	load: { runs: 3, items: 1000, latencies: [100], why: "1,000 when latency grows with load: over 12 s at the server's capacity" },
	paging: { runs: 3, customers: 50000, why: '50,000 customers in the paging scenario' },
	profile: { runs: 1, items: 5000, latencies: [10], why: '5,000 items in one profiled run: the CPU per request moves little from run to run' },
	trigger: { runs: 1, customers: 50000, latencies: [0], why: '50,000 customers, 10 of them changed, in the trigger scenario' },
};

/** One run of one scenario: its settings, and every contender's figures of every round. */
export interface ScenarioResult {
	/** The scenario this is a run of (a throughput run is stored once per latency). */
	scenario?: ScenarioName;
	date?: string;
	minutes?: number;
	runCount: number;
	items?: number;
	customers?: number;
	latencyMs?: number;
	/** Requests per second the sandbox accepts; beyond them, 429. */
	rateLimit?: number;
	/** Whether those 429s carry Retry-After. */
	retryAfter?: boolean;
	/** The sandbox's slowAbove fault: latency grows with the requests in flight beyond it. */
	slowAbove?: number;
	/** The code that ran, when it was not this checkout's (a "before" profile run on an earlier commit). */
	commit?: string;
	/** The plain client's concurrency sweep that picked its best fixed concurrency. */
	sweep?: { items: number; figures: Array<{ concurrency: number; spanMs: number }>; best: number };
	runs: Run[];
}

export interface Results {
	machine?: { cpu: string; memoryGiB: number; n8n: string; node: string };
	/** Keyed by scenario, throughput by latency: `throughput-10ms`, `throughput-100ms`, `ratelimit`, … */
	scenarios: Record<string, ScenarioResult>;
	/** Earlier figures kept for comparison: the CPU profile before this round of work. */
	before?: { profile?: ScenarioResult };
}

/** Where a scenario's run is kept in results.json. */
export const resultKey = (scenario: ScenarioName, latencyMs?: number) => (scenario === 'throughput' ? `throughput-${latencyMs}ms` : scenario);

/** The settings that make two runs of a scenario comparable. */
const SETTINGS = ['items', 'customers', 'latencyMs', 'rateLimit', 'retryAfter', 'slowAbove'] as const;

/**
 * What a run leaves in results.json. A full run replaces the scenario's earlier run. A partial rerun
 * (`--only`) keeps the other contenders' rows only when the earlier run had the same settings (items,
 * latency, limits), and marks them with that run's date; otherwise the earlier rows go, so a table never
 * mixes runs of different settings.
 */
export function mergeRerun(previous: ScenarioResult | undefined, result: ScenarioResult, only: string[] | undefined): ScenarioResult {
	if (!only || !previous) return result;
	if (SETTINGS.some((name) => previous[name] !== result[name])) return result;
	const kept = previous.runs
		.filter((run) => !only.includes(run.contender))
		.map((run) => ({ ...run, earlierRun: run.earlierRun ?? previous.date ?? 'an earlier run' }));
	return { ...result, sweep: result.sweep ?? previous.sweep, runs: [...kept, ...result.runs] };
}

interface Row {
	key: string;
	label: string;
	/** The median of each numeric figure over the runs; errors as text. */
	figures: Record<string, number>;
	errors: string[];
	/** The date of the earlier run the row was kept from (a partial rerun), if it was. */
	earlierRun?: string;
}

/** One row per contender, in the order they ran, with the median of every figure. */
export function summarise(result: ScenarioResult): Row[] {
	const rows = new Map<string, { label: string; runs: Run[] }>();
	for (const run of result.runs) {
		if (!rows.has(run.contender)) rows.set(run.contender, { label: run.label, runs: [] });
		rows.get(run.contender)!.runs.push(run);
	}
	return [...rows].map(([key, { label, runs }]) => {
		const names = new Set(runs.flatMap((run) => Object.keys(run).filter((name) => typeof run[name] === 'number')));
		const figures: Record<string, number> = {};
		for (const name of names) figures[name] = median(runs.map((run) => run[name] as number));
		const errors = [...new Set(runs.map((run) => run.error).filter((error): error is string => typeof error === 'string' && error !== ''))];
		// A run that sent nothing has no span: its time is unknown, not 0.
		if (figures.requests === 0) figures.spanMs = NaN;
		const earlierRun = runs.find((run) => typeof run.earlierRun === 'string')?.earlierRun as string | undefined;
		return { key, label, figures, errors, earlierRun };
	});
}

const seconds = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : '–');
const milliseconds = (ms: number) => (Number.isFinite(ms) ? `${ms.toFixed(2)} ms` : '–');
const whole = (value: number) => (Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '–');
const ratio = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : '–');
const percent = (value: number) => (Number.isFinite(value) ? `${Math.round(value * 100)} %` : '–');
const share = (value: number) => (Number.isFinite(value) ? `${(value * 100).toFixed(1)} %` : '–');

/** Items per second over the span from the first to the last request the sandbox received. */
export const itemsPerSecond = (row: Row) => (row.figures.applied * 1000) / row.figures.spanMs;
/** Items that succeeded per second, as a share of the rate limit. */
export const goodput = (row: Row, limit: number) => (row.figures.succeeded * 1000) / row.figures.spanMs / limit;
/** The share of requests answered 429. */
export const limitedShare = (row: Row) => row.figures.rateLimited / row.figures.requests;
/** The CPU the n8n process spent per request between the first and the last request (ms). */
export const cpuPerRequest = (row: Row) => row.figures.n8nCpuMs / row.figures.requests;
/**
 * Efficiency: the wall time ÷ the n8n CPU the run needed (its requests × CPU per request), the median
 * over the runs. 1 means n8n was busy all the time, as fast as one n8n process can go; more means it
 * waited (on the API, or on a window of requests in flight too small). Issue 24's target: at most 1.3.
 */
export const efficiency = (row: Row) => row.figures.efficiency;

function table(header: string[], lines: string[][]): string {
	return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...lines.map((line) => `| ${line.join(' | ')} |`)].join('\n');
}

/** The command that reruns exactly this run of a scenario. */
export function rerunCommand(scenario: ScenarioName, result: ScenarioResult): string {
	const parts = ['npm run bench --', '--scenario', scenario];
	if (result.latencyMs !== undefined) parts.push('--latency', String(result.latencyMs));
	if (result.items !== undefined) parts.push('--items', String(result.items));
	if (result.customers !== undefined) parts.push('--customers', String(result.customers));
	parts.push('--runs', String(result.runCount));
	return parts.join(' ');
}

/** The line under a scenario's heading: which run the table shows, and how to run it again. */
function runLine(scenario: ScenarioName, result: ScenarioResult): string {
	const settings = [
		result.items !== undefined ? `${whole(result.items)} items` : undefined,
		result.customers !== undefined ? `${whole(result.customers)} customers` : undefined,
		result.latencyMs !== undefined ? `${result.latencyMs} ms latency` : undefined,
		`${result.runCount} ${result.runCount === 1 ? 'run' : 'runs'} each, median`,
	].filter(Boolean);
	const minutes = result.minutes !== undefined ? ` (${result.minutes} min)` : '';
	return `Run of ${result.date ?? 'an unknown date'}: ${settings.join(', ')}${minutes}. Rerun alone: \`${rerunCommand(scenario, result)}\``;
}

function labelOf(row: Row): string {
	const kept = row.earlierRun ? ` (kept from the run of ${row.earlierRun}, same settings)` : '';
	return row.label + kept + errorNote(row);
}

/** The throughput runs, by latency, lowest first. */
export function throughputRuns(results: Results): ScenarioResult[] {
	return Object.entries(results.scenarios)
		.filter(([key]) => key.startsWith('throughput-'))
		.map(([, result]) => result)
		.sort((a, b) => (a.latencyMs ?? 0) - (b.latencyMs ?? 0));
}

function throughputSection(result: ScenarioResult, number: string): string[] {
	const rows = summarise(result);
	const plain = rows.find((row) => row.key === 'plain-c10');
	const http = rows.find((row) => row.key === 'http-default');
	const lines = [
		`## ${number}. Throughput: ${whole(result.items!)} BIK Create or Update items, ${result.latencyMs} ms latency, no rate limit`,
		'',
		runLine('throughput', result),
		'',
		'"n8n CPU per request" is the CPU time (all threads) the n8n process spent from the first to the last request,',
		'divided by the requests; "efficiency" is the time ÷ that CPU time: 1.00 means n8n was busy all the time, so the',
		'run went as fast as one n8n process can; more means n8n waited, on the API or for a window of requests in flight.',
		'',
		table(
			[
				'contender',
				'time',
				'items/s',
				'time ÷ plain client c10',
				'time ÷ HTTP Request node defaults',
				'n8n CPU per request',
				'efficiency',
				'n8n process (start-up included)',
				'requests',
				'customers',
			],
			rows.map((row) => [
				labelOf(row),
				seconds(row.figures.spanMs),
				whole(itemsPerSecond(row)),
				plain ? ratio(row.figures.spanMs / plain.figures.spanMs) : '–',
				http ? ratio(row.figures.spanMs / http.figures.spanMs) : '–',
				milliseconds(cpuPerRequest(row)),
				Number.isFinite(efficiency(row)) ? efficiency(row).toFixed(2) : '–',
				row.key.startsWith('plain') ? '–' : seconds(row.figures.processMs),
				whole(row.figures.requests),
				whole(row.figures.customers),
			]),
		),
		'',
	];
	if (result.sweep) {
		const figures = result.sweep.figures.map((step) => `${step.concurrency}: ${seconds(step.spanMs)}`).join(', ');
		lines.push(
			`The plain client's best fixed concurrency comes from a sweep before the rounds (${whole(result.sweep.items)} items, one run at each`,
			`concurrency, time from the first to the last request): ${figures}. Best: ${result.sweep.best}.`,
			'',
		);
	}
	return lines;
}

function limitSection(result: ScenarioResult, heading: string, scenario: ScenarioName): string[] {
	const rows = summarise(result);
	return [
		heading,
		'',
		runLine(scenario, result),
		'',
		'"Succeeded" counts the items the run reports as done; "lost or failed" is the rest. "Duplicates" are customer records',
		'beyond one per email; "applied again" counts upserts the sandbox applied more than once for the same email (harmless',
		'for an upsert, listed to show retries). Goodput is succeeded items per second as a share of the limit; the 429 share',
		'is of all requests sent.',
		'',
		table(
			['contender', 'succeeded', 'lost or failed', '429s', '429 share', 'duplicates', 'applied again', 'time', 'goodput'],
			rows.map((row) => [
				labelOf(row),
				whole(row.figures.succeeded),
				whole(result.items! - row.figures.succeeded),
				whole(row.figures.rateLimited),
				share(limitedShare(row)),
				whole(row.figures.duplicates),
				whole(row.figures.appliedAgain),
				seconds(row.figures.spanMs),
				percent(goodput(row, result.rateLimit!)),
			]),
		),
		'',
	];
}

function loadSection(result: ScenarioResult, number: string): string[] {
	const rows = summarise(result);
	const plain = rows.find((row) => row.key === 'plain-c10');
	const capacity = (result.slowAbove! * 1000) / result.latencyMs!;
	return [
		`## ${number}. Latency that grows with load: ${whole(result.items!)} items, ${result.latencyMs} ms, slower beyond ${result.slowAbove} in flight`,
		'',
		runLine('load', result),
		'',
		`The sandbox answers in ${result.latencyMs} ms × (requests in flight ÷ ${result.slowAbove}) beyond ${result.slowAbove} in flight, like a server with`,
		`${result.slowAbove} workers: no client can get more than about ${whole(capacity)} requests/s, and more in flight only makes each answer slower.`,
		'',
		table(
			['contender', 'time', 'items/s', 'share of the server\'s capacity', 'time ÷ plain client c10', 'succeeded', 'lost or failed', 'requests'],
			rows.map((row) => [
				labelOf(row),
				seconds(row.figures.spanMs),
				whole(itemsPerSecond(row)),
				percent(itemsPerSecond(row) / capacity),
				plain ? ratio(row.figures.spanMs / plain.figures.spanMs) : '–',
				whole(row.figures.succeeded),
				whole(result.items! - row.figures.succeeded),
				whole(row.figures.requests),
			]),
		),
		'',
	];
}

function pagingSection(result: ScenarioResult, number: string): string[] {
	const rows = summarise(result);
	const plain = rows.find((row) => row.key === 'plain');
	return [
		`## ${number}. Paging memory: Omnidesk Get Many, Return All, ${whole(result.customers!)} customers`,
		'',
		runLine('paging', result),
		'',
		'Peak memory is the process\'s peak resident set (getrusage `ru_maxrss`). For n8n it includes n8n itself, the run',
		'data and `n8n execute` printing the result; the Limit 1 run shows what n8n needs without the customers.',
		'',
		table(
			['contender', 'items', 'requests', 'time (n8n: start-up included)', 'peak memory', '÷ plain client'],
			rows.map((row) => [
				labelOf(row),
				whole(row.figures.items),
				whole(row.figures.requests),
				seconds(row.figures.processMs),
				`${whole(row.figures.peakRssMiB)} MiB`,
				plain ? ratio(row.figures.peakRssMiB / plain.figures.peakRssMiB) : '–',
			]),
		),
		'',
	];
}

function triggerSection(result: ScenarioResult, number: string): string[] {
	const rows = summarise(result);
	const old = rows.find((row) => row.key === 'old-changed');
	const mem = (value: number) => (Number.isFinite(value) ? `${whole(value)} MiB` : '–');
	return [
		`## ${number}. Omnidesk Trigger: a poll over ${whole(result.customers!)} customers, 10 of them changed`,
		'',
		runLine('trigger', result),
		'',
		'The trigger runs in `n8n start` (a poll started by activating the workflow, as n8n does at start-up). Its',
		'memory is the n8n process\'s peak resident set during the poll and the execution it started (the kernel\'s',
		'high-water mark, reset just before), beside what the process held just before it (idle). The row "before the',
		'trigger" is the scheduled-sync recipe\'s earlier change detection, by `n8n execute` (the whole process\'s peak).',
		'"Pages" is the time from the first to the last page request; "end to end" is, for the trigger, from the',
		'activation request to the last reported customer written to BIK, and for the row before it the whole',
		'`n8n execute` (start-up included). Static data is the workflow\'s static data as n8n stores it.',
		'',
		table(
			['contender', 'page requests', 'pages', 'end to end', 'customers reported', 'n8n peak memory (idle)', 'static data', 'pages ÷ before'],
			rows.map((row) => [
				labelOf(row),
				whole(row.figures.requests),
				seconds(row.figures.spanMs),
				seconds(row.figures.pollMs ?? row.figures.processMs),
				whole(row.figures.reported),
				`${mem(row.figures.peakRssMiB)}${Number.isFinite(row.figures.idleRssMiB) ? ` (${mem(row.figures.idleRssMiB)})` : ''}`,
				Number.isFinite(row.figures.staticDataKiB) ? `${row.figures.staticDataKiB.toLocaleString('en-US')} KiB` : '–',
				old && row.key !== 'trigger-first' ? ratio(row.figures.spanMs / old.figures.spanMs) : '–',
			]),
		),
		'',
	];
}

const ALL_CPU = `cpu: ${ALL_CPU_LABEL}`;
const OTHER = 'other (the rest of the process)';
const START_UP_EXCLUDED = 'all CPU of the n8n process, start-up excluded (less the 1-item run)';

/**
 * A profile run's CPU per request, by part: the parts the profile names (bench/profile.ts), "other"
 * (the rest of the process's CPU) and the process's CPU with n8n's start-up. When the run has the
 * 1-item contender `n8n-alone`, each part and "other" are what each further request costs: the
 * part less the 1-item run's, spread over the requests; and the whole without start-up is shown too.
 */
export function cpuParts(result: ScenarioResult): Map<string, Map<string, number>> {
	const rows = summarise(result);
	const alone = rows.find((row) => row.key === 'n8n-alone');
	const byContender = new Map<string, Map<string, number>>();
	for (const row of rows) {
		if (row.key === 'n8n-alone') continue;
		const further = (name: string) =>
			alone ? row.figures[name] - ((alone.figures[name] ?? 0) * alone.figures.requests) / row.figures.requests : row.figures[name];
		const parts = new Map<string, number>();
		const named = Object.keys(row.figures).filter((name) => name.startsWith('cpu: ') && name !== ALL_CPU);
		for (const name of named) parts.set(name.slice(5), further(name));
		// The named parts do not overlap: each sample of the profile goes to one part.
		parts.set(OTHER, further(ALL_CPU) - named.reduce((sum, name) => sum + further(name), 0));
		if (alone) parts.set(START_UP_EXCLUDED, further(ALL_CPU));
		parts.set(ALL_CPU.slice(5), row.figures[ALL_CPU]);
		byContender.set(row.key, parts);
	}
	return byContender;
}

function profileSection(result: ScenarioResult | undefined, before: ScenarioResult | undefined): string[] {
	const after = result ? cpuParts(result) : new Map<string, Map<string, number>>();
	const earlier = before ? cpuParts(before) : new Map<string, Map<string, number>>();
	const labels = new Map((result ? summarise(result) : []).map((row) => [row.key, row.label]));
	if (before) for (const row of summarise(before)) if (!labels.has(row.key)) labels.set(row.key, row.label);
	const columns: Array<{ title: string; parts: Map<string, number> | undefined }> = [];
	for (const [key, label] of labels) {
		if (key === 'n8n-alone') continue;
		if (earlier.has(key)) columns.push({ title: `${label}, before (${before!.date})`, parts: earlier.get(key) });
		if (after.has(key)) columns.push({ title: `${label}, now`, parts: after.get(key) });
	}
	const names = [...new Set(columns.flatMap((column) => [...(column.parts?.keys() ?? [])]))];
	const order = (name: string) => (name === OTHER ? 1 : name === START_UP_EXCLUDED ? 2 : name === ALL_CPU.slice(5) ? 3 : 0);
	names.sort((a, b) => order(a) - order(b));
	const ms = (value: number | undefined) => (value !== undefined && Number.isFinite(value) ? `${value.toFixed(2)} ms` : '–');
	const shown = (result ?? before)!;
	return [
		`## Where n8n's CPU goes, per request (${whole(shown.items!)} upserts, ${shown.latencyMs} ms latency, V8 CPU profile of \`n8n execute\`)`,
		'',
		result ? runLine('profile', result) : 'Not rerun since the "before" profile: `npm run bench -- --scenario profile`.',
		before
			? `"Before" is the profile of ${before.date} (${whole(before.items!)} upserts, ${before.latencyMs} ms${before.commit ? `, the code of commit ${before.commit}` : ''}), kept in results.json as \`before.profile\`.`
			: '',
		'Profiled runs are slower and are not timed. Each sample of the profile goes to one part (`bench/profile.ts`), so the',
		'parts add up. Where the run has a run of the same workflow with one item (`n8n-alone`), every part but the last',
		"row is that part less the one-item run's (n8n's start-up), spread over the requests: what each further request costs.",
		'',
		table(
			['CPU per request', ...columns.map((column) => column.title)],
			names.map((name) => [name, ...columns.map((column) => ms(column.parts?.get(name)))]),
		),
		'',
	];
}

export function renderResults(results: Results): string {
	const parts: string[] = ['# Benchmark results', ''];
	parts.push(
		'Written by `npm run bench` (see `bench/run.ts`); the raw figures of every run are in `bench/results.json`.',
		'Each contender runs in a process of its own with the same Node: n8n (`n8n execute` of a workflow, the',
		'package installed as a community package), the plain client, and the sandbox. Contenders take turns',
		'round by round, and every figure is the median over the runs. Times are from the first to the last',
		'request the sandbox received, so that n8n\'s start-up (shown apart) does not count against a node.',
		'Each table holds the rows of one run, named under its heading; ratios are against a contender of that same run.',
		'',
		`Default sizes: ${SCENARIOS.map((name) => DEFAULTS[name].why).join('; ')}. Each is an option (\`--items\`,`,
		'`--customers`), and so is the latency (`--latency`); `npm run bench -- --help` lists them.',
		'',
	);
	const machine = results.machine;
	if (machine) parts.push(`Machine: ${machine.cpu}, ${machine.memoryGiB} GiB; n8n ${machine.n8n} on Node ${machine.node}.`, '');
	parts.push('![Throughput, goodput under rate limits, latency under load, and paging memory](chart.svg)', '');

	const letters = 'abcdefgh';
	const through = throughputRuns(results);
	through.forEach((result, index) => parts.push(...throughputSection(result, through.length > 1 ? `1${letters[index]}` : '1')));
	const limited = results.scenarios.ratelimit;
	if (limited) {
		parts.push(
			...limitSection(limited, `## 2. Under a rate limit: ${whole(limited.items!)} items, ${limited.rateLimit} requests/s with Retry-After, ${limited.latencyMs} ms latency`, 'ratelimit'),
		);
	}
	const undocumented = results.scenarios.undocumented;
	if (undocumented) {
		parts.push(
			...limitSection(
				undocumented,
				`## 3. An undocumented limit: ${whole(undocumented.items!)} items, ${undocumented.rateLimit} requests/s, 429 without Retry-After, ${undocumented.latencyMs} ms latency`,
				'undocumented',
			),
		);
	}
	if (results.scenarios.load) parts.push(...loadSection(results.scenarios.load, '4'));
	if (results.scenarios.paging) parts.push(...pagingSection(results.scenarios.paging, '5'));
	if (results.scenarios.profile || results.before?.profile) parts.push(...profileSection(results.scenarios.profile, results.before?.profile));
	if (results.scenarios.trigger) parts.push(...triggerSection(results.scenarios.trigger, '6'));

	const findings = join(ROOT, 'bench', 'FINDINGS.md');
	if (existsSync(findings)) parts.push(readFileSync(findings, 'utf8').trim(), '');
	return `${parts.join('\n')}\n`;
}

function errorNote(row: Row): string {
	return row.errors.length ? ` (run failed: ${row.errors[0].replace(/\|/g, '\\|').slice(0, 120)})` : '';
}

/** The summary table of docs/performance.md: one line per scenario, from the same results as RESULTS.md. */
export function renderSummaryTable(results: Results): string {
	const lines: string[][] = [];
	const rowsOf = (result: ScenarioResult | undefined) => new Map((result ? summarise(result) : []).map((row) => [row.key, row]));
	const cell = (rows: Map<string, Row>, entries: Array<[string, string, (row: Row) => string]>) =>
		entries
			.filter(([key]) => rows.has(key))
			.map(([key, name, show]) => `${show(rows.get(key)!)} ${name}`.trim())
			.join('; ') || '–';
	const time = (row: Row) => (row.errors.length ? 'run fails' : seconds(row.figures.spanMs));
	// In n8n, the time and the efficiency (time ÷ n8n's CPU time for the run).
	const inN8n = (name: string) => (row: Row) =>
		row.errors.length || !Number.isFinite(efficiency(row))
			? `${time(row)} (${name})`
			: `${seconds(row.figures.spanMs)} (${name}, efficiency ${efficiency(row).toFixed(2)})`;
	for (const result of throughputRuns(results)) {
		const rows = rowsOf(result);
		const best = result.sweep ? `(best fixed, ${result.sweep.best})` : '(best fixed)';
		lines.push([
			`${whole(result.items!)} upserts, ${result.latencyMs} ms latency`,
			cell(rows, [
				['our-default', '', inN8n('defaults')],
				['our-c5', '', inN8n('fixed 5')],
				['our-automap', '', inN8n('Map Automatically')],
			]),
			cell(rows, [
				['http-default', '', inN8n('defaults')],
				['http-batch', '', inN8n('batching')],
			]),
			cell(rows, [
				['plain-c10', '(10 at once)', time],
				['plain-best', best, time],
			]),
		]);
	}
	const limits: Array<[string, ScenarioResult | undefined]> = [
		['ratelimit', results.scenarios.ratelimit],
		['undocumented', results.scenarios.undocumented],
	];
	for (const [name, result] of limits) {
		if (!result) continue;
		const rows = rowsOf(result);
		const show = (row: Row) =>
			row.errors.length && row.figures.succeeded === 0
				? 'run fails'
				: `${whole(row.figures.succeeded)} done, ${whole(row.figures.duplicates)} duplicates, ${share(limitedShare(row))} 429s, ${percent(goodput(row, result.rateLimit!))} of the limit`;
		lines.push([
			name === 'ratelimit'
				? `${whole(result.items!)} upserts under ${result.rateLimit} requests/s (Retry-After)`
				: `${whole(result.items!)} upserts under an undocumented ${result.rateLimit} requests/s (no Retry-After)`,
			cell(rows, [['our-default', '(defaults)', show]]),
			cell(rows, [
				['http-default', '(defaults)', show],
				['http-batch', '(batching)', show],
			]),
			cell(rows, [['plain-c10', '(10 at once)', show]]),
		]);
	}
	const load = results.scenarios.load;
	if (load) {
		const rows = rowsOf(load);
		lines.push([
			`${whole(load.items!)} upserts, ${load.latencyMs} ms growing beyond ${load.slowAbove} in flight`,
			cell(rows, [
				['our-default', '(defaults)', time],
				['our-c5', '(fixed 5)', time],
			]),
			cell(rows, [['http-default', '(defaults)', time]]),
			cell(rows, [['plain-c10', '(10 at once)', time]]),
		]);
	}
	const paging = results.scenarios.paging;
	if (paging) {
		const rows = rowsOf(paging);
		const memory = (row: Row) => `${whole(row.figures.peakRssMiB)} MiB`;
		lines.push([
			`Get Many of ${whole(paging.customers!)} customers, peak memory`,
			cell(rows, [
				['our-all', '', memory],
				['n8n-baseline', '(n8n alone)', memory],
			]),
			cell(rows, [['http-all', '', memory]]),
			cell(rows, [['plain', '', memory]]),
		]);
	}
	const dates = [...new Set(Object.values(results.scenarios).map((result) => result.date).filter(Boolean))].sort();
	return [
		`Medians of each scenario's runs on this project's 2-core machine (${dates.length ? `runs of ${dates.join(', ')}` : 'no run yet'}; generated from`,
		'`bench/results.json` by `npm run bench`, with each run\'s settings in [bench/RESULTS.md](../bench/RESULTS.md)):',
		'',
		table(['', 'our node', "n8n's HTTP Request node", 'a plain Node.js script'], lines),
		...(throughputRuns(results).length
			? [
					'',
					'Efficiency is the time ÷ the CPU time the n8n process spent meanwhile: 1.00 is as fast as one n8n process can',
					'go; more means n8n waited, on the API or for requests in flight.',
				]
			: []),
	].join('\n');
}

const TABLE_START = '<!-- bench:table (generated by npm run bench from bench/results.json; do not edit) -->';
const TABLE_END = '<!-- /bench:table -->';

/** docs/performance.md with its summary table replaced; throws when the markers are missing. */
export function withSummaryTable(page: string, results: Results): string {
	const start = page.indexOf(TABLE_START);
	const end = page.indexOf(TABLE_END);
	if (start < 0 || end < start) throw new Error(`docs/performance.md has no ${TABLE_START} … ${TABLE_END} markers`);
	return `${page.slice(0, start + TABLE_START.length)}\n${renderSummaryTable(results)}\n${page.slice(end)}`;
}

/** Bar panels: items/s at each latency, goodput under each limit, items/s under load, peak memory. */
export function renderChart(results: Results): string {
	const panels: Array<{ title: string; bars: Array<{ label: string; value: number; text: string }> }> = [];
	for (const through of throughputRuns(results)) {
		panels.push({
			title: `Throughput: items/s (${whole(through.items!)} upserts, ${through.latencyMs} ms latency, run of ${through.date})`,
			bars: summarise(through).map((row) => ({ label: row.label, value: itemsPerSecond(row), text: `${whole(itemsPerSecond(row))}/s` })),
		});
	}
	for (const limited of [results.scenarios.ratelimit, results.scenarios.undocumented]) {
		if (!limited) continue;
		panels.push({
			title: `Goodput under ${limited.rateLimit} requests/s${limited.retryAfter === false ? ' (no Retry-After)' : ''}: share of the limit (run of ${limited.date})`,
			bars: summarise(limited).map((row) => {
				const value = goodput(row, limited.rateLimit!);
				return { label: row.label, value: Number.isFinite(value) ? value : 0, text: percent(value) };
			}),
		});
	}
	const load = results.scenarios.load;
	if (load) {
		panels.push({
			title: `Latency grows with load: items/s (${whole(load.items!)} upserts, run of ${load.date})`,
			bars: summarise(load).map((row) => ({ label: row.label, value: itemsPerSecond(row), text: `${whole(itemsPerSecond(row))}/s` })),
		});
	}
	const paged = results.scenarios.paging;
	if (paged) {
		panels.push({
			title: `Peak memory, MiB (Get Many over ${whole(paged.customers!)} customers, run of ${paged.date})`,
			bars: summarise(paged).map((row) => ({ label: row.label, value: row.figures.peakRssMiB, text: `${whole(row.figures.peakRssMiB)} MiB` })),
		});
	}
	const width = 900;
	const labelWidth = 380;
	const barHeight = 22;
	let y = 10;
	const body: string[] = [];
	for (const panel of panels) {
		body.push(`<text x="10" y="${y + 16}" font-weight="bold">${escape(panel.title)}</text>`);
		y += 28;
		const top = Math.max(...panel.bars.map((bar) => bar.value).filter(Number.isFinite), 1e-9);
		for (const bar of panel.bars) {
			const length = Number.isFinite(bar.value) ? Math.max(1, ((width - labelWidth - 90) * bar.value) / top) : 0;
			const fill = /^Our/.test(bar.label) ? '#ea4b71' : /^Plain/.test(bar.label) ? '#6b7280' : '#3b82f6';
			body.push(
				`<text x="10" y="${y + 15}">${escape(bar.label)}</text>`,
				`<rect x="${labelWidth}" y="${y + 2}" width="${length.toFixed(1)}" height="${barHeight - 6}" fill="${fill}"/>`,
				`<text x="${(labelWidth + length + 6).toFixed(1)}" y="${y + 15}">${escape(bar.text)}</text>`,
			);
			y += barHeight;
		}
		y += 14;
	}
	return [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y}" viewBox="0 0 ${width} ${y}" font-family="sans-serif" font-size="12">`,
		`<rect width="100%" height="100%" fill="#ffffff"/>`,
		...body,
		'</svg>',
		'',
	].join('\n');
}

function escape(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
