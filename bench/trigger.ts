import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { N8N_CREDENTIALS, SANDBOX_CREDENTIALS, baseUrls } from '../sandbox/credentials';
import { TRIGGER, omnideskTriggerThen, type Workflow } from '../sandbox/workflows';
import { n8nCommand, setupOwner, startN8n, type N8n } from '../local-n8n/n8n';
import type { LoggedRequest } from '../sandbox/server';
import { SandboxProcess, executeInN8n, prepareBenchN8n } from './harness';
import type { Run } from './report';

/**
 * The `trigger` scenario: the Omnidesk Trigger in a running n8n (`n8n start`, the package installed
 * as users install it) over an account of many customers, 10 of which change; beside it the change
 * detection the scheduled-sync recipe used before the trigger (Get Many with Return All, a hash per
 * customer, a Code node comparing it with the workflow's static data), run by `n8n execute`.
 *
 * A poll is started the way n8n starts one at activation: deactivating and activating the workflow
 * polls at once (its Poll Time is once a year, so n8n starts no other). n8n's memory during a poll is
 * the main process's peak resident set from just before the poll to the end of the execution it
 * started: the kernel's high-water mark (VmHWM), reset through /proc/<pid>/clear_refs before each poll.
 */

const mib = (kb: number) => Math.round((kb / 1024) * 10) / 10;
const kib = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;

/** The Omnidesk Trigger (New or Updated Customer), each customer it reports sent to BIK (which counts them). */
const triggerWorkflow = (id: string) => omnideskTriggerThen(id, { event: 'newOrUpdatedCustomer', credential: N8N_CREDENTIALS.omnideskApi }, bikWrite(id, 220));

function bikWrite(id: string, x: number) {
	return {
		id: `${id}-bik`,
		name: 'BIK',
		type: 'n8n-nodes-customer-sync.bik',
		typeVersion: 1,
		position: [x, 0],
		parameters: {
			resource: 'customer',
			operation: 'createOrUpdate',
			email: "={{ ($json.channels ?? []).find(channel => channel.type === 'email')?.value ?? '' }}",
			additionalFields: { firstName: '={{ $json.firstname }}' },
		},
		credentials: { bikApi: N8N_CREDENTIALS.bikApi },
	};
}

/**
 * The scheduled-sync recipe's change detection before the trigger (its Fingerprint and Only New or
 * Changed nodes); what it passes on is counted from its output, not sent anywhere.
 */
function oldRecipeWorkflow(id: string): Workflow {
	const node = (n: number, name: string, type: string, typeVersion: number, parameters: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
		id: `${id}-${n}`,
		name,
		type,
		typeVersion,
		position: [n * 220, 0],
		parameters,
		...extra,
	});
	return {
		id,
		name: `Bench: ${id}`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			node(0, TRIGGER, 'n8n-nodes-base.manualTrigger', 1, {}),
			node(1, 'Get Many', 'n8n-nodes-customer-sync.omnidesk', 1, { resource: 'customer', operation: 'getAll', returnAll: true }, { credentials: { omnideskApi: N8N_CREDENTIALS.omnideskApi } }),
			node(2, 'Fingerprint', 'n8n-nodes-base.set', 3.4, {
				assignments: { assignments: [{ id: 'fingerprint', name: 'fingerprint', value: '={{ $json.toJsonString().hash("sha256") }}', type: 'string' }] },
				includeOtherFields: true,
				options: {},
			}),
			node(3, 'Only New or Changed', 'n8n-nodes-base.code', 2, {
				jsCode: [
					"const memory = $getWorkflowStaticData('global');",
					'memory.synced = memory.synced ?? {};',
					'const changed = [];',
					'for (const item of $input.all()) {',
					"  const key = item.json.external_primary_id || 'omnidesk-' + item.json.id;",
					'  if (memory.synced[key] === item.json.fingerprint) continue;',
					'  memory.synced[key] = item.json.fingerprint;',
					'  changed.push(item);',
					'}',
					'return changed;',
				].join('\n'),
			}),
		],
		connections: {
			[TRIGGER]: { main: [[{ node: 'Get Many', type: 'main', index: 0 }]] },
			'Get Many': { main: [[{ node: 'Fingerprint', type: 'main', index: 0 }]] },
			Fingerprint: { main: [[{ node: 'Only New or Changed', type: 'main', index: 0 }]] },
		},
	};
}

