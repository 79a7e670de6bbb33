import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { ROOT } from '../sandbox/n8n';
import { median } from './harness';

export type Run = { contender: string; label: string } & Record<string, number | string | undefined>;

export interface ScenarioResult {
	date?: string;
	minutes?: number;
	runCount: number;
	items?: number;
	customers?: number;
	latencyMs?: number;
	rateLimit?: number;
	runs: Run[];
}

export interface Results {
	machine?: { cpu: string; memoryGiB: number; n8n: string; node: string };
	scenarios: Partial<Record<'throughput' | 'ratelimit' | 'paging' | 'profile', ScenarioResult>>;
}

interface Row {
	key: string;
	label: string;
	/** The median of each numeric figure over the runs; errors as text. */
	figures: Record<string, number>;
	errors: string[];
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
		return { key, label, figures, errors };
	});
}

const seconds = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : '–');
const whole = (value: number) => (Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '–');
const ratio = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : '–');
const percent = (value: number) => (Number.isFinite(value) ? `${Math.round(value * 100)} %` : '–');

/** Items per second over the span from the first to the last request the sandbox received. */
export const itemsPerSecond = (row: Row) => (row.figures.applied * 1000) / row.figures.spanMs;
/** Items that succeeded per second, as a share of the rate limit. */
export const goodput = (row: Row, limit: number) => (row.figures.succeeded * 1000) / row.figures.spanMs / limit;

function table(header: string[], lines: string[][]): string {
	return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...lines.map((line) => `| ${line.join(' | ')} |`)].join('\n');
}

const RERUN = (scenario: string, runs: number) => `npm run bench -- --scenario ${scenario} --runs ${runs}`;

