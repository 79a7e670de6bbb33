import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { SANDBOX_CREDENTIALS, baseUrls } from '../sandbox/credentials';
import { N8N_VERSION, ROOT, n8nNode, type N8n } from '../sandbox/n8n';
import { SandboxProcess, executeInN8n, n8nInstall, prepareBenchN8n, readUpsertLog, runPlainClient } from './harness';
import { summariseProfile } from './profile';
import { renderChart, renderResults, type Results, type ScenarioResult } from './report';
import { UNDER_TEST, httpBasicCredential, httpGetAll, httpHeaderCredential, httpUpserts, ourGetMany, ourUpserts } from './workflows';

const HELP = `npm run bench -- [options]

Runs the benchmark scenarios in real n8n against the sandbox and writes bench/RESULTS.md and
bench/chart.svg (from bench/results.json, which keeps the last figures of every scenario).

  --scenario LIST   throughput, ratelimit, paging (comma-separated; default all three), or
                    profile: where n8n's CPU goes per request (V8 CPU profiles of the throughput
                    run of our node and of the HTTP Request node; not timed, not in the default)
  --runs N          runs of every contender, the median is reported (default 3)
  --items N         items in the throughput and rate-limit scenarios (default 5000)
  --customers N     Omnidesk customers in the paging scenario (default 50000)
  --only LIST       run only these contenders (keys as in bench/results.json, e.g. our-c10,plain-c10)
  --help            this text`;

const SCENARIOS = ['throughput', 'ratelimit', 'paging', 'profile'] as const;
const DEFAULT_SCENARIOS = ['throughput', 'ratelimit', 'paging'];
type ScenarioName = (typeof SCENARIOS)[number];
const RESULTS_JSON = join(ROOT, 'bench', 'results.json');
const LATENCY_MS = 10;
const RATE_LIMIT = 100;

interface Contender {
	key: string;
	label: string;
	run: (round: number) => Promise<Record<string, number | string | undefined>>;
}

