import type { INode, IPollFunctions, NodeApiError } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { apiError, type CallFailure } from '../transport/errors';
import type { Provider } from '../types';
import type { PageRef } from './scan';

/**
 * Polls of one trigger node running in this n8n instance: n8n starts a poll at each Poll Time even
 * when the previous one has not finished (a long scan on a slow API); two scans compared against
 * the same record would report the same changes twice, so a poll that finds one running skips.
 * Polls run on n8n's main process only (also in queue mode), so one process is the whole picture.
 */
const running = new Set<string>();

/** Runs `poll` unless a poll of the same workflow and node is still running; then returns null. */
export async function oneAtATime<T>(ctx: Pick<IPollFunctions, 'getWorkflow' | 'getNode'>, poll: () => Promise<T>): Promise<T | null> {
	const key = JSON.stringify([ctx.getWorkflow().id ?? '', ctx.getNode().id ?? ctx.getNode().name]);
	if (running.has(key)) return null;
	running.add(key);
	try {
		return await poll();
	} finally {
		running.delete(key);
	}
}

/**
 * n8n's time for one poll (`getPollBudgetMs`, 5 minutes unless n8n's durable scheduler sets less;
 * older n8n versions do not have it). A scan that would run past it stops with an error instead of
 * being abandoned by n8n halfway: a half scan records nothing anyway.
 */
export function pollDeadline(ctx: IPollFunctions, now: () => number = Date.now): (at: PageRef) => void {
	const budget = typeof ctx.getPollBudgetMs === 'function' ? ctx.getPollBudgetMs() : undefined;
	if (!budget || !Number.isFinite(budget)) return () => {};
	const startedAt = now();
	return (at) => {
		if (now() - startedAt <= budget) return;
		throw new NodeOperationError(ctx.getNode(), `The scan stopped before page ${at.page}: n8n allows a poll ${budget / 1000} s`, {
			description: 'Nothing was recorded or reported. Narrow the scan (Options › Search Query) or raise n8n’s poll timeout; the next poll starts again from the first page.',
		});
	};
}

/**
 * A failed page request of `list` (e.g. "the Omnidesk customer list") as the error a user reads:
 * which page, and the provider's own message
 * (apiError's text, without the item number an action node's message ends with).
 */
export function pageError(node: INode, provider: Provider, failure: CallFailure, list: string, at: PageRef, secrets: string[]): NodeApiError {
	const error = apiError(node, provider, failure, 0, secrets);
	const reason = error.message.replace(/ \[item 0\]$/, '');
	error.message = `Reading page ${at.page} of ${list} (from entry ${at.start + 1}) failed: ${reason}`;
	error.description = `${error.description ?? ''} Nothing was recorded or reported; the next poll scans all pages again.`.trim();
	delete error.context.itemIndex;
	return error;
}
