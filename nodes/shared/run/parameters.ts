import type { IExecuteFunctions } from 'n8n-workflow';

import { Params } from '../fields/params';

/**
 * The node's parameters for every item of one run, each read from n8n once when it cannot differ
 * from item to item.
 *
 * n8n's getNodeParameter (n8n-core 2.41) takes the raw value from the node's parameters (its default
 * filled in when the workflow was loaded, else the fallback), resolves every expression in it for
 * the item, and validates it against the node's description. Without an expression string (text
 * starting with "="), anywhere in the value, nothing of that depends on the item: resolving gives a
 * copy of the raw value, and the validation depends only on the value and the node. Such a value
 * (the operation, the Options collection, a field typed in the panel) is read once, for the first
 * item that asks, and every later item gets a copy of it, as it would get a fresh copy from n8n.
 * A value that holds an expression is read for every item, as before.
 *
 * Errors stay exactly where they were: a read that fails is not kept, so n8n fails it again, naming
 * the item that asked; and each item still checks its own copy in `Params`, so a bad value fails
 * every item with that item's index.
 */
export class RunParameters {
	/** The item-independent values read so far, by name and fallback. */
	private readonly fixed = new Map<string, unknown>();
	/** The parameters found to hold an expression (or a value that is not plain data): read every time. */
	private readonly perItem = new Set<string>();

	constructor(
		/** n8n's read for one item (getNodeParameter). */
		private readonly read: (name: string, itemIndex: number, fallback: unknown) => unknown,
		/** The raw value, expressions unresolved (getNodeParameter with rawExpressions). */
		private readonly raw: (name: string, fallback: unknown) => unknown,
	) {}

	static of(ctx: IExecuteFunctions): RunParameters {
		return new RunParameters(
			(name, itemIndex, fallback) => ctx.getNodeParameter(name, itemIndex, fallback),
			(name, fallback) => ctx.getNodeParameter(name, 0, fallback, { rawExpressions: true }),
		);
	}

	/** One item's parameters, for the operation's build. */
	forItem(itemIndex: number): Params {
		return new Params((name, fallback) => this.get(name, itemIndex, fallback));
	}

	get(name: string, itemIndex: number, fallback: unknown): unknown {
		const key = cacheKey(name, fallback);
		if (this.fixed.has(key)) return copyOf(this.fixed.get(key));
		const value = this.read(name, itemIndex, fallback);
		if (!this.perItem.has(key)) {
			if (isPlainData(value) && !holdsExpression(this.raw(name, fallback))) this.fixed.set(key, copyOf(value));
			else this.perItem.add(key);
		}
		return value;
	}
}

/** The fallback is part of the key: a parameter that is not set reads as its fallback. */
function cacheKey(name: string, fallback: unknown): string {
	const shown = fallback !== null && typeof fallback === 'object' ? JSON.stringify(fallback) : String(fallback);
	return `${name}\u0000${typeof fallback}\u0000${shown}`;
}

/** Whether a raw parameter value holds an expression anywhere: text starting with "=" (n8n-workflow's isExpression). */
export function holdsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.charAt(0) === '=';
	if (Array.isArray(value)) return value.some(holdsExpression);
	if (value !== null && typeof value === 'object') return Object.values(value).some(holdsExpression);
	return false;
}

/**
 * Whether a value is plain data (text, numbers, booleans, null, arrays and plain objects of them),
 * which `copyOf` copies exactly. Anything else (a date a validation made, say) is read every time.
 */
function isPlainData(value: unknown): boolean {
	if (value === null || value === undefined) return true;
	switch (typeof value) {
		case 'string':
		case 'number':
		case 'boolean':
			return true;
		case 'object': {
			if (Array.isArray(value)) return value.every(isPlainData);
			const prototype = Object.getPrototypeOf(value);
			return (prototype === Object.prototype || prototype === null) && Object.values(value).every(isPlainData);
		}
		default:
			return false;
	}
}

/** A deep copy of plain data, so that no item changes what the next one gets. */
function copyOf<T>(value: T): T {
	if (Array.isArray(value)) return value.map(copyOf) as T;
	if (value !== null && typeof value === 'object') {
		const copy: Record<string, unknown> = {};
		for (const [key, inner] of Object.entries(value)) copy[key] = copyOf(inner);
		return copy as T;
	}
	return value;
}
