import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { ProcessMemory } from '../memory';
import { CallFailed, type CallFailure } from '../transport/errors';
import type { Operation } from '../types';

/**
 * n8n's "Retry On Fail" re-runs the whole node with all its input items, those already sent
 * included (n8n-core 2.41 `WorkflowExecute`: up to 5 tries in the same execution, at most 5 s
 * apart; see `willRetry` for when it tries again). It evaluates the node's expressions again on
 * every try, so a value with `$now` or a random ID differs from one try to the next. For a plain
 * create that would send every item that already succeeded a second time.
 *
 * So for operations that are not idempotent, when the node has Retry On Fail set, each try leaves
 * a note per item in process memory (memory.ts) and the next try reads it (`TryNotes.once`):
 * - an item that succeeded gets its earlier output again and is not sent;
 * - an item that may have been applied although it failed (a 5xx, an answer lost or unreadable
 *   after the request was written) fails again with the same error and is not sent, so no retry
 *   can duplicate it;
 * - an item that provably was not applied (a 4xx, a 429 or a refused connection after the
 *   node's own retries, or not sent at all) is sent again: that is the retry the user asked for.
 *
 * The notes are keyed by what n8n keeps between tries, never by what the expressions build: the
 * execution, the node and its run index; each item's note by its position and a hash of its input
 * item. They are freed when n8n will not try again (`willRetry`), after its last try, or once
 * nobody used them for TRIES_QUIET_MS; a run whose try is still going is never forgotten, however
 * long the try takes, and every item it settles marks the notes as used.
 */

export type Note = { kind: 'done'; items: INodeExecutionData[] } | { kind: 'maybe-applied'; failure: CallFailure };

interface RunNotes {
	/** Tries started so far for this run. */
	tries: number;
	maxTries: number;
	/** Tries of this run going on now (n8n runs them one after the other: 0 or 1). */
	active: number;
	/** By item position: the hash of the input item the note is for, and the note. */
	items: Map<number, { input: string; note: Note }>;
}

/** The notes of a run nobody used for this long are forgotten: n8n's tries follow each other within seconds. */
export const TRIES_QUIET_MS = 15 * 60_000;
const runs = new ProcessMemory<RunNotes>(TRIES_QUIET_MS, (notes) => notes.active > 0);

/** How many tries n8n makes for a node with Retry On Fail (n8n-core 2.41's getRetryParams). */
export function triesOf(maxTries: number | undefined): number {
	return Math.min(5, Math.max(2, maxTries || 3));
}

/**
 * Whether n8n runs the node again after this try (n8n-core 2.41's WorkflowExecute): after a thrown
 * error, or when the first output item's `error` is set, with or without Continue On Fail. `null`,
 * `false` and a missing `error` are no error to n8n.
 */
export function willRetry(threw: boolean, firstItem: INodeExecutionData | undefined): boolean {
	const error = firstItem?.json.error;
	return threw || (error !== undefined && error !== null && error !== false);
}

/** The hash of an input item: a note is used only for the item it was written for. */
function inputHash(item: IDataObject | undefined): string {
	try {
		return ProcessMemory.keyOf(item ?? null);
	} catch {
		// Not JSON (a cycle, a BigInt): the item's position alone tells the notes apart.
		return '';
	}
}

export class TryNotes {
	private constructor(
		private readonly key: string,
		private readonly notes: RunNotes,
		private readonly inputs: INodeExecutionData[],
		private readonly clock: () => number,
	) {}

	/**
	 * The notes of this node run, when the node has Retry On Fail and the operation is not
	 * idempotent; undefined otherwise (nothing is kept then). The try is going on until `close`.
	 */
	static open(ctx: IExecuteFunctions, operation: Pick<Operation, 'idempotent'>, clock: () => number = Date.now): TryNotes | undefined {
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
		const notes = runs.take(key, () => ({ tries: 0, maxTries: triesOf(node.maxTries), active: 0, items: new Map() }), clock());
		notes.tries++;
		notes.active++;
		return new TryNotes(key, notes, ctx.getInputData(), clock);
	}

	/**
	 * Sends item `index` with `send`, unless an earlier try of this run settled it: look up, send,
	 * record. An item that may have been applied fails again (CallFailed) without being sent.
	 */
	async once(index: number, send: () => Promise<INodeExecutionData[]>): Promise<INodeExecutionData[]> {
		const input = inputHash(this.inputs[index]?.json);
		const entry = this.notes.items.get(index);
		const note = entry?.input === input ? entry.note : undefined;
		if (note?.kind === 'done') return note.items;
		if (note?.kind === 'maybe-applied') throw new CallFailed(note.failure);
		const items = await send().catch((error: unknown) => {
			// Remembered only when it may have been applied (the transport did not retry it for that reason).
			if (error instanceof CallFailed && mayHaveBeenApplied(error.failure)) this.note(index, input, { kind: 'maybe-applied', failure: error.failure });
			return Promise.reject(error);
		});
		this.note(index, input, { kind: 'done', items });
		return items;
	}

	private note(index: number, input: string, note: Note): void {
		this.notes.items.set(index, { input, note });
		runs.touch(this.key, this.clock());
	}

	/**
	 * This try is over: its notes are kept only if n8n will try again (`willRetry`) and has tries
	 * left; then they wait, unused, for the next try.
	 */
	close(retried: boolean): void {
		this.notes.active--;
		if (!retried || this.notes.tries >= this.notes.maxTries) runs.forget(this.key);
		else runs.touch(this.key, this.clock());
	}

	/** Runs with notes in this running n8n. */
	static get size(): number {
		return runs.size;
	}
}

/**
 * A failure after which the request may have been applied: a 5xx, an answer lost or unreadable, or a
 * 303 (transport/errors.ts, `duplicateRisk`).
 */
export function mayHaveBeenApplied(failure: CallFailure): boolean {
	return 'duplicateRisk' in failure && failure.duplicateRisk;
}
