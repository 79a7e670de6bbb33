import type { ICredentialDataDecryptedObject, IExecuteFunctions } from 'n8n-workflow';

import { Pacer, monotonicNow } from './pacer';
import type { Attempt } from './concurrency';

/**
 * What the node learns about a provider (the Pacer: the pace after a 429, a pause that a 429 or a
 * 503 with Retry-After asks for, and the adaptive concurrency window with its permits) is shared by
 * every execution in this n8n process that uses the same credential (and the same Max Concurrency,
 * the window's ceiling): twenty one-item executions against one API then learn its limit together
 * instead of each hitting it alone.
 *
 * - Keyed by credential type, base URL and the credential's n8n id (or, without an id, a hash of
 *   its non-secret fields): never by a secret value, so no secret sits in a key in memory.
 * - Forgotten after a quiet period without requests (checked lazily whenever a run starts: nodes
 *   may not use timers), so an old pace does not slow tomorrow's run.
 * - Per process: n8n's queue-mode workers each learn on their own; nothing is shared between them.
 */

/** A gate nobody used for this long is forgotten. */
export const QUIET_MS = 10 * 60_000;

class SharedPacer extends Pacer {
	lastUsed: number;

	constructor(ceiling: number, clock: () => number) {
		super(ceiling, clock);
		this.lastUsed = clock();
	}

	override record(...attempt: Parameters<Pacer['record']>): Attempt {
		this.lastUsed = this.now();
		return super.record(...attempt);
	}
}

const gates = new Map<string, SharedPacer>();
let sharing = true;

/** Tests only: turns sharing off (each run gets its own Pacer, as before) to compare. */
export function setPaceSharing(enabled: boolean): void {
	sharing = enabled;
	gates.clear();
}

/** How many Pacers this process holds (for tests). */
export function sharedGateCount(): number {
	return gates.size;
}

/** The key of a credential's gate: type, base URL, and its id (or a hash of its non-secret fields). */
export function gateKey(
	ctx: Pick<IExecuteFunctions, 'getNode'>,
	credentialType: string,
	baseUrl: string,
	credentials: ICredentialDataDecryptedObject,
	secretFields: string[],
): string {
	const id = ctx.getNode().credentials?.[credentialType]?.id;
	if (id) return JSON.stringify([credentialType, baseUrl, 'id', id]);
	const publicFields = Object.keys(credentials)
		.filter((field) => !secretFields.includes(field))
		.sort()
		.map((field) => [field, credentials[field]]);
	return JSON.stringify([credentialType, baseUrl, 'fields', hash(JSON.stringify(publicFields))]);
}

/** The Pacer of this credential (and ceiling) in this process, shared by every run that uses it. */
export function sharedPacer(key: string, ceiling: number, now: () => number = monotonicNow): Pacer {
	if (!sharing) return new Pacer(ceiling, now);
	const time = now();
	for (const [other, gate] of gates) if (time - gate.lastUsed > QUIET_MS) gates.delete(other);
	const fullKey = `${key}/${ceiling}`;
	let gate = gates.get(fullKey);
	if (!gate) {
		gate = new SharedPacer(ceiling, now);
		gates.set(fullKey, gate);
	}
	gate.lastUsed = time;
	return gate;
}

function hash(text: string): string {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
	return (h >>> 0).toString(36);
}