/** Resident memory of a process, KiB: now (VmRSS) and the peak since the last reset (VmHWM). */
function memoryOf(pid: number): { rssKb: number; peakKb: number } {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
	return { rssKb: field('VmRSS'), peakKb: field('VmHWM') };
}

/** Starts a new peak (the kernel's "5" in clear_refs resets VmHWM to the current resident set). */
function resetPeak(pid: number): void {
	writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

/** What the sandbox received after `seq`: the index pages, and the BIK writes the reported customers caused. */
function received(log: LoggedRequest[], seq: number) {
	const pages = log.filter((entry) => entry.seq > seq && entry.provider === 'omnidesk' && entry.method === 'GET' && entry.path === '/api/v2/customer');
	const times = pages.map((entry) => Date.parse(entry.at));
	return {
		requests: pages.length,
		spanMs: pages.length ? Math.max(...times) - Math.min(...times) : NaN,
		reported: log.filter((entry) => entry.seq > seq && entry.provider === 'bik').length,
	};
}

/** Changes the first name of `count` customers spread over the whole list, through the sandbox's Omnidesk API. */
async function changeCustomers(sandbox: SandboxProcess, customers: number, count: number, round: number): Promise<void> {
	const step = Math.max(1, Math.floor(customers / count));
	for (let i = 0; i < count; i++) {
		const response = await fetch(`${baseUrls(sandbox.url).omnideskApi}/api/v2/customer/${1 + i * step}`, {
			method: 'PUT',
			headers: { apikey: SANDBOX_CREDENTIALS.omnidesk.apiKey, 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ firstname: `Changed${'x'.repeat(round + 1)}` }).toString(),
		});
		if (!response.ok) throw new Error(`changing customer ${1 + i * step}: ${response.status}`);
	}
}

/** One round of the scenario: every contender's figures. */
export async function triggerRound(node: string, customers: number, changed: number, latencyMs: number, round: number): Promise<Run[]> {
	const sandbox = await SandboxProcess.start(node, ['--omnidesk-customers', String(customers)]);
	const runs: Run[] = [];
	try {
		await sandbox.control('PUT', 'faults', { clear: true, latencyMs });
		const trigger = triggerWorkflow('benchTriggerPoll');
		const old = oldRecipeWorkflow('benchOldChanges1');
		const n8n = await prepareBenchN8n(sandbox.url, [trigger, old], []);
		runs.push(await idleRun(n8n));
		runs.push(...(await triggerRuns(n8n, sandbox, trigger.id, customers, changed, round)));
		runs.push(await oldRecipeRun(n8n, sandbox, old.id, customers, changed, round));
	} finally {
		await sandbox.stop();
	}
	return runs;
}

/** `n8n start` with no active workflow, 10 seconds after it is ready: what n8n's main process holds on its own. */
async function idleRun(n8n: N8n): Promise<Run> {
	const server = await startN8n(n8n);
	try {
		await new Promise((resolve) => setTimeout(resolve, 10_000));
		const memory = memoryOf(server.process.pid!);
		return { contender: 'n8n-idle', label: 'n8n start with no active workflow (n8n alone, 10 s after start)', idleRssMiB: mib(memory.rssKb), peakRssMiB: mib(memory.peakKb) };
	} finally {
		await server.stop();
	}
}

