import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { SANDBOX_CREDENTIALS, baseUrls } from '../sandbox/credentials';
import { N8N_VERSION, ROOT, n8nNode, type N8n } from '../local-n8n/n8n';
import { SandboxProcess, cpuBetween, executeInN8n, n8nInstall, prepareBenchN8n, readUpsertLog, runPlainClient } from './harness';
import { summariseProfile } from './profile';
import { triggerRound } from './trigger';
import {
	DEFAULTS,
	SCENARIOS,
	mergeRerun,
	renderChart,
	renderResults,
	resultKey,
	withSummaryTable,
	type Results,
	type ScenarioName,
	type ScenarioResult,
} from './report';
import { UNDER_TEST, fixedConcurrency, httpBasicCredential, httpGetAll, httpHeaderCredential, httpUpserts, ourAutoMapUpserts, ourGetMany, ourUpserts } from './workflows';

const HELP = `npm run bench -- [options]

Runs the benchmark scenarios in real n8n against the sandbox and writes bench/RESULTS.md,
bench/chart.svg and the summary table of docs/performance.md (from bench/results.json, which keeps the last
run of every scenario).

  --scenario LIST   comma-separated, default all:
                      throughput    upserts, no limit, at each latency of --latency (default 10,100,300)
                      ratelimit     100 requests/s with Retry-After
                      undocumented  20 requests/s, 429 without Retry-After
                      load          latency that grows with the requests in flight (sandbox slowAbove)
                      paging        Omnidesk Get Many, Return All: peak memory
                      profile       where n8n's CPU goes per request (V8 CPU profiles, not timed)
                      trigger       Omnidesk Trigger polls over --customers customers, 10 changed
  --latency LIST    the sandbox's latency in ms; throughput runs once per value, the others take one
                    value (defaults: ${SCENARIOS.map((name) => `${name} ${DEFAULTS[name].latencies?.join(',') ?? '–'}`).join(', ')})
  --items N         items of every chosen scenario (defaults: ${SCENARIOS.filter((name) => DEFAULTS[name].items).map((name) => `${name} ${DEFAULTS[name].items}`).join(', ')})
  --customers N     Omnidesk customers in the paging and trigger scenarios (default ${DEFAULTS.paging.customers})
  --runs N          runs of every contender, interleaved round by round; the median is reported
                    (defaults: ${SCENARIOS.map((name) => `${name} ${DEFAULTS[name].runs}`).join(', ')})
  --only LIST       run only these contenders (keys as in bench/results.json, e.g. our-default,plain-c10);
                    the scenario's other rows are kept only if their run had the same items and latency
  --report          write RESULTS.md, chart.svg and docs/performance.md's table from results.json; run nothing
  --help            this text

The whole default run takes about an hour on a quiet 2-core machine.`;

const RESULTS_JSON = join(ROOT, 'bench', 'results.json');
/** The page whose summary table the benchmark writes. */
const PERFORMANCE_PAGE = join(ROOT, 'docs', 'performance.md');
const RATE_LIMIT = 100;
const UNDOCUMENTED_LIMIT = 20;
const SLOW_ABOVE = 8;
/** The plain client's concurrencies tried before the throughput rounds. */
const SWEEP = [5, 10, 20, 40, 80, 160];

interface Contender {
	key: string;
	label: string;
	run: (round: number) => Promise<Record<string, number | string | undefined>>;
}

/** One scenario's settings for this run. */
interface Setting {
	runs: number;
	items: number;
	latencyMs: number;
	customers: number;
}

