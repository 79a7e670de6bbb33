import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { CallFailure } from '../transport/errors';
import type { ApiRequest, Operation } from '../types';

/**
 * n8n's "Retry On Fail" re-runs the whole node with all its input items, those already sent
 * included (n8n-core 2.41 `WorkflowExecute`: up to 5 tries in the same execution, at most 5 s
 * apart; with "On Error: Continue" it re-runs only when the first output item is an error).
 * For a plain create that would send every item that already succeeded a second time.
 *
 * So for operations that are not idempotent, when the node has Retry On Fail set, each try
 * leaves a note per item in process memory, keyed by execution, node and run, and the next try
 * reads it:
 * - an item that succeeded gets its earlier output again and is not sent;
 * - an item that may have been applied although it failed (a 5xx, a connection lost after
 *   sending) fails again with the same error and is not sent, so no retry can duplicate it;
 * - an item that provably was not applied (a 4xx, a 429 or a refused connection after the
 *   node's own retries, or not sent at all) is sent again: that is the retry the user asked for.
 * A note is used only for the same request (same fingerprint), and the notes of a run are
 * forgotten when a try ends without a failure, after the last try n8n makes, or after a quiet
 * period (checked lazily on each run: nodes may not use timers).
 */

export type Note = { kind: 'done'; items: INodeExecutionData[] } | { kind: 'maybe-applied'; failure: CallFailure };

interface RunNotes {
	touchedAt: number;
	/** Tries started so far for this run. */
	tries: number;
	maxTries: number;
	items: Map<number, { fingerprint: string; note: Note }>;
}

/** Notes older than this are forgotten: n8n's tries follow each other within seconds. */
export const QUIET_MS = 15 * 60_000;
const runs = new Map<string, RunNotes>();

/** How many tries n8n makes for a node with Retry On Fail (n8n-core 2.41's getRetryParams). */
export function triesOf(maxTries: number | undefined): number {
	return Math.min(5, Math.max(2, maxTries || 3));
}

/** A request's fingerprint: a hash (two 53-bit cyrb53 hashes), so the notes hold no customer data. */
export function fingerprint(request: ApiRequest): string {
	const { method, path, qs, body, form, headers } = request as ApiRequest & Record<string, unknown>;
	const text = JSON.stringify([method, path, qs, body, form, headers]);
	return `${cyrb53(text, 1).toString(36)}.${cyrb53(text, 2).toString(36)}`;
}

function cyrb53(text: string, seed: number): number {
	let h1 = 0xdeadbeef ^ seed;
	let h2 = 0x41c6ce57 ^ seed;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		h1 = Math.imul(h1 ^ c, 2654435761);
		h2 = Math.imul(h2 ^ c, 1597334677);
	}
	h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
	h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
	return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

export class TryNotes {
	private constructor(
		private readonly key: string,
		private readonly notes: RunNotes,
	) {}

	/**
	 * The notes of this node run, when the node has Retry On Fail and the operation is not
	 * idempotent; undefined otherwise (nothing is kept then).
	 */
	static open(ctx: IExecuteFunctions, operation: Pick<Operation, 'idempotent'>, now = Date.now()): TryNotes | undefined {
		if (operation.idempotent) return undefined;
		const node = ctx.getNode();
		if (node.retryOnFail !== true) return undefined;
		const executionId = ctx.getExecutionId?.();
		if (!executionId) return undefined;
		let runIndex = 0;
		try {
			runIndex = Number(ctx.getWorkflowDataProxy(0).$runIndex) || 0;
		} catch {
			// No run index available: the execution and node still tell the runs apart.
		}
		for (const [key, notes] of runs) if (now - notes.touchedAt > QUIET_MS) runs.delete(key);
		const key = JSON.stringify([executionId, node.name, runIndex]);
		let notes = runs.get(key);
		if (!notes) {
			notes = { touchedAt: now, tries: 0, maxTries: triesOf(node.maxTries), items: new Map() };
			runs.set(key, notes);
		}
		notes.tries++;
		notes.touchedAt = now;
		return new TryNotes(key, notes);
	}

	/** What an earlier try of this run left for item `index`, if it sent the same request. */
	recall(index: number, request: ApiRequest): Note | undefined {
		const entry = this.notes.items.get(index);
		if (!entry || entry.fingerprint !== fingerprint(request)) return undefined;
		return entry.note;
	}

	succeeded(index: number, request: ApiRequest, items: INodeExecutionData[]): void {
		this.notes.items.set(index, { fingerprint: fingerprint(request), note: { kind: 'done', items } });
	}

	/** The item failed: remembered only when it may have been applied (the transport did not retry it for that reason). */
	failedWith(index: number, request: ApiRequest, failure: CallFailure): void {
		if (mayHaveBeenApplied(failure)) {
			this.notes.items.set(index, { fingerprint: fingerprint(request), note: { kind: 'maybe-applied', failure } });
		}
	}

	/** This try is over: its notes are kept only if n8n will try again (`retried`) and has tries left. */
	close(retried: boolean): void {
		if (!retried || this.notes.tries >= this.notes.maxTries) runs.delete(this.key);
	}

	/** Runs with notes in this process (for tests). */
	static get size(): number {
		return runs.size;
	}
}

/** A failure after which the request may have been applied: a 5xx or a lost answer the transport would not retry. */
export function mayHaveBeenApplied(failure: CallFailure): boolean {
	return (failure.kind === 'status' || failure.kind === 'network') && failure.duplicateRisk;
}
