import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { LoggedRequest, Sandbox } from '../../sandbox/server';

/**
 * Helpers for the fault runs: what became of each input item (read from the node's output), what
 * reached the sandbox for it (read from the sandbox's log), and the figures the suite reports.
 */

/**
 * Options that keep a fault run fast: twenty in flight (a retry's backoff holds its worker), pauses
 * of at most one second (the sandbox's Retry-After is one second, so it is still honoured).
 */
export const FAST_OPTIONS = { concurrency: 20, maxWait: 1, timeout: 10 };

/** The input item an output item is paired with, or undefined when the pairing is missing or not a single item. */
export function pairedIndex(item: INodeExecutionData): number | undefined {
	const paired = item.pairedItem;
	if (typeof paired === 'number') return paired;
	if (paired && !Array.isArray(paired)) return paired.item;
	return undefined;
}

/** What became of every input item of a run. */
export interface Accounting {
	/** Input items with exactly one output item that is not an error item. */
	succeeded: number[];
	/** Input items with exactly one output item that is an error item (`json.error`). */
	failed: number[];
	/** Input items without exactly one output item: silently dropped, or answered twice. */
	lost: number[];
	/** Whether output item n is paired with input item n, for every n. */
	inOrder: boolean;
	/** The output item of each input item that has exactly one. */
	output: Map<number, IDataObject>;
}

export function account(items: INodeExecutionData[], inputs: number): Accounting {
	const byInput = new Map<number, INodeExecutionData[]>();
	for (const item of items) {
		const index = pairedIndex(item);
		if (index === undefined) continue;
		byInput.set(index, [...(byInput.get(index) ?? []), item]);
	}
	const result: Accounting = { succeeded: [], failed: [], lost: [], inOrder: true, output: new Map() };
	for (let i = 0; i < inputs; i++) {
		const out = byInput.get(i) ?? [];
		if (out.length !== 1) {
			result.lost.push(i);
			continue;
		}
		result.output.set(i, out[0].json);
		(out[0].json.error === undefined ? result.succeeded : result.failed).push(i);
	}
	result.inOrder = items.length === inputs && items.every((item, i) => pairedIndex(item) === i);
	return result;
}

/** The logged requests of each item, in the order they reached the sandbox; `keyOf` names the item a request is for. */
export function requestsPerItem(log: LoggedRequest[], keyOf: (entry: LoggedRequest) => string | undefined): Map<string, LoggedRequest[]> {
	const result = new Map<string, LoggedRequest[]>();
	for (const entry of [...log].sort((a, b) => a.seq - b.seq)) {
		const key = keyOf(entry);
		if (key === undefined) continue;
		result.set(key, [...(result.get(key) ?? []), entry]);
	}
	return result;
}

/** A field of a logged JSON or form body. */
export function bodyField(entry: LoggedRequest, name: string): string | undefined {
	const body = entry.body as Record<string, unknown> | undefined;
	const value = body && typeof body === 'object' ? body[name] : undefined;
	return typeof value === 'string' ? value : undefined;
}

/** The provider applied the request: it answered 2xx, or applied it and dropped the connection before answering. */
export function applied(entry: LoggedRequest): boolean {
	return entry.fault === 'dropAfter' || (typeof entry.outcome === 'number' && entry.outcome >= 200 && entry.outcome < 300);
}

export const isRateLimited = (entry: LoggedRequest) => entry.fault === 'rate-limit';

/** Whether a request of the item came after one that the provider applied: the item was sent (and applied) again. */
export function reappliedAfterLostAnswer(entries: LoggedRequest[]): boolean {
	const first = entries.findIndex((entry) => entry.fault === 'dropAfter');
	return first >= 0 && entries.slice(first + 1).some(applied);
}

/** Waits until `test` holds, checking every few milliseconds; used to change faults in the middle of a run. */
export function when(test: () => boolean, action: () => void): () => void {
	const timer = setInterval(() => {
		if (!test()) return;
		clearInterval(timer);
		action();
	}, 5);
	return () => clearInterval(timer);
}