async function main() {
	const { values } = parseArgs({
		options: {
			scenario: { type: 'string', default: SCENARIOS.join(',') },
			latency: { type: 'string' },
			runs: { type: 'string' },
			items: { type: 'string' },
			customers: { type: 'string' },
			only: { type: 'string' },
			report: { type: 'boolean' },
			help: { type: 'boolean' },
		},
		strict: true,
	});
	if (values.help) return void process.stdout.write(`${HELP}\n`);
	const results: Results = existsSync(RESULTS_JSON) ? JSON.parse(readFileSync(RESULTS_JSON, 'utf8')) : { scenarios: {} };
	if (values.report) return writeReports(results);

	const chosen = values.scenario!.split(',').map((name) => name.trim()) as ScenarioName[];
	for (const name of chosen) if (!SCENARIOS.includes(name)) throw new Error(`unknown scenario "${name}" (known: ${SCENARIOS.join(', ')})`);
	const latencies = values.latency?.split(',').map((text) => wholeNumber(text.trim(), 'latency', 0));
	const runs = values.runs === undefined ? undefined : wholeNumber(values.runs, 'runs');
	const items = values.items === undefined ? undefined : wholeNumber(values.items, 'items');
	const customers = values.customers === undefined ? undefined : wholeNumber(values.customers, 'customers');
	only = values.only ? values.only.split(',').map((key) => key.trim()) : undefined;
	if (latencies && latencies.length > 1 && chosen.some((name) => name !== 'throughput' && name !== 'paging')) {
		throw new Error('--latency takes several values only for the throughput scenario; run the others with one');
	}

	const n8nDir = n8nInstall().dir;
	const node = n8nNode(n8nDir);
	results.machine = {
		cpu: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}`,
		memoryGiB: Math.round(totalmem() / 2 ** 30),
		n8n: N8N_VERSION,
		node: execFileSync(node, ['--version'], { encoding: 'utf8' }).trim(),
	};
	for (const name of chosen) {
		const defaults = DEFAULTS[name];
		for (const latencyMs of name === 'paging' ? [0] : (latencies ?? defaults.latencies!)) {
			const setting: Setting = {
				runs: runs ?? defaults.runs,
				items: items ?? defaults.items ?? 0,
				latencyMs,
				customers: customers ?? defaults.customers ?? 0,
			};
			log(`\n== ${name}${name === 'paging' ? '' : ` at ${latencyMs} ms`} ==`);
			const started = Date.now();
			const result = await SCENARIO_RUNS[name](node, setting, results);
			result.scenario = name;
			result.date = new Date().toISOString().slice(0, 10);
			result.minutes = Math.round((Date.now() - started) / 6000) / 10;
			const key = resultKey(name, latencyMs);
			if (name === 'profile' && results.scenarios.profile && !results.before?.profile) {
				// The first new profile keeps the one it replaces, so that "before" and "now" stand side by side.
				results.before = { ...results.before, profile: results.scenarios.profile };
			}
			results.scenarios[key] = mergeRerun(results.scenarios[key], result, only);
			writeFileSync(RESULTS_JSON, `${JSON.stringify(results, null, '\t')}\n`);
		}
	}
	writeReports(results);
}

function writeReports(results: Results) {
	writeFileSync(join(ROOT, 'bench', 'RESULTS.md'), renderResults(results));
	writeFileSync(join(ROOT, 'bench', 'chart.svg'), renderChart(results));
	writeFileSync(PERFORMANCE_PAGE, withSummaryTable(readFileSync(PERFORMANCE_PAGE, 'utf8'), results));
	log(`\nWrote bench/RESULTS.md, bench/chart.svg, the table of docs/performance.md and bench/results.json`);
}

/** Contender keys to run (--only); all when undefined. */
let only: string[] | undefined;
const chosen = (key: string) => !only || only.includes(key);

/** Runs every contender `runs` times, interleaved (round by round), and keeps every run's figures. */
async function rounds(contenders: Contender[], runs: number): Promise<ScenarioResult['runs']> {
	const all: ScenarioResult['runs'] = [];
	for (let round = 0; round < runs; round++) {
		for (const contender of contenders) {
			if (!chosen(contender.key)) continue;
			const figures = await contender.run(round);
			log(`  run ${round + 1}/${runs} ${contender.label}: ${JSON.stringify(figures)}`);
			all.push({ contender: contender.key, label: contender.label, ...figures });
		}
	}
	return all;
}

type ScenarioRun = (node: string, setting: Setting, results: Results) => Promise<ScenarioResult>;

const SCENARIO_RUNS: Record<ScenarioName, ScenarioRun> = {
	throughput,
	ratelimit: rateLimit,
	undocumented,
	load,
	paging,
	profile,
	trigger,
};

/** What every contender of an upsert scenario needs: the sandbox, n8n with the workflows, the faults. */
interface UpsertBench {
	node: string;
	sandbox: SandboxProcess;
	n8n: N8n;
	items: number;
	faults: Record<string, unknown>;
}

/** Starts the sandbox and n8n with these workflows (built with the sandbox's URL), runs `body`, stops the sandbox. */
async function withUpsertBench(
	node: string,
	items: number,
	faults: Record<string, unknown>,
	workflows: (sandboxUrl: string) => ReturnType<typeof ourUpserts>[],
	body: (bench: UpsertBench) => Promise<ScenarioResult>,
): Promise<ScenarioResult> {
	const sandbox = await SandboxProcess.start(node);
	try {
		const n8n = await prepareBenchN8n(sandbox.url, workflows(sandbox.url), [httpBasicCredential()]);
		return await body({ node, sandbox, n8n, items, faults });
	} finally {
		await sandbox.stop();
	}
}

/** Workflow ids are 16 characters; `tag` tells the scenario apart. */
const wid = (tag: string, name: string) => `bench${tag}${name}`.padEnd(16, '0').slice(0, 16);

function upsertWorkflows(tag: string, items: number, sandboxUrl: string, batch: { batchSize: number; batchInterval: number }, fixed: number[]) {
	return {
		ourDefault: ourUpserts(wid(tag, 'OurDef'), items, {}),
		ourAutoMap: ourAutoMapUpserts(wid(tag, 'OurMap'), items, {}),
		ourFixed: Object.fromEntries(fixed.map((concurrency) => [concurrency, ourUpserts(wid(tag, `OurC${concurrency}`), items, fixedConcurrency(concurrency))])),
		httpDefault: httpUpserts(wid(tag, 'HttpDef'), items, sandboxUrl),
		httpBatch: httpUpserts(wid(tag, 'HttpBatch'), items, sandboxUrl, batch),
	};
}
const allWorkflows = (workflows: ReturnType<typeof upsertWorkflows>) => [
	workflows.ourDefault,
	workflows.ourAutoMap,
	...Object.values(workflows.ourFixed),
	workflows.httpDefault,
	workflows.httpBatch,
];

async function throughput(node: string, { runs, items, latencyMs }: Setting): Promise<ScenarioResult> {
	// A user who turns on the HTTP Request node's Batching to be gentle: 10 items, then 10 ms.
	const batch = { batchSize: 10, batchInterval: 10 };
	let workflows!: ReturnType<typeof upsertWorkflows>;
	const faults = { latencyMs };
	return withUpsertBench(
		node,
		items,
		faults,
		(url) => allWorkflows((workflows = upsertWorkflows(`T${latencyMs}`, items, url, batch, [5, 32, 64]))),
		async (bench) => {
			const sweep = chosen('plain-best') ? await plainSweep(bench, Math.min(items, 1000)) : undefined;
			const contenders: Contender[] = [
				n8nUpsertContender('our-default', 'Our node, defaults (adaptive concurrency)', bench, workflows.ourDefault.id),
				n8nUpsertContender('our-c5', 'Our node, fixed concurrency 5', bench, workflows.ourFixed[5].id),
				n8nUpsertContender('our-automap', 'Our node, Map Automatically, defaults', bench, workflows.ourAutoMap.id),
				// What a larger window gives where the provider does not queue (issue 24: efficiency at 10 ms).
				n8nUpsertContender('our-c32', 'Our node, fixed concurrency 32', bench, workflows.ourFixed[32].id),
				n8nUpsertContender('our-c64', 'Our node, fixed concurrency 64', bench, workflows.ourFixed[64].id),
				n8nUpsertContender('http-default', 'HTTP Request node, defaults', bench, workflows.httpDefault.id),
				n8nUpsertContender('http-batch', `HTTP Request node, batching ${batch.batchSize} per ${batch.batchInterval} ms`, bench, workflows.httpBatch.id),
				plainUpsertContender('plain-c10', 'Plain Node.js client, keep-alive, concurrency 10', bench, 10),
			];
			if (sweep) contenders.push(plainUpsertContender('plain-best', `Plain Node.js client, keep-alive, concurrency ${sweep.best} (best of the sweep)`, bench, sweep.best));
			return { items, latencyMs, runCount: runs, sweep, runs: await rounds(contenders, runs) };
		},
	);
}

/** The plain client at each concurrency of SWEEP, one run each; the fastest is its best fixed concurrency. */
async function plainSweep(bench: UpsertBench, items: number): Promise<NonNullable<ScenarioResult['sweep']>> {
	const figures: Array<{ concurrency: number; spanMs: number }> = [];
	for (const concurrency of SWEEP) {
		const { spanMs } = await runPlainUpserts({ ...bench, items }, concurrency);
		figures.push({ concurrency, spanMs });
		log(`  sweep: plain client at concurrency ${concurrency}: ${spanMs} ms`);
	}
	const best = figures.reduce((fastest, step) => (step.spanMs < fastest.spanMs ? step : fastest));
	return { items, figures, best: best.concurrency };
}

async function rateLimit(node: string, { runs, items, latencyMs }: Setting): Promise<ScenarioResult> {
	// A user who knows the limit would set the HTTP Request node's batching to it: 10 per 100 ms.
	const batch = { batchSize: 10, batchInterval: Math.round((1000 * 10) / RATE_LIMIT) };
	const faults = { latencyMs, rateLimit: RATE_LIMIT, retryAfter: true };
	let workflows!: ReturnType<typeof upsertWorkflows>;
	return withUpsertBench(
		node,
		items,
		faults,
		(url) => allWorkflows((workflows = upsertWorkflows('R', items, url, batch, [10]))),
		async (bench) => {
			const contenders: Contender[] = [
				n8nUpsertContender('our-default', 'Our node, defaults', bench, workflows.ourDefault.id),
				n8nUpsertContender('our-c10', 'Our node, fixed concurrency 10', bench, workflows.ourFixed[10].id),
				n8nUpsertContender('http-default', 'HTTP Request node, defaults', bench, workflows.httpDefault.id),
				n8nUpsertContender('http-batch', `HTTP Request node, batching ${batch.batchSize} per ${batch.batchInterval} ms`, bench, workflows.httpBatch.id),
				plainUpsertContender('plain-c10', 'Plain Node.js client, concurrency 10, waits Retry-After', bench, 10),
			];
			return { items, latencyMs, rateLimit: RATE_LIMIT, retryAfter: true, runCount: runs, runs: await rounds(contenders, runs) };
		},
	);
}

/** A limit the API's documentation does not give: 20 requests/s, and its 429s say nothing about when to retry. */
async function undocumented(node: string, { runs, items, latencyMs }: Setting): Promise<ScenarioResult> {
	// A user who found the limit by trial would batch to it: 5 items, then 250 ms (at most 20 a second).
	const batch = { batchSize: 5, batchInterval: Math.round((1000 * 5) / UNDOCUMENTED_LIMIT) };
	const faults = { latencyMs, rateLimit: UNDOCUMENTED_LIMIT, retryAfter: false };
	let workflows!: ReturnType<typeof upsertWorkflows>;
	return withUpsertBench(
		node,
		items,
		faults,
		(url) => allWorkflows((workflows = upsertWorkflows('U', items, url, batch, [5, 10]))),
		async (bench) => {
			const contenders: Contender[] = [
				n8nUpsertContender('our-default', 'Our node, defaults', bench, workflows.ourDefault.id),
				n8nUpsertContender('our-c5', 'Our node, fixed concurrency 5', bench, workflows.ourFixed[5].id),
				n8nUpsertContender('our-c10', 'Our node, fixed concurrency 10', bench, workflows.ourFixed[10].id),
				n8nUpsertContender('http-batch', `HTTP Request node, batching ${batch.batchSize} per ${batch.batchInterval} ms`, bench, workflows.httpBatch.id),
				plainUpsertContender('plain-c10', 'Plain Node.js client, concurrency 10, waits 1 s after a 429', bench, 10),
			];
			return { items, latencyMs, rateLimit: UNDOCUMENTED_LIMIT, retryAfter: false, runCount: runs, runs: await rounds(contenders, runs) };
		},
	);
}

/** An API that slows under load: latency × (in flight ÷ 8) beyond 8 in flight, like a server with 8 workers. */
async function load(node: string, { runs, items, latencyMs }: Setting): Promise<ScenarioResult> {
	const faults = { latencyMs, slowAbove: SLOW_ABOVE };
	let workflows!: ReturnType<typeof upsertWorkflows>;
	return withUpsertBench(
		node,
		items,
		faults,
		(url) => allWorkflows((workflows = upsertWorkflows('L', items, url, { batchSize: 10, batchInterval: 10 }, [5, 40]))),
		async (bench) => {
			const contenders: Contender[] = [
				n8nUpsertContender('our-default', 'Our node, defaults (adaptive concurrency)', bench, workflows.ourDefault.id),
				n8nUpsertContender('our-c5', 'Our node, fixed concurrency 5', bench, workflows.ourFixed[5].id),
				n8nUpsertContender('our-c40', 'Our node, fixed concurrency 40', bench, workflows.ourFixed[40].id),
				n8nUpsertContender('http-default', 'HTTP Request node, defaults', bench, workflows.httpDefault.id),
				plainUpsertContender('plain-c10', 'Plain Node.js client, keep-alive, concurrency 10', bench, 10),
				plainUpsertContender('plain-c40', 'Plain Node.js client, keep-alive, concurrency 40', bench, 40),
			];
			return { items, latencyMs, slowAbove: SLOW_ABOVE, runCount: runs, runs: await rounds(contenders, runs) };
		},
	);
}

async function paging(node: string, { runs, customers }: Setting): Promise<ScenarioResult> {
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
			inN8n('http-all', 'HTTP Request node in n8n, its own pagination (99 a page)', workflows.http.id),
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

/** The Omnidesk Trigger's polls, 10 customers changed, beside the recipe's change detection before it (bench/trigger.ts). */
async function trigger(node: string, { runs, customers, latencyMs }: Setting): Promise<ScenarioResult> {
	const all: ScenarioResult['runs'] = [];
	for (let round = 0; round < runs; round++) {
		for (const run of await triggerRound(node, customers, 10, latencyMs, round)) {
			if (!chosen(run.contender)) continue;
			log(`  run ${round + 1}/${runs} ${run.label}: ${JSON.stringify(run)}`);
			all.push(run);
		}
	}
	return { customers, latencyMs, runCount: runs, runs: all };
}

/**
 * Upsert runs under the V8 profiler: our node at concurrency 10 and the HTTP Request node (the
 * contenders of the earlier profile), our node at its defaults and with Map Automatically, and a run
 * with one item, whose CPU is n8n's start-up.
 */
async function profile(node: string, { runs, items, latencyMs }: Setting): Promise<ScenarioResult> {
	const sandbox = await SandboxProcess.start(node);
	try {
		const workflows = {
			ourC10: ourUpserts('benchProfOurC10a', items, fixedConcurrency(10)),
			ourDefault: ourUpserts('benchProfOurDefl', items, {}),
			ourAutoMap: ourAutoMapUpserts('benchProfOurAMap', items, {}),
			httpDefault: httpUpserts('benchProfHttpDef', items, sandbox.url),
			alone: ourUpserts('benchProfAlone01', 1, fixedConcurrency(10)),
		};
		const n8n = await prepareBenchN8n(sandbox.url, Object.values(workflows), [httpBasicCredential()]);
		const profiled = (key: string, label: string, workflowId: string): Contender => ({
			key,
			label,
			run: async (round) => {
				await sandbox.reset({ latencyMs });
				const folder = join(ROOT, 'build', 'bench-profiles', `${key}-${round + 1}`);
				rmSync(folder, { recursive: true, force: true });
				const run = await executeInN8n(n8n, workflowId, UNDER_TEST, {}, ['--cpu-prof', `--cpu-prof-dir=${folder}`]);
				const requests = (await sandbox.requests('bik')).length;
				const file = readdirSync(folder).find((name) => name.endsWith('.cpuprofile'));
				if (!file) throw new Error(`no CPU profile in ${folder}`);
				const parts = summariseProfile(join(folder, file), requests);
				return { requests, succeeded: run.succeeded, error: run.error, ...Object.fromEntries(parts.map((part) => [`cpu: ${part.label}`, part.msPerRequest])) };
			},
		});
		const contenders = [
			profiled('our-c10', 'Our node, concurrency 10', workflows.ourC10.id),
			profiled('our-default', 'Our node, defaults', workflows.ourDefault.id),
			profiled('our-automap', 'Our node, Map Automatically', workflows.ourAutoMap.id),
			profiled('http-default', 'HTTP Request node, defaults', workflows.httpDefault.id),
			profiled('n8n-alone', 'Our node, one item (n8n start-up)', workflows.alone.id),
		];
		return { items, latencyMs, runCount: runs, runs: await rounds(contenders, runs) };
	} finally {
		await sandbox.stop();
	}
}

function n8nUpsertContender(key: string, label: string, bench: UpsertBench, workflowId: string, env: NodeJS.ProcessEnv = {}): Contender {
	return {
		key,
		label,
		run: async () => {
			await bench.sandbox.reset(bench.faults);
			const run = await executeInN8n(bench.n8n, workflowId, UNDER_TEST, env);
			const seen = await upsertFigures(bench.sandbox);
			const figures = withoutTimes(seen);
			// The CPU n8n spent while the requests went out: what the run needs of one n8n process.
			const n8nCpuMs = cpuBetween(run.cpuSamples, seen.firstAt, seen.lastAt);
			return {
				...figures,
				succeeded: run.succeeded,
				errorItems: run.errorItems,
				processMs: run.processMs,
				n8nCpuMs: Math.round(n8nCpuMs),
				efficiency: Math.round((figures.spanMs / n8nCpuMs) * 1000) / 1000,
				error: run.error,
			};
		},
	};
}

function plainUpsertContender(key: string, label: string, bench: UpsertBench, concurrency: number): Contender {
	return { key, label, run: () => runPlainUpserts(bench, concurrency) };
}

async function runPlainUpserts(bench: UpsertBench, concurrency: number) {
	await bench.sandbox.reset(bench.faults);
	const { apiKey, apiSecret } = SANDBOX_CREDENTIALS.bik;
	const out = await runPlainClient(bench.node, ['upsert', baseUrls(bench.sandbox.url).bikApi, apiKey, apiSecret, String(bench.items), String(concurrency), 'bench']);
	const figures = await upsertFigures(bench.sandbox);
	return { ...withoutTimes(figures), succeeded: out.succeeded, errorItems: out.failed, processMs: out.ms };
}

/** The figures of a run without the moments of its first and last request (a median of those means nothing). */
function withoutTimes<T extends { firstAt: number; lastAt: number }>(figures: T): Omit<T, 'firstAt' | 'lastAt'> {
	const copy: Partial<T> = { ...figures };
	delete copy.firstAt;
	delete copy.lastAt;
	return copy as Omit<T, 'firstAt' | 'lastAt'>;
}

/** The sandbox's view of a run of upserts: requests, 429s, span, customers and re-applied upserts. */
async function upsertFigures(sandbox: SandboxProcess) {
	const seen = readUpsertLog(await sandbox.requests('bik'));
	const state = await sandbox.control('GET', 'state');
	return { ...seen, customers: state.bik.customers as number, duplicates: (state.bik.customers as number) - seen.applied };
}

const mib = (kb: number) => Math.round((kb / 1024) * 10) / 10;

function wholeNumber(text: string, name: string, least = 1): number {
	const value = Number(text);
	if (text === '' || !Number.isInteger(value) || value < least) throw new Error(`--${name} must be whole numbers of at least ${least}, got "${text}"`);
	return value;
}

function log(line: string) {
	process.stdout.write(`${line}\n`);
}

main().catch((error: Error) => {
	process.stderr.write(`bench: ${error.stack ?? error.message}\n`);
	process.exit(1);
});
