import type { IExecuteFunctions } from 'n8n-workflow';

import { ProcessMemory } from '../memory';
import { Pacer, monotonicNow } from './pacer';
import type { Attempt } from './concurrency';

/**
 * What the node learns about a provider (the Pacer: the pace after a 429, a pause that a 429 or a
 * 503 with Retry-After asks for, and the adaptive concurrency window with its permits) is shared by
 * every execution in this n8n process that uses the same credential (and the same Max Concurrency,
 * the window's ceiling): twenty one-item executions against one API then learn its limit together
 * instead of each hitting it alone.
 *
 * - Keyed by credential type, base URL, the credential's n8n id (or, without an id, its non-secret
 *   fields) and its secret, all hashed (memory.ts): two accounts at one Base URL never share a
 *   pace, a rotated key starts afresh, and no secret sits in a key in memory.
 * - Forgotten after PACE_QUIET_MS without requests (memory.ts), so an old pace does not slow
 *   tomorrow's run.
 * - Per process: n8n's queue-mode workers each learn on their own; nothing is shared between them.
 */

/** A Pacer nobody sent a request through for this long is forgotten. */
export const PACE_QUIET_MS = 10 * 60_000;

/** A Pacer that marks its entry as used on every answer, so a long run keeps it. */
class SharedPacer extends Pacer {
	constructor(
		private readonly memoryKey: string,
		ceiling: number,
		clock: () => number,
	) {
		super(ceiling, clock);
	}

	override record(...attempt: Parameters<Pacer['record']>): Attempt {
		sharedPacers.touch(this.memoryKey, this.now());
		return super.record(...attempt);
	}
}

/** The Pacers of this process, by credential and ceiling. */
export const sharedPacers = new ProcessMemory<Pacer>(PACE_QUIET_MS);

/** What identifies a credential's Pacer: its type, the base URL, and its id (or its non-secret fields). */
export interface PaceIdentity {
	credentialType: string;
	baseUrl: string;
	/** The credential's fields that are not secret. */
	publicFields: Record<string, unknown>;
	/** The credential's secret values (only their hash enters the key). */
	secrets: string[];
}

/** The key of a credential's Pacer: a one-way hash (memory.ts) of what identifies the account. */
export function gateKey(ctx: Pick<IExecuteFunctions, 'getNode'>, identity: PaceIdentity): string {
	const { credentialType, baseUrl, publicFields, secrets } = identity;
	const id = ctx.getNode().credentials?.[credentialType]?.id;
	const secret = [...secrets].sort();
	if (id) return ProcessMemory.keyOf(credentialType, baseUrl, 'id', id, secret);
	const fields = Object.keys(publicFields)
		.sort()
		.map((field) => [field, publicFields[field]]);
	return ProcessMemory.keyOf(credentialType, baseUrl, 'fields', fields, secret);
}

/** The Pacer of this credential (and ceiling) in this process, shared by every run that uses it. */
export function sharedPacer(key: string, ceiling: number, now: () => number = monotonicNow): Pacer {
	const fullKey = `${key}/${ceiling}`;
	return sharedPacers.take(fullKey, () => new SharedPacer(fullKey, ceiling, now), now());
}
