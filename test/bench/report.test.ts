import { cpuBetween, readUpsertLog } from '../../bench/harness';
import {
	cpuParts,
	goodput,
	itemsPerSecond,
	limitedShare,
	mergeRerun,
	renderChart,
	renderSummaryTable,
	renderResults,
	summarise,
	withSummaryTable,
	type Results,
	type ScenarioResult,
} from '../../bench/report';
import type { LoggedRequest } from '../../sandbox/server';

/** The benchmark's arithmetic: what it counts from the sandbox log and how it reports it. */

const entry = (seq: number, at: number, email: string, outcome: number | 'dropped'): LoggedRequest => ({
	seq,
	at: new Date(at).toISOString(),
	provider: 'bik',
	method: 'POST',
	path: '/integrations/bikPlatformFunctions-customers/createOrUpdate',
	query: {},
	headers: {},
	contentType: 'application/json',
	body: { email },
	outcome,
});

describe('readUpsertLog', () => {
	test('counts requests, 429s, distinct emails applied, re-applied upserts and the span', () => {
		const t = Date.parse('2026-11-23T10:00:00.000Z');
		const log = [
			entry(1, t, 'a@x.io', 200),
			entry(2, t + 5, 'b@x.io', 429),
			entry(3, t + 1000, 'b@x.io', 200),
			entry(4, t + 1200, 'c@x.io', 'dropped'),
			entry(5, t + 1300, 'a@x.io', 200),
			entry(6, t + 2500, 'd@x.io', 500),
		];
		expect(readUpsertLog(log)).toEqual({ requests: 6, rateLimited: 1, spanMs: 2500, firstAt: t, lastAt: t + 2500, applied: 2, appliedAgain: 1 });
		expect(readUpsertLog([])).toEqual({ requests: 0, rateLimited: 0, spanMs: 0, firstAt: NaN, lastAt: NaN, applied: 0, appliedAgain: 0 });
	});
});

describe('cpuBetween: the CPU n8n spent from the first to the last request', () => {
	// [wall ms, CPU ms]: busy at start-up, half busy while the requests go out, idle at the end.
	const samples: Array<[number, number]> = [
		[1000, 0],
		[2000, 900],
		[3000, 1400],
		[4000, 1900],
		[5000, 1900],
	];

	test('interpolates both ends between the samples around them', () => {
		expect(cpuBetween(samples, 2000, 4000)).toBe(1000);
		expect(cpuBetween(samples, 2500, 3500)).toBe(500);
		expect(cpuBetween(samples, 1500, 4500)).toBe(1900 - 450);
	});

	test('is unknown (NaN) outside the samples or without them', () => {
		expect(cpuBetween(samples, 500, 3000)).toBeNaN();
		expect(cpuBetween(samples, 2000, 6000)).toBeNaN();
		expect(cpuBetween([], 0, 1)).toBeNaN();
	});
});

const results: Results = {
	machine: { cpu: '2 × Test CPU', memoryGiB: 24, n8n: '2.41.0', node: 'v24.9.0' },
	scenarios: {
		'throughput-10ms': {
			scenario: 'throughput',
			date: '2026-11-23',
			minutes: 5,
			runCount: 3,
			items: 1000,
			latencyMs: 10,
			runs: [
				...[
					[4000, 2000],
					[2000, 1900],
					[3000, 2500],
				].map(([spanMs, n8nCpuMs]) => ({
					contender: 'our-c10',
					label: 'Our node, concurrency 10',
					spanMs,
					applied: 1000,
					requests: 1000,
					customers: 1000,
					processMs: spanMs + 5000,
					n8nCpuMs,
					efficiency: spanMs / n8nCpuMs,
				})),
				...[1000, 1200, 800].map((spanMs) => ({ contender: 'plain-c10', label: 'Plain Node.js client', spanMs, applied: 1000, requests: 1000, customers: 1000, processMs: spanMs })),
			],
		},
		ratelimit: {
			date: '2026-11-23',
			minutes: 3,
			runCount: 1,
			items: 1000,
			latencyMs: 10,
			rateLimit: 100,
			runs: [
				{ contender: 'our-default', label: 'Our node, defaults', succeeded: 1000, spanMs: 10_500, rateLimited: 5, requests: 1005, duplicates: 0, appliedAgain: 0 },
				{
					contender: 'http-default',
					label: 'HTTP Request node, defaults',
					succeeded: 0,
					spanMs: 2000,
					rateLimited: 900,
					requests: 1000,
					duplicates: 0,
					appliedAgain: 0,
					error: 'Too many requests',
				},
			],
		},
	},
};

