import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { n8nCredentialsFile } from '../sandbox/credentials';
import { ROOT, freePort, importIntoN8n, installN8n, n8nCommand, packPackage, parseRawOutput, prepareN8n, type N8n } from '../local-n8n/n8n';
import type { LoggedRequest } from '../sandbox/server';
import type { Workflow } from '../sandbox/workflows';

/**
 * The pieces every benchmark scenario uses. Each contender runs in a process of its own, with the
 * same Node (the one installed with n8n): the sandbox, n8n (`n8n execute`), the plain client.
 */

const BUILD = join(ROOT, 'build');

/** The sandbox in its own process, so that its work is not charged to the contender. */
export class SandboxProcess {
	private constructor(
		readonly url: string,
		private readonly child: ChildProcess,
	) {}

	static async start(node: string, args: string[] = []): Promise<SandboxProcess> {
		const child = spawn(node, [join(BUILD, 'sandbox', 'cli.js'), '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
		const url = await new Promise<string>((resolve, reject) => {
			let output = '';
			child.stdout!.on('data', (chunk) => {
				output += chunk;
				const match = /Sandbox listening on (http:\/\/\S+)/.exec(output);
				if (match) resolve(match[1]);
			});
			child.on('exit', (code) => reject(new Error(`the sandbox exited with ${code}: ${output}`)));
		});
		child.stdout!.resume();
		return new SandboxProcess(url, child);
	}

	async control(method: string, path: string, body?: unknown): Promise<any> {
		const response = await fetch(`${this.url}/_sandbox/${path}`, {
			method,
			headers: body === undefined ? {} : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		if (!response.ok) throw new Error(`sandbox ${method} ${path}: ${response.status} ${await response.text()}`);
		return response.json();
	}

	/** Forgets customers and the log; sets exactly these faults. */
	async reset(faults: Record<string, unknown>): Promise<void> {
		await this.control('POST', 'reset', { faults: true, seed: 1 });
		await this.control('PUT', 'faults', { clear: true, ...faults });
	}

	async requests(provider: string): Promise<LoggedRequest[]> {
		return (await this.control('GET', `requests?provider=${provider}`)).requests as LoggedRequest[];
	}

	async stop(): Promise<void> {
		if (this.child.exitCode !== null) return;
		const exited = new Promise((resolve) => this.child.once('exit', resolve));
		this.child.kill('SIGTERM');
		await exited;
	}
}

let installed: { dir: string; tarball: string } | undefined;

/** n8n's install folder and this package's tarball: installed and packed once per benchmark run. */
export function n8nInstall(): { dir: string; tarball: string } {
	return (installed ??= { dir: installN8n(), tarball: packPackage() });
}

/** n8n installed with this package, as in the end-to-end tests, plus the peak-memory probe. */
export async function prepareBenchN8n(sandboxUrl: string, workflows: Workflow[], extraCredentials: unknown[]): Promise<N8n> {
	const { dir, tarball } = n8nInstall();
	const n8n = prepareN8n(dir, tarball, await freePort(), undefined, await freePort());
	const folder = join(n8n.userFolder, 'bench-workflows');
	mkdirSync(folder, { recursive: true });
	for (const workflow of workflows) writeFileSync(join(folder, `${workflow.id}.json`), JSON.stringify(workflow));
	await importIntoN8n(n8n, [...n8nCredentialsFile(sandboxUrl), ...extraCredentials], folder);
	return n8n;
}

export interface N8nRun {
	/** From spawning `n8n execute` to its exit, start-up included. */
	processMs: number;
	/** Peak resident memory of the n8n process, KiB. */
	peakRssKb: number;
	/** Output items of the node under test: successes and error items. */
	succeeded: number;
	errorItems: number;
	/** Customers in the output: items, or the entries of items that hold a page (`items: [...]`). */
	customers: number;
	/** The run's error, when the workflow failed as a whole. */
	error?: string;
	/** The n8n process's CPU time against the wall clock: `[wall ms, CPU ms]`, every 20 ms (process-probe.ts). */
	cpuSamples: Array<[number, number]>;
}

/** `n8n execute --id=<id>`, measured: time, peak memory and what the node under test put out. */
export async function executeInN8n(n8n: N8n, workflowId: string, nodeName: string, env: NodeJS.ProcessEnv = {}, nodeArgs: string[] = []): Promise<N8nRun> {
	const started = Date.now();
	const result = await n8nCommand(n8n, ['execute', `--id=${workflowId}`, '--rawOutput'], 30 * 60 * 1000, {
		nodeArgs: ['--require', join(BUILD, 'bench', 'process-probe.js'), ...nodeArgs],
		env,
		stdoutFile: join(n8n.userFolder, 'execute-output.json'),
	});
	const processMs = Date.now() - started;
	const peak = /BENCH_PEAK_RSS_KB=(\d+)/.exec(result.stderr);
	const cpu = /BENCH_CPU_SAMPLES=(\[.*\])/.exec(result.stderr);
	let succeeded = 0;
	let errorItems = 0;
	let customers = 0;
	let error: string | undefined;
	try {
		const parsed = parseRawOutput(result.stdout);
		const run = parsed.runData[nodeName];
		for (const item of run?.items ?? []) {
			if (item.error !== undefined) errorItems++;
			else succeeded++;
			customers += Array.isArray(item.items) ? item.items.length : 1;
		}
		error = run?.error?.message ?? parsed.error?.message;
	} catch {
		error = `n8n execute exited with ${result.code}: ${lastLines(result.stderr)}`;
	}
	const cpuSamples = cpu ? (JSON.parse(cpu[1]) as Array<[number, number]>) : [];
	return { processMs, peakRssKb: peak ? Number(peak[1]) : NaN, succeeded, errorItems, customers, error, cpuSamples };
}

function lastLines(text: string): string {
	return text.replace(/BENCH_PEAK_RSS_KB=\d+/, '').replace(/BENCH_CPU_SAMPLES=.*/, '').trim().split('\n').slice(-3).join(' / ');
}

/**
 * The CPU time a process spent between two moments of the wall clock, from its `[wall ms, CPU ms]`
 * samples (in order), each end interpolated between the samples around it; NaN without samples
 * around both ends.
 */
export function cpuBetween(samples: Array<[number, number]>, fromMs: number, toMs: number): number {
	const at = (time: number) => {
		for (let i = 1; i < samples.length; i++) {
			const [t0, c0] = samples[i - 1];
			const [t1, c1] = samples[i];
			if (time >= t0 && time <= t1) return t1 === t0 ? c1 : c0 + ((c1 - c0) * (time - t0)) / (t1 - t0);
		}
		return NaN;
	};
	return at(toMs) - at(fromMs);
}

/** Runs the plain client (bench/plain-client.ts) with n8n's Node; returns the JSON line it printed. */
export function runPlainClient(node: string, args: string[]): Promise<Record<string, number>> {
	return new Promise((resolve, reject) => {
		const child = spawn(node, [join(BUILD, 'bench', 'plain-client.js'), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
		let output = '';
		child.stdout.on('data', (chunk) => (output += chunk));
		child.on('exit', (code) => {
			if (code !== 0) return reject(new Error(`the plain client exited with ${code}`));
			resolve(JSON.parse(output.trim().split('\n').pop()!));
		});
	});
}

/** What the sandbox saw of a run of BIK upserts, one email per item. */
export interface UpsertLog {
	requests: number;
	rateLimited: number;
	/** First to last request received, ms. */
	spanMs: number;
	/** When the first and the last request were received (ms since the epoch); NaN without requests. */
	firstAt: number;
	lastAt: number;
	/** Distinct emails with at least one successful answer. */
	applied: number;
	/** Successful answers beyond the first for the same email (an upsert applied again). */
	appliedAgain: number;
}

export function readUpsertLog(log: LoggedRequest[]): UpsertLog {
	const successes = new Map<string, number>();
	let rateLimited = 0;
	for (const entry of log) {
		if (entry.outcome === 429) rateLimited++;
		const email = (entry.body as { email?: string } | undefined)?.email;
		if (typeof entry.outcome === 'number' && entry.outcome >= 200 && entry.outcome < 300 && email) {
			successes.set(email, (successes.get(email) ?? 0) + 1);
		}
	}
	let first = Infinity;
	let last = -Infinity;
	for (const entry of log) {
		const at = Date.parse(entry.at);
		first = Math.min(first, at);
		last = Math.max(last, at);
	}
	let appliedAgain = 0;
	for (const count of successes.values()) appliedAgain += count - 1;
	return {
		requests: log.length,
		rateLimited,
		spanMs: log.length ? last - first : 0,
		firstAt: log.length ? first : NaN,
		lastAt: log.length ? last : NaN,
		applied: successes.size,
		appliedAgain,
	};
}

export function median(values: number[]): number {
	const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
	if (sorted.length === 0) return NaN;
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