async function triggerRuns(n8n: N8n, sandbox: SandboxProcess, id: string, customers: number, changed: number, round: number): Promise<Run[]> {
	const published = await n8nCommand(n8n, ['publish:workflow', `--id=${id}`]);
	if (published.code !== 0) throw new Error(`publish:workflow failed: ${published.stderr.slice(-500)}`);
	const lastSeq = async () => [...(await sandbox.requests('omnidesk')), ...(await sandbox.requests('bik'))].reduce((max, entry) => Math.max(max, entry.seq), 0);
	const startedAt = await lastSeq();
	const server = await startN8n(n8n);
	const pid = server.process.pid!;
	try {
		const cookie = await setupOwner(server.url);
		const rest = async (method: string, path: string, body?: unknown) => {
			const response = await fetch(`${server.url}${path}`, { method, headers: { cookie, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
			if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${(await response.text()).slice(0, 300)}`);
			return ((await response.json()) as { data: any }).data;
		};
		const log = async () => [...(await sandbox.requests('omnidesk')), ...(await sandbox.requests('bik'))];
		/** Waits until the sandbox has answered the page that ends the list, after request `seq`: a scan's end. */
		const scanned = async (seq: number, what: string) => {
			for (const deadline = Date.now() + 900_000; ; ) {
				const pages = (await sandbox.requests('omnidesk')).filter((entry) => entry.seq > seq && entry.method === 'GET');
				if (pages.some((entry) => Number(entry.query.itemStart) + Number(entry.query.itemLimit) >= customers)) return;
				if (Date.now() > deadline) throw new Error(`${what} did not read all ${customers} customers in 15 minutes`);
				await new Promise((resolve) => setTimeout(resolve, 250));
			}
		};
		// n8n's start activates the workflow and polls it once: the first poll, which only records. (The
		// workflow shows as active before that poll ends, and n8n answers an activation before its poll ends.)
		await scanned(startedAt, 'the first poll');
		await new Promise((resolve) => setTimeout(resolve, 2000));
		const runs: Run[] = [
			{ contender: 'trigger-first', label: 'Omnidesk Trigger: the first poll after activation (records, reports nothing)', ...received(await log(), startedAt) },
		];
		const poll = async (key: string, label: string, change: number) => {
			if (change) await changeCustomers(sandbox, customers, change, round);
			const before = await lastSeq();
			const idle = memoryOf(pid);
			resetPeak(pid);
			const started = Date.now();
			const { versionId } = await rest('GET', `/rest/workflows/${id}`);
			await rest('POST', `/rest/workflows/${id}/deactivate`, {});
			await rest('POST', `/rest/workflows/${id}/activate`, { versionId });
			await scanned(before, 'a poll');
			// What the poll reported reaches BIK through the execution it started.
			for (const deadline = Date.now() + 300_000; received(await log(), before).reported < change; ) {
				if (Date.now() > deadline) throw new Error(`the poll's execution did not write ${change} customers in 5 minutes`);
				await new Promise((resolve) => setTimeout(resolve, 250));
			}
			const pollMs = Date.now() - started;
			// Time for a late execution (there should be none beyond the changed customers) to show.
			await new Promise((resolve) => setTimeout(resolve, 3000));
			const peak = memoryOf(pid);
			const { staticData } = await rest('GET', `/rest/workflows/${id}`);
			runs.push({
				contender: key,
				label,
				...received(await log(), before),
				pollMs,
				idleRssMiB: mib(idle.rssKb),
				peakRssMiB: mib(peak.peakKb),
				staticDataKiB: kib(Buffer.byteLength(JSON.stringify(staticData ?? {}))),
			});
		};
		await poll('trigger-changed', `Omnidesk Trigger: a poll that finds ${changed} changed`, changed);
		await poll('trigger-unchanged', 'Omnidesk Trigger: a poll that finds nothing changed', 0);
		return runs;
	} finally {
		await server.stop();
	}
}

async function oldRecipeRun(n8n: N8n, sandbox: SandboxProcess, id: string, customers: number, changed: number, round: number): Promise<Run> {
	// The first run records every customer.
	await executeInN8n(n8n, id, 'Only New or Changed');
	await changeCustomers(sandbox, customers, changed, round + 1);
	const seq = (await sandbox.requests('omnidesk')).reduce((max, entry) => Math.max(max, entry.seq), 0);
	const run = await executeInN8n(n8n, id, 'Only New or Changed');
	const log = await sandbox.requests('omnidesk');
	const file = join(n8n.userFolder, 'bench-old-export.json');
	const exported = await n8nCommand(n8n, ['export:workflow', `--id=${id}`, `--output=${file}`]);
	const workflow = exported.code === 0 ? (JSON.parse(readFileSync(file, 'utf8')) as Array<{ staticData?: unknown }> | { staticData?: unknown }) : undefined;
	const staticData = Array.isArray(workflow) ? workflow[0]?.staticData : workflow?.staticData;
	const pages = received(log, seq);
	return {
		contender: 'old-changed',
		label: `Before the trigger: Get Many (Return All) + hash + Code node, a run that finds ${changed} changed (n8n execute, start-up included)`,
		requests: pages.requests,
		spanMs: pages.spanMs,
		reported: run.customers,
		processMs: run.processMs,
		peakRssMiB: mib(run.peakRssKb),
		staticDataKiB: staticData === undefined ? NaN : kib(Buffer.byteLength(JSON.stringify(staticData))),
		error: run.error,
	};
}
