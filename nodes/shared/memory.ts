import { createHash } from 'node:crypto';

/**
 * What the nodes keep in this n8n process's memory from one run to the next (the shared Pacer of
 * a credential, the Retry On Fail notes of a run), done once:
 * - a module-level map, one per kind of entry, keyed by a SHA-256 hash of what identifies the
 *   entry, so no key holds a secret or customer data;
 * - entries nobody used for the store's quiet period are forgotten, checked lazily whenever an
 *   entry is taken (nodes may not use timers); an entry in use (`inUse`) is never forgotten;
 * - per process: n8n's queue-mode workers each keep their own.
 */

/** A one-way hash (SHA-256, base64url) of `parts`: what a key may hold instead of the values themselves. */
export function digest(...parts: unknown[]): string {
	return createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
}

interface Entry<T> {
	value: T;
	usedAt: number;
}

export class ProcessMemory<T> {
	private readonly entries = new Map<string, Entry<T>>();

	constructor(
		/** How long an entry nobody uses is kept, in milliseconds. */
		readonly quietMs: number,
		/** Whether an entry is in use right now (then it is kept however long it has been quiet). */
		private readonly inUse: (value: T) => boolean = () => false,
	) {}

	/** The key of an entry identified by `parts` (hashed). */
	static keyOf(...parts: unknown[]): string {
		return digest(...parts);
	}

	/**
	 * The entry under `key`, made with `create` when there is none, marked as used at `now`. Entries
	 * quiet for longer than the quiet period and not in use are forgotten first.
	 */
	take(key: string, create: () => T, now: number): T {
		for (const [other, entry] of this.entries) {
			if (now - entry.usedAt > this.quietMs && !this.inUse(entry.value)) this.entries.delete(other);
		}
		let entry = this.entries.get(key);
		if (!entry) {
			entry = { value: create(), usedAt: now };
			this.entries.set(key, entry);
		}
		entry.usedAt = Math.max(entry.usedAt, now);
		return entry.value;
	}

	/** Marks the entry as used at `now`, so its quiet period starts again. */
	touch(key: string, now: number): void {
		const entry = this.entries.get(key);
		if (entry) entry.usedAt = Math.max(entry.usedAt, now);
	}

	forget(key: string): void {
		this.entries.delete(key);
	}

	/** How many entries are held (what a test or a memory check reads). */
	get size(): number {
		return this.entries.size;
	}

	/** Forgets every entry, as a fresh process starts (what a test does between cases). */
	clear(): void {
		this.entries.clear();
	}
}
