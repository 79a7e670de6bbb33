import { createHash } from 'node:crypto';

/**
 * What a polling trigger remembers between polls: one short fingerprint per record, never the
 * record. Kept in the node's static data as one string, `id:fingerprint` pairs joined by commas,
 * sorted by ID, so that 50,000 records take well under a megabyte and a poll that found no change
 * writes the same string (n8n then has nothing to save).
 */

/** Characters of the fingerprint: 48 bits of a SHA-256, so a change goes unnoticed once in 2.8e14. */
const FINGERPRINT_LENGTH = 8;

/** A short fingerprint of a record's canonical text. */
export function fingerprint(canonical: string): string {
	return createHash('sha256').update(canonical).digest('base64url').slice(0, FINGERPRINT_LENGTH);
}

/** IDs in numeric order when they are numbers, else in text order. */
const byId = (a: string, b: string) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);

export function pack(fingerprints: Map<string, string>): string {
	return [...fingerprints.keys()]
		.sort(byId)
		.map((id) => `${id}:${fingerprints.get(id)}`)
		.join(',');
}

/** The map a packed string holds; undefined when it is not one (then the trigger starts over). */
export function unpack(packed: unknown): Map<string, string> | undefined {
	if (typeof packed !== 'string') return undefined;
	const map = new Map<string, string>();
	if (packed === '') return map;
	for (const pair of packed.split(',')) {
		const colon = pair.lastIndexOf(':');
		if (colon <= 0) return undefined;
		map.set(pair.slice(0, colon), pair.slice(colon + 1));
	}
	return map;
}

export type Change = 'new' | 'updated' | 'unchanged' | 'repeat';

/**
 * One poll's comparison of what a scan sees with what the previous poll recorded. Without a
 * previous record (the first poll), everything is new and nothing is reported by the caller.
 */
export class Comparison {
	private readonly seen = new Map<string, string>();

	constructor(private readonly previous: Map<string, string> | undefined) {}

	/** Records one record's fingerprint and says how it compares; a record seen before in this scan is a 'repeat'. */
	see(id: string, print: string): Change {
		if (this.seen.has(id)) return 'repeat';
		this.seen.set(id, print);
		const before = this.previous?.get(id);
		if (before === undefined) return 'new';
		return before === print ? 'unchanged' : 'updated';
	}

	/**
	 * The IDs recorded before and not seen now: removed, when the scan saw the whole list. After a
	 * scan that may have skipped a record (a shifted page) there are none: a record is reported
	 * removed only when a complete scan did not find it.
	 */
	removed(complete: boolean): string[] {
		if (!complete || !this.previous) return [];
		return [...this.previous.keys()].filter((id) => !this.seen.has(id)).sort(byId);
	}

	/**
	 * What to record: every fingerprint seen, and, after an incomplete scan, the earlier ones of
	 * the records it did not see, so that the next poll neither reports them as new nor forgets them.
	 */
	next(complete: boolean): Map<string, string> {
		if (complete || !this.previous) return this.seen;
		const next = new Map(this.seen);
		for (const [id, print] of this.previous) if (!next.has(id)) next.set(id, print);
		return next;
	}
}
