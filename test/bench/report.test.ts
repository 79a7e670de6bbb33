import { readUpsertLog } from '../../bench/harness';
import { goodput, itemsPerSecond, renderChart, renderResults, summarise, type Results } from '../../bench/report';
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
		expect(readUpsertLog(log)).toEqual({ requests: 6, rateLimited: 1, spanMs: 2500, applied: 2, appliedAgain: 1 });
		expect(readUpsertLog([])).toEqual({ requests: 0, rateLimited: 0, spanMs: 0, applied: 0, appliedAgain: 0 });
	});
});

const results: Results = {
	machine: { cpu: '2 × Test CPU', memoryGiB: 24, n8n: '2.41.0', node: 'v24.9.0' },
	scenarios: {
		throughput: {
			date: '2026-11-23',
			minutes: 5,
			runCount: 3,
			items: 1000,
			latencyMs: 10,
			runs: [
				...[4000, 2000, 3000].map((spanMs) => ({ contender: 'our-c10', label: 'Our node, concurrency 10', spanMs, applied: 1000, requests: 1000, customers: 1000, processMs: spanMs + 5000 })),
				...[1000, 1200, 800].map((spanMs) => ({ contender: 'plain-c10', label: 'Plain Node.js client', spanMs, applied: 1000, requests: 1000, customers: 1000, processMs: spanMs })),
			],
		},
		ratelimit: {
			date: '2026-11-23',
			minutes: 3,
			runCount: 1,
			items: 1000,
			rateLimit: 100,
			runs: [
				{ contender: 'our-default', label: 'Our node, defaults', succeeded: 1000, spanMs: 10_500, rateLimited: 5, duplicates: 0, appliedAgain: 0 },
				{ contender: 'http-default', label: 'HTTP Request node, defaults', succeeded: 0, spanMs: 2000, rateLimited: 900, duplicates: 0, appliedAgain: 0, error: 'Too many requests' },
			],
		},
	},
};

describe('summarise and render', () => {
	test('each contender gets the median of every figure, in the order they ran', () => {
		const rows = summarise(results.scenarios.throughput!);
		expect(rows.map((row) => [row.key, row.figures.spanMs])).toEqual([
			['our-c10', 3000],
			['plain-c10', 1000],
		]);
		expect(itemsPerSecond(rows[0])).toBeCloseTo(333.33, 2);
		const limited = summarise(results.scenarios.ratelimit!);
		expect(goodput(limited[0], 100)).toBeCloseTo(0.952, 3);
		expect(limited[1].errors).toEqual(['Too many requests']);
	});

	test('RESULTS.md shows the machine, the medians, the ratio to the plain client and the command to rerun', () => {
		const text = renderResults(results);
		expect(text).toContain('Machine: 2 × Test CPU, 24 GiB; n8n 2.41.0 on Node v24.9.0.');
		expect(text).toContain('| Our node, concurrency 10 | 3.0 s | 333 | 3.00× | 8.0 s | 1,000 | 1,000 |');
		expect(text).toContain('| Plain Node.js client | 1.0 s | 1,000 | 1.00× | – | 1,000 | 1,000 |');
		expect(text).toContain('`npm run bench -- --scenario throughput --runs 3`');
		expect(text).toContain('| Our node, defaults | 1,000 | 0 | 5 | 0 | 0 | 10.5 s | 95 % |');
		expect(text).toContain('| HTTP Request node, defaults (run failed: Too many requests) | 0 | 1,000 | 900 |');
	});

	test('the chart has a bar with its value for every contender', () => {
		const svg = renderChart(results);
		expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
		for (const text of ['Our node, concurrency 10', '333/s', 'Plain Node.js client', '1,000/s', '95 %', '0 %']) expect(svg).toContain(`>${text}<`);
		expect(svg.match(/<rect /g)).toHaveLength(1 + 4);
	});
});
