import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { ProcessMemory } from '../memory';
import { CallFailed, type CallFailure } from '../transport/errors';
import type { ApiRequest, Operation } from '../types';

/**
 * n8n's "Retry On Fail" re-runs the whole node with all its input items, those already sent
 * included (n8n-core 2.41 `WorkflowExecute`: up to 5 tries in the same execution, at most 5 s
 * apart; with "On Error: Continue" it re-runs only when the first output item is an error).
 * For a plain create that would send every item that already succeeded a second time.
 *
 * So for operations that are not idempotent, when the node has Retry On Fail set, each try
 * leaves a note per item in process memory (memory.ts), keyed by execution, node and run, and the
 * next try reads it (`TryNotes.once`):
 * - an item that succeeded gets its earlier output again and is not sent;
 * - an item that may have been applied although it failed (a 5xx, a connection lost after
 *   sending) fails again with the same error and is not sent, so no retry can duplicate it;
 * - an item that provably was not applied (a 4xx, a 429 or a refused connection after the
 *   node's own retries, or not sent at all) is sent again: that is the retry the user asked for.
 * A note is used only for the same request (same fingerprint), and the notes of a run are
 * forgotten when a try ends without a failure, after the last try n8n makes, or after
 * TRIES_QUIET_MS.
 */

export type Note = { kind: 'done'; items: INodeExecutionData[] } | { kind: 'maybe-applied'; failure: CallFailure };

interface RunNotes {
	/** Tries started so far for this run. */
	tries: number;
	maxTries: number;
	items: Map<number, { fingerprint: string; note: Note }>;
}

/** The notes of a run nobody used for this long are forgotten: n8n's tries follow each other within seconds. */
export const TRIES_QUIET_MS = 15 * 60_000;
const runs = new ProcessMemory<RunNotes>(TRIES_QUIET_MS);

/** How many tries n8n makes for a node with Retry On Fail (n8n-core 2.41's getRetryParams). */
export function triesOf(maxTries: number | undefined): number {
	return Math.min(5, Math.max(2, maxTries || 3));
}

/**
 * Whether n8n runs the node again after this try (n8n-core 2.41's WorkflowExecute): after a
 * thrown error or, with Continue On Fail, when the first output item is an error.
 */
export function willRetry(continueOnFail: boolean, failed: boolean, firstItem: INodeExecutionData | undefined): boolean {
	return continueOnFail ? firstItem?.json.error !== undefined : failed;
}

/** A request's fingerprint: a hash, so the notes hold no customer data. */
export function fingerprint(request: ApiRequest): string {
	const { method, path, qs, body, form, headers } = request as ApiRequest & Record<string, unknown>;
	return ProcessMemory.keyOf(method, path, qs, body, form, headers);
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
		const key = ProcessMemory.keyOf(executionId, node.name, runIndex);
		const notes = runs.take(key, () => ({ tries: 0, maxTries: triesOf(node.maxTries), items: new Map() }), now);
		notes.tries++;
		return new TryNotes(key, notes);
	}

	/**
	 * Sends item `index` with `send`, unless an earlier try of this run settled it: look up, send,
	 * record. An item that may have been applied fails again (CallFailed) without being sent.
	 */
	async once(index: number, request: ApiRequest, send: () => Promise<INodeExecutionData[]>): Promise<INodeExecutionData[]> {
		const note = this.recall(index, request);
		if (note?.kind === 'done') return note.items;
		if (note?.kind === 'maybe-applied') throw new CallFailed(note.failure);
		const items = await send().catch((error: unknown) => {
			// Remembered only when it may have been applied (the transport did not retry it for that reason).
			if (error instanceof CallFailed && mayHaveBeenApplied(error.failure)) {
				this.notes.items.set(index, { fingerprint: fingerprint(request), note: { kind: 'maybe-applied', failure: error.failure } });
			}
			return Promise.reject(error);
		});
		this.notes.items.set(index, { fingerprint: fingerprint(request), note: { kind: 'done', items } });
		return items;
	}

	/** What an earlier try of this run left for item `index`, if it sent the same request. */
	private recall(index: number, request: ApiRequest): Note | undefined {
		const entry = this.notes.items.get(index);
		if (!entry || entry.fingerprint !== fingerprint(request)) return undefined;
		return entry.note;
	}

	/** This try is over: its notes are kept only if n8n will try again (`retried`) and has tries left. */
	close(retried: boolean): void {
		if (!retried || this.notes.tries >= this.notes.maxTries) runs.forget(this.key);
	}

	/** Runs with notes in this process. */
	static get size(): number {
		return runs.size;
	}
}

/** A failure after which the request may have been applied: a 5xx or a lost answer the transport would not retry. */
export function mayHaveBeenApplied(failure: CallFailure): boolean {
	return (failure.kind === 'status' || failure.kind === 'network') && failure.duplicateRisk;
}