/** How the faults of a run are named in the figures. */
export interface FaultSetting {
	/** Log entries up to this seq got Retry-After with a 429; later ones did not (Infinity: all did, 0: none did). */
	retryAfterUntilSeq?: number;
	/** Whether answers' bodies were sent slowly (the log does not mark them). */
	slowBody?: boolean;
	/** Whether every answer was delayed (the log does not mark it). */
	latency?: boolean;
}

/** The faults the sandbox injected, by kind: its log entries whose `fault` is set. */
export function faultCounts(log: LoggedRequest[], setting: FaultSetting = {}): Record<string, number> {
	const counts: Record<string, number> = {};
	const until = setting.retryAfterUntilSeq ?? Infinity;
	for (const entry of log) {
		if (!entry.fault) continue;
		const kind = entry.fault !== 'rate-limit' ? entry.fault : entry.seq <= until ? '429 with Retry-After' : '429 without Retry-After';
		counts[kind] = (counts[kind] ?? 0) + 1;
	}
	return counts;
}

/** The answers the sandbox slowed down (slow body, latency), which its log does not mark. */
export function slowedCounts(log: LoggedRequest[], setting: FaultSetting = {}): Record<string, number> {
	const counts: Record<string, number> = {};
	const answered = log.filter((entry) => typeof entry.outcome === 'number' && entry.outcome > 0 && entry.fault !== 'rate-limit').length;
	if (setting.slowBody) counts.slowBody = answered;
	if (setting.latency) counts.latency = log.length;
	return counts;
}

/** The figures of one run. */
export interface RunFigures {
	name: string;
	items: number;
	succeeded: number;
	errorItems: number;
	lost: number;
	/** Extra records, duplicate creates or duplicate assets left in the sandbox. */
	duplicates: number;
	/** Items whose request was applied, its answer lost, and sent (and applied) again. */
	reapplied: number;
	requests: number;
	faults: Record<string, number>;
	slowed: Record<string, number>;
	seconds: number;
	/** Requests that reached another origin than the Base URL's (a redirect followed there); must be 0. */
	reachedOtherOrigin?: number;
}

/** Collects the figures of every run and writes them where docs/reliability.md reads them. */
export class FaultFigures {
	readonly runs: RunFigures[] = [];

	add(run: RunFigures): void {
		this.runs.push(run);
	}

	summary() {
		const sum = (pick: (run: RunFigures) => number) => this.runs.reduce((total, run) => total + pick(run), 0);
		const total = (pick: (run: RunFigures) => Record<string, number>) => {
			const result: Record<string, number> = {};
			for (const run of this.runs) for (const [kind, count] of Object.entries(pick(run))) result[kind] = (result[kind] ?? 0) + count;
			return result;
		};
		const faultsInjected = total((run) => run.faults);
		return {
			itemsRun: sum((run) => run.items),
			itemsSucceeded: sum((run) => run.succeeded),
			errorItems: sum((run) => run.errorItems),
			itemsLost: sum((run) => run.lost),
			duplicates: sum((run) => run.duplicates),
			reapplied: sum((run) => run.reapplied),
			requests: sum((run) => run.requests),
			requestsToOtherOrigin: sum((run) => run.reachedOtherOrigin ?? 0),
			faultsInjected,
			faultsTotal: Object.values(faultsInjected).reduce((sum, count) => sum + count, 0),
			slowedAnswers: total((run) => run.slowed),
			runs: this.runs,
		};
	}

	write(file: string): void {
		mkdirSync(dirname(file), { recursive: true });
		writeFileSync(file, `${JSON.stringify(this.summary(), null, '\t')}\n`);
	}
}

/** The sandbox's log as it is now (a copy): reads made to check the outcome come after it and are not counted. */
export const logOf = (sandbox: Sandbox): LoggedRequest[] => sandbox.log.map((entry) => ({ ...entry }));