describe('summarise and render', () => {
	test('each contender gets the median of every figure, in the order they ran', () => {
		const rows = summarise(results.scenarios['throughput-10ms']);
		expect(rows.map((row) => [row.key, row.figures.spanMs])).toEqual([
			['our-c10', 3000],
			['plain-c10', 1000],
		]);
		expect(itemsPerSecond(rows[0])).toBeCloseTo(333.33, 2);
		const limited = summarise(results.scenarios.ratelimit);
		expect(goodput(limited[0], 100)).toBeCloseTo(0.952, 3);
		expect(limited[1].errors).toEqual(['Too many requests']);
		expect(limitedShare(limited[1])).toBeCloseTo(0.9, 3);
	});

	test('RESULTS.md shows the machine, the run of each table, the medians, the ratio to the named baseline and the command to rerun', () => {
		const text = renderResults(results);
		expect(text).toContain('Machine: 2 × Test CPU, 24 GiB; n8n 2.41.0 on Node v24.9.0.');
		expect(text).toContain(
			'Run of 2026-11-23: 1,000 items, 10 ms latency, 3 runs each, median (5 min). Rerun alone: `npm run bench -- --scenario throughput --latency 10 --items 1000 --runs 3`',
		);
		// CPU per request and efficiency are medians over the runs (2,000 ms of 1,000 requests; 4000/2000, 2000/1900 and 3000/2500).
		expect(text).toContain('| Our node, concurrency 10 | 3.0 s | 333 | 3.00× | – | 2.00 ms | 1.20 | 8.0 s | 1,000 | 1,000 |');
		expect(text).toContain('| Plain Node.js client | 1.0 s | 1,000 | 1.00× | – | – | – | – | 1,000 | 1,000 |');
		expect(text).toContain('`npm run bench -- --scenario ratelimit --latency 10 --items 1000 --runs 1`');
		expect(text).toContain('| Our node, defaults | 1,000 | 0 | 5 | 0.5 % | 0 | 0 | 10.5 s | 95 % |');
		expect(text).toContain('| HTTP Request node, defaults (run failed: Too many requests) | 0 | 1,000 | 900 | 90.0 % |');
	});

	test('the chart has a bar with its value for every contender', () => {
		const svg = renderChart(results);
		expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
		for (const text of ['Our node, concurrency 10', '333/s', 'Plain Node.js client', '1,000/s', '95 %', '0 %']) expect(svg).toContain(`>${text}<`);
		expect(svg.match(/<rect /g)).toHaveLength(1 + 4);
	});
});

describe('a partial rerun (--only)', () => {
	const earlier: ScenarioResult = {
		scenario: 'throughput',
		date: '2026-11-23',
		runCount: 3,
		items: 5000,
		latencyMs: 10,
		runs: [
			{ contender: 'our-default', label: 'Our node, defaults', spanMs: 19_000, applied: 5000 },
			{ contender: 'http-default', label: 'HTTP Request node, defaults', spanMs: 16_000, applied: 5000 },
			{ contender: 'plain-c10', label: 'Plain Node.js client', spanMs: 9_000, applied: 5000 },
		],
	};
	const rerun = (items: number, latencyMs: number): ScenarioResult => ({
		scenario: 'throughput',
		date: '2026-11-29',
		runCount: 1,
		items,
		latencyMs,
		runs: [{ contender: 'our-default', label: 'Our node, defaults', spanMs: 100, applied: items }],
	});

	test('with other items or latency, the table holds the new run only: no row of the earlier run', () => {
		for (const [items, latency] of [
			[50, 10],
			[5000, 100],
		]) {
			const merged = mergeRerun(earlier, rerun(items, latency), ['our-default']);
			expect(merged.runs.map((run) => run.contender)).toEqual(['our-default']);
			const text = renderResults({ scenarios: { [`throughput-${latency}ms`]: merged } });
			expect(text).not.toContain('| HTTP Request node');
			expect(text).not.toContain('| Plain Node.js client');
			expect(text).not.toContain('kept from');
			expect(text).toContain(`Run of 2026-11-29: ${items.toLocaleString('en-US')} items, ${latency} ms latency, 1 run each`);
		}
	});

	test('with the same settings, the other rows stay, marked with the run they come from', () => {
		const merged = mergeRerun(earlier, rerun(5000, 10), ['our-default']);
		expect(merged.runs.map((run) => [run.contender, run.earlierRun])).toEqual([
			['http-default', '2026-11-23'],
			['plain-c10', '2026-11-23'],
			['our-default', undefined],
		]);
		const text = renderResults({ scenarios: { 'throughput-10ms': merged } });
		expect(text).toContain('| HTTP Request node, defaults (kept from the run of 2026-11-23, same settings) | 16.0 s |');
		expect(text).toContain('| Our node, defaults | 0.1 s | 50,000 | 0.01× | 0.01× |');
	});

	test('a contender whose run sent nothing has no time, rather than 0 s', () => {
		const failed = rerun(50, 10);
		failed.runs.push({ contender: 'our-automap', label: 'Map Automatically', spanMs: 0, requests: 0, applied: 0, error: 'bad item' });
		expect(renderResults({ scenarios: { 'throughput-10ms': failed } })).toContain('| Map Automatically (run failed: bad item) | – | – | – |');
	});

	test('a full run replaces the earlier one whatever its settings', () => {
		expect(mergeRerun(earlier, rerun(5000, 10), undefined).runs).toHaveLength(1);
	});
});