export function renderResults(results: Results): string {
	const parts: string[] = ['# Benchmark results', ''];
	parts.push(
		'Written by `npm run bench` (see `bench/run.ts`); the raw figures of every run are in `bench/results.json`.',
		'Each contender runs in a process of its own with the same Node: n8n (`n8n execute` of a workflow, the',
		'package installed as a community package), the plain client, and the sandbox. Contenders take turns',
		'round by round, and every figure is the median over the runs. Times are from the first to the last',
		'request the sandbox received, so that n8n\'s start-up (shown apart) does not count against a node.',
		'',
	);
	const machine = results.machine;
	if (machine) parts.push(`Machine: ${machine.cpu}, ${machine.memoryGiB} GiB; n8n ${machine.n8n} on Node ${machine.node}.`, '');
	parts.push('![Throughput, goodput under a rate limit, and paging memory](chart.svg)', '');

	const through = results.scenarios.throughput;
	if (through) {
		const rows = summarise(through);
		const plain = rows.find((row) => row.key.startsWith('plain'));
		parts.push(
			`## 1. Throughput: ${whole(through.items!)} BIK Create or Update items, ${through.latencyMs} ms latency, no rate limit`,
			'',
			`${through.date}, ${through.runCount} runs each (${through.minutes} min). Rerun alone: \`${RERUN('throughput', through.runCount)}\``,
			'',
			table(
				['contender', 'time', 'items/s', 'time ÷ plain client', 'n8n process (start-up included)', 'requests', 'customers'],
				rows.map((row) => [
					row.label,
					seconds(row.figures.spanMs),
					whole(itemsPerSecond(row)),
					plain ? ratio(row.figures.spanMs / plain.figures.spanMs) : '–',
					row.key.startsWith('plain') ? '–' : seconds(row.figures.processMs),
					whole(row.figures.requests),
					whole(row.figures.customers) + errorNote(row),
				]),
			),
			'',
		);
	}

	const limited = results.scenarios.ratelimit;
	if (limited) {
		const rows = summarise(limited);
		parts.push(
			`## 2. Under a rate limit: ${whole(limited.items!)} items, ${limited.rateLimit} requests/s with Retry-After`,
			'',
			`${limited.date}, ${limited.runCount} runs each (${limited.minutes} min). Rerun alone: \`${RERUN('ratelimit', limited.runCount)}\``,
			'',
			'"Succeeded" counts the items the run reports as done; "lost or failed" is the rest. "Duplicates" are customer records',
			'beyond one per email; "applied again" counts upserts the sandbox applied more than once for the same email (harmless',
			'for an upsert, listed to show retries). Goodput is succeeded items per second as a share of the limit.',
			'',
			table(
				['contender', 'succeeded', 'lost or failed', '429s', 'duplicates', 'applied again', 'time', 'goodput'],
				rows.map((row) => [
					row.label + errorNote(row),
					whole(row.figures.succeeded),
					whole(limited.items! - row.figures.succeeded),
					whole(row.figures.rateLimited),
					whole(row.figures.duplicates),
					whole(row.figures.appliedAgain),
					seconds(row.figures.spanMs),
					percent(goodput(row, limited.rateLimit!)),
				]),
			),
			'',
		);
	}

	const paged = results.scenarios.paging;
	if (paged) {
		const rows = summarise(paged);
		const plain = rows.find((row) => row.key === 'plain');
		parts.push(
			`## 3. Paging memory: Omnidesk Get Many, Return All, ${whole(paged.customers!)} customers`,
			'',
			`${paged.date}, ${paged.runCount} runs each (${paged.minutes} min). Rerun alone: \`${RERUN('paging', paged.runCount)}\``,
			'',
			'Peak memory is the process\'s peak resident set (getrusage `ru_maxrss`). For n8n it includes n8n itself, the run',
			'data and `n8n execute` printing the result; the Limit 1 run shows what n8n needs without the customers.',
			'',
			table(
				['contender', 'items', 'requests', 'time (n8n: start-up included)', 'peak memory', '÷ plain client'],
				rows.map((row) => [
					row.label + errorNote(row),
					whole(row.figures.items),
					whole(row.figures.requests),
					seconds(row.figures.processMs),
					`${whole(row.figures.peakRssMiB)} MiB`,
					plain ? ratio(row.figures.peakRssMiB / plain.figures.peakRssMiB) : '–',
				]),
			),
			'',
		);
	}

	const profiled = results.scenarios.profile;
	if (profiled) {
		const rows = summarise(profiled);
		const cpuParts = Object.keys(rows[0]?.figures ?? {}).filter((name) => name.startsWith('cpu: '));
		parts.push(
			`## Where n8n's CPU goes, per request (${whole(profiled.items!)} upserts, V8 CPU profile of \`n8n execute\`)`,
			'',
			`${profiled.date}, ${profiled.runCount} runs each, median. Profiled runs are slower and are not timed. Rerun: \`${RERUN('profile', profiled.runCount)}\``,
			'',
			table(
				['CPU per request', ...rows.map((row) => row.label)],
				cpuParts.map((name) => [name.slice(5), ...rows.map((row) => `${row.figures[name].toFixed(2)} ms`)]),
			),
			'',
		);
	}

	const findings = join(ROOT, 'bench', 'FINDINGS.md');
	if (existsSync(findings)) parts.push(readFileSync(findings, 'utf8').trim(), '');
	return `${parts.join('\n')}\n`;
}

function errorNote(row: Row): string {
	return row.errors.length ? ` (run failed: ${row.errors[0].replace(/\|/g, '\\|').slice(0, 120)})` : '';
}

/** Three bar panels: items/s, goodput under the limit, peak memory. */
export function renderChart(results: Results): string {
	const panels: Array<{ title: string; bars: Array<{ label: string; value: number; text: string }> }> = [];
	const through = results.scenarios.throughput;
	if (through) {
		panels.push({
			title: `Throughput: items/s (${whole(through.items!)} upserts, ${through.latencyMs} ms latency)`,
			bars: summarise(through).map((row) => ({ label: row.label, value: itemsPerSecond(row), text: `${whole(itemsPerSecond(row))}/s` })),
		});
	}
	const limited = results.scenarios.ratelimit;
	if (limited) {
		panels.push({
			title: `Goodput under ${limited.rateLimit} requests/s: share of the limit`,
			bars: summarise(limited).map((row) => {
				const value = goodput(row, limited.rateLimit!);
				return { label: row.label, value: Number.isFinite(value) ? value : 0, text: percent(value) };
			}),
		});
	}
	const paged = results.scenarios.paging;
	if (paged) {
		panels.push({
			title: `Peak memory, MiB (Get Many over ${whole(paged.customers!)} customers)`,
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