async function main() {
	const { values } = parseArgs({
		options: {
			scenario: { type: 'string', default: DEFAULT_SCENARIOS.join(',') },
			runs: { type: 'string', default: '3' },
			items: { type: 'string', default: '5000' },
			customers: { type: 'string', default: '50000' },
			only: { type: 'string' },
			help: { type: 'boolean' },
		},
		strict: true,
	});
	if (values.help) return void process.stdout.write(`${HELP}\n`);
	const chosen = values.scenario!.split(',').map((name) => name.trim()) as ScenarioName[];
	for (const name of chosen) if (!SCENARIOS.includes(name)) throw new Error(`unknown scenario "${name}" (known: ${SCENARIOS.join(', ')})`);
	const runs = wholeNumber(values.runs!, 'runs');
	const items = wholeNumber(values.items!, 'items');
	const customers = wholeNumber(values.customers!, 'customers');
	only = values.only ? values.only.split(',').map((key) => key.trim()) : undefined;

	const n8nDir = n8nInstall().dir;
	const node = n8nNode(n8nDir);
	const results: Results = existsSync(RESULTS_JSON) ? JSON.parse(readFileSync(RESULTS_JSON, 'utf8')) : { scenarios: {} };
	results.machine = {
		cpu: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}`,
		memoryGiB: Math.round(totalmem() / 2 ** 30),
		n8n: N8N_VERSION,
		node: execFileSync(node, ['--version'], { encoding: 'utf8' }).trim(),
	};
	for (const name of chosen) {
		log(`\n== ${name} ==`);
		const started = Date.now();
		const result =
			name === 'throughput'
				? await throughput(node, runs, items)
				: name === 'ratelimit'
					? await rateLimit(node, runs, items)
					: name === 'paging'
						? await paging(node, runs, customers)
						: await profile(node, runs, items);
		const previous = results.scenarios[name];
		if (only && previous) {
			// A partial rerun replaces only the contenders it ran.
			result.runs = [...previous.runs.filter((run) => !only!.includes(run.contender)), ...result.runs];
		}
		result.date = new Date().toISOString().slice(0, 10);
		result.minutes = Math.round((Date.now() - started) / 6000) / 10;
		results.scenarios[name] = result;
		writeFileSync(RESULTS_JSON, `${JSON.stringify(results, null, '\t')}\n`);
	}
	writeFileSync(join(ROOT, 'bench', 'RESULTS.md'), renderResults(results));
	writeFileSync(join(ROOT, 'bench', 'chart.svg'), renderChart(results));
	log(`\nWrote bench/RESULTS.md, bench/chart.svg and bench/results.json`);
}

/** Contender keys to run (--only); all when undefined. */
let only: string[] | undefined;

/** Runs every contender `runs` times, interleaved (round by round), and keeps every run's figures. */
async function rounds(contenders: Contender[], runs: number): Promise<ScenarioResult['runs']> {
	const all: ScenarioResult['runs'] = [];
	for (let round = 0; round < runs; round++) {
		for (const contender of contenders) {
			if (only && !only.includes(contender.key)) continue;
			const figures = await contender.run(round);
			log(`  run ${round + 1}/${runs} ${contender.label}: ${JSON.stringify(figures)}`);
			all.push({ contender: contender.key, label: contender.label, ...figures });
		}
	}
	return all;
}

async function throughput(node: string, runs: number, items: number): Promise<ScenarioResult> {
	const sandbox = await SandboxProcess.start(node);
	try {
		const workflows = {
			ourDefault: ourUpserts('benchOurDefault1', items, {}),
			ourC10: ourUpserts('benchOurC10aaaaa', items, { concurrency: 10 }),
			httpDefault: httpUpserts('benchHttpDefault', items, sandbox.url),
			httpBatch: httpUpserts('benchHttpBatch10', items, sandbox.url, { batchSize: 10, batchInterval: LATENCY_MS }),
		};
		const n8n = await prepareBenchN8n(sandbox.url, Object.values(workflows), [httpBasicCredential()]);
		const faults = { latencyMs: LATENCY_MS };
		const contenders: Contender[] = [
			n8nUpsertContender('our-default', 'Our node, defaults (concurrency 5)', n8n, sandbox, workflows.ourDefault.id, faults),
			n8nUpsertContender('our-c10', 'Our node, concurrency 10', n8n, sandbox, workflows.ourC10.id, faults),
			n8nUpsertContender('our-c10-legacy', 'Our node, concurrency 10, N8N_EXPRESSION_ENGINE=legacy', n8n, sandbox, workflows.ourC10.id, faults, {
				N8N_EXPRESSION_ENGINE: 'legacy',
			}),
			n8nUpsertContender('http-default', 'HTTP Request node, defaults', n8n, sandbox, workflows.httpDefault.id, faults),
			n8nUpsertContender('http-batch10', `HTTP Request node, batching 10 per ${LATENCY_MS} ms`, n8n, sandbox, workflows.httpBatch.id, faults),
			plainUpsertContender('plain-c10', 'Plain Node.js client, keep-alive, concurrency 10', node, sandbox, items, 10, faults),
		];
		return { items, latencyMs: LATENCY_MS, runCount: runs, runs: await rounds(contenders, runs) };
	} finally {
		await sandbox.stop();
	}
}

async function rateLimit(node: string, runs: number, items: number): Promise<ScenarioResult> {
	const sandbox = await SandboxProcess.start(node);
	try {
		// A user who knows the limit would set the HTTP Request node's batching to it: 10 per 100 ms.
		const perBatch = 10;
		const interval = Math.round((1000 * perBatch) / RATE_LIMIT);
		const workflows = {
			ourDefault: ourUpserts('benchLimOurDeflt', items, {}),
			ourC10: ourUpserts('benchLimOurC10aa', items, { concurrency: 10 }),
			httpDefault: httpUpserts('benchLimHttpDflt', items, sandbox.url),
			httpBatch: httpUpserts('benchLimHttpBtch', items, sandbox.url, { batchSize: perBatch, batchInterval: interval }),
		};
		const n8n = await prepareBenchN8n(sandbox.url, Object.values(workflows), [httpBasicCredential()]);
		const faults = { latencyMs: LATENCY_MS, rateLimit: RATE_LIMIT, retryAfter: true };
		const contenders: Contender[] = [
			n8nUpsertContender('our-default', 'Our node, defaults', n8n, sandbox, workflows.ourDefault.id, faults),
			n8nUpsertContender('our-c10', 'Our node, concurrency 10', n8n, sandbox, workflows.ourC10.id, faults),
			n8nUpsertContender('http-default', 'HTTP Request node, defaults', n8n, sandbox, workflows.httpDefault.id, faults),
			n8nUpsertContender('http-batch', `HTTP Request node, batching ${perBatch} per ${interval} ms`, n8n, sandbox, workflows.httpBatch.id, faults),
			plainUpsertContender('plain-c10', 'Plain Node.js client, concurrency 10, waits Retry-After', node, sandbox, items, 10, faults),
		];
		return { items, latencyMs: LATENCY_MS, rateLimit: RATE_LIMIT, runCount: runs, runs: await rounds(contenders, runs) };
	} finally {
		await sandbox.stop();
	}
}

async function paging(node: string, runs: number, customers: number): Promise<ScenarioResult> {
	const sandbox = await SandboxProcess.start(node, ['--omnidesk-customers', String(customers)]);
	try {
		const workflows = {
			all: ourGetMany('benchPagingAll01'),
			one: ourGetMany('benchPagingOne01', 1),
			http: httpGetAll('benchPagingHttp1', sandbox.url, 99),
		};
		const n8n = await prepareBenchN8n(sandbox.url, Object.values(workflows), [httpHeaderCredential()]);
		const inN8n = (key: string, label: string, workflowId: string): Contender => ({
			key,
			label,
			run: async () => {
				await sandbox.reset({});
				const run = await executeInN8n(n8n, workflowId, UNDER_TEST);
				const requests = (await sandbox.requests('omnidesk')).length;
				return { items: run.customers, requests, processMs: run.processMs, peakRssMiB: mib(run.peakRssKb), error: run.error };
			},
		});
		const contenders: Contender[] = [
			inN8n('our-all', 'Our node in n8n, Return All', workflows.all.id),
			inN8n('http-all', "HTTP Request node in n8n, its own pagination (99 a page)", workflows.http.id),
			inN8n('n8n-baseline', 'Our node with Limit 1 (n8n on its own)', workflows.one.id),
			{
				key: 'plain',
				label: 'Plain Node.js client holding the same customers',
				run: async () => {
					await sandbox.reset({});
					const out = await runPlainClient(node, ['page', baseUrls(sandbox.url).omnideskApi, SANDBOX_CREDENTIALS.omnidesk.apiKey, '99']);
					const requests = (await sandbox.requests('omnidesk')).length;
					return { items: out.items, requests, processMs: out.ms, peakRssMiB: mib(out.maxRssKb), startRssMiB: mib(out.rssAtStartKb) };
				},
			},
		];
		return { customers, runCount: runs, runs: await rounds(contenders, runs) };
	} finally {
		await sandbox.stop();
	}
}

/** The throughput run of our node (concurrency 10) and of the HTTP Request node, under the V8 profiler. */
async function profile(node: string, runs: number, items: number): Promise<ScenarioResult> {
	const sandbox = await SandboxProcess.start(node);
	try {
		const workflows = { ourC10: ourUpserts('benchProfOurC10a', items, { concurrency: 10 }), httpDefault: httpUpserts('benchProfHttpDef', items, sandbox.url) };
		const n8n = await prepareBenchN8n(sandbox.url, Object.values(workflows), [httpBasicCredential()]);
		const profiled = (key: string, label: string, workflowId: string): Contender => ({
			key,
			label,
			run: async (round) => {
				await sandbox.reset({ latencyMs: LATENCY_MS });
				const folder = join(ROOT, '.cache', 'bench-profiles', `${key}-${round + 1}`);
				rmSync(folder, { recursive: true, force: true });
				const run = await executeInN8n(n8n, workflowId, UNDER_TEST, {}, ['--cpu-prof', `--cpu-prof-dir=${folder}`]);
				const requests = (await sandbox.requests('bik')).length;
				const file = readdirSync(folder).find((name) => name.endsWith('.cpuprofile'));
				if (!file) throw new Error(`no CPU profile in ${folder}`);
				const parts = summariseProfile(join(folder, file), requests);
				return { requests, succeeded: run.succeeded, ...Object.fromEntries(parts.map((part) => [`cpu: ${part.label}`, part.msPerRequest])) };
			},
		});
		const contenders = [
			profiled('our-c10', 'Our node, concurrency 10', workflows.ourC10.id),
			profiled('http-default', 'HTTP Request node, defaults', workflows.httpDefault.id),
		];
		return { items, latencyMs: LATENCY_MS, runCount: runs, runs: await rounds(contenders, runs) };
	} finally {
		await sandbox.stop();
	}
}

function n8nUpsertContender(
	key: string,
	label: string,
	n8n: N8n,
	sandbox: SandboxProcess,
	workflowId: string,
	faults: Record<string, unknown>,
	env: NodeJS.ProcessEnv = {},
): Contender {
	return {
		key,
		label,
		run: async () => {
			await sandbox.reset(faults);
			const run = await executeInN8n(n8n, workflowId, UNDER_TEST, env);
			return { ...(await upsertFigures(sandbox)), succeeded: run.succeeded, errorItems: run.errorItems, processMs: run.processMs, error: run.error };
		},
	};
}

function plainUpsertContender(key: string, label: string, node: string, sandbox: SandboxProcess, items: number, concurrency: number, faults: Record<string, unknown>): Contender {
	return {
		key,
		label,
		run: async () => {
			await sandbox.reset(faults);
			const { apiKey, apiSecret } = SANDBOX_CREDENTIALS.bik;
			const out = await runPlainClient(node, ['upsert', baseUrls(sandbox.url).bikApi, apiKey, apiSecret, String(items), String(concurrency), 'bench']);
			return { ...(await upsertFigures(sandbox)), succeeded: out.succeeded, errorItems: out.failed, processMs: out.ms };
		},
	};
}

/** The sandbox's view of a run of upserts: requests, 429s, span, customers and re-applied upserts. */
async function upsertFigures(sandbox: SandboxProcess) {
	const seen = readUpsertLog(await sandbox.requests('bik'));
	const state = await sandbox.control('GET', 'state');
	return { ...seen, customers: state.bik.customers as number, duplicates: (state.bik.customers as number) - seen.applied };
}

const mib = (kb: number) => Math.round((kb / 1024) * 10) / 10;

function wholeNumber(text: string, name: string): number {
	const value = Number(text);
	if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a whole number of at least 1, got "${text}"`);
	return value;
}

function log(line: string) {
	process.stdout.write(`${line}\n`);
}

main().catch((error: Error) => {
	process.stderr.write(`bench: ${error.stack ?? error.message}\n`);
	process.exit(1);
});