describe('the CPU profile, before and now', () => {
	const profile = (date: string, all: number, alone?: number): ScenarioResult => ({
		scenario: 'profile',
		date,
		runCount: 1,
		items: 5000,
		latencyMs: 10,
		runs: [
			{
				contender: 'our-c10',
				label: 'Our node, concurrency 10',
				requests: 5000,
				'cpu: n8n applies the credential (resolves its authenticate expressions)': 0.7,
				'cpu: the node reads its parameters (getNodeParameter, the item expressions)': 0.6,
				"cpu: this package's own code (self time)": 0.1,
				'cpu: all CPU of the n8n process, start-up included': all,
			},
			...(alone === undefined
				? []
				: [
						{
							contender: 'n8n-alone',
							label: 'One item',
							requests: 1,
							'cpu: the node reads its parameters (getNodeParameter, the item expressions)': 500,
							'cpu: all CPU of the n8n process, start-up included': alone,
						},
					]),
		],
	});

	test('"other" is the rest of the process; start-up is taken off with the one-item run', () => {
		const parts = cpuParts(profile('2026-11-29', 2.5, 4000)).get('our-c10')!;
		// Each part less the one-item run's share of it: 0.6 - 500 / 5,000 requests.
		expect(parts.get('the node reads its parameters (getNodeParameter, the item expressions)')).toBeCloseTo(0.5, 6);
		expect(parts.get('n8n applies the credential (resolves its authenticate expressions)')).toBeCloseTo(0.7, 6);
		expect(parts.get('all CPU of the n8n process, start-up excluded (less the 1-item run)')).toBeCloseTo(2.5 - 4000 / 5000, 6);
		expect(parts.get('other (the rest of the process)')).toBeCloseTo(1.7 - (0.7 + 0.5 + 0.1), 6);
		expect(parts.get('all CPU of the n8n process, start-up included')).toBe(2.5);
		// Without the one-item run, the parts are the profile's and "other" is the rest, start-up included.
		expect(cpuParts(profile('2026-11-23', 3.5)).get('our-c10')!.get('other (the rest of the process)')).toBeCloseTo(3.5 - 1.4, 6);
	});

	test('the table puts the earlier profile beside the new one, by the same parts', () => {
		const text = renderResults({ scenarios: { profile: profile('2026-11-29', 2.5, 4000) }, before: { profile: profile('2026-11-23', 3.5) } });
		expect(text).toContain('| CPU per request | Our node, concurrency 10, before (2026-11-23) | Our node, concurrency 10, now |');
		expect(text).toContain('| n8n applies the credential (resolves its authenticate expressions) | 0.70 ms | 0.70 ms |');
		expect(text).toContain('| the node reads its parameters (getNodeParameter, the item expressions) | 0.60 ms | 0.50 ms |');
		expect(text).toContain('| all CPU of the n8n process, start-up included | 3.50 ms | 2.50 ms |');
		expect(text).toContain('| all CPU of the n8n process, start-up excluded (less the 1-item run) | – | 1.70 ms |');
	});
});

describe("docs/performance.md's summary table", () => {
	test('is generated between its markers from the results, and refuses a page without them', () => {
		const page = 'Intro\n<!-- bench:table (generated by npm run bench from bench/results.json; do not edit) -->\nold table\n<!-- /bench:table -->\nAfter\n';
		const written = withSummaryTable(page, results);
		expect(written).not.toContain('old table');
		expect(written.startsWith('Intro\n')).toBe(true);
		expect(written.endsWith('<!-- /bench:table -->\nAfter\n')).toBe(true);
		expect(written).toContain(renderSummaryTable(results));
		expect(renderSummaryTable(results)).toContain('| 1,000 upserts, 10 ms latency | – | – | 1.0 s (10 at once) |');
		const withOurs = { scenarios: { 'throughput-10ms': { ...results.scenarios['throughput-10ms'] } } };
		withOurs.scenarios['throughput-10ms'].runs = withOurs.scenarios['throughput-10ms'].runs.map((run) => ({ ...run, contender: run.contender.replace('our-c10', 'our-default') }));
		expect(renderSummaryTable(withOurs)).toContain('| 1,000 upserts, 10 ms latency | 3.0 s (defaults, efficiency 1.20) | – | 1.0 s (10 at once) |');
		expect(renderSummaryTable(withOurs)).toContain('Efficiency is the time ÷ the CPU time the n8n process spent meanwhile');
		expect(renderSummaryTable(results)).toContain('| 1,000 upserts under 100 requests/s (Retry-After) | 1,000 done, 0 duplicates, 0.5 % 429s, 95 % of the limit (defaults) | run fails (defaults) |');
		expect(() => withSummaryTable('no markers', results)).toThrow('markers');
	});
});
