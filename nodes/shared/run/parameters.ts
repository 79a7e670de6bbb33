import { isSafeObjectProperty } from 'n8n-workflow';
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
 *
 * A value whose every expression only names a field of the item (`={{ $json.email }}`, the mapping
 * n8n's editor writes when a field is dragged in) is taken from the item's JSON when that field holds
 * text, a number or true/false: what n8n's expression engine returns for it, without a call to the
 * engine (about 0.1 ms of 1.1 ms an item under n8n's legacy engine; no measurable saving under n8n
 * 2.41's default vm engine, bench/FINDINGS.md). Anything else (a field that is missing, null or an
 * object, any other expression) is read from n8n, with n8n's value and n8n's error.
 */
export class RunParameters {
	/** The item-independent values read so far, by name and fallback. */
	private readonly fixed = new Map<string, unknown>();
	/**
	 * The parameters found to hold an expression (or a value that is not plain data): read for every
	 * item, from the item's fields where `fromItem` can, else from n8n.
	 */
	private readonly perItem = new Map<string, FromItem | undefined>();

	constructor(
		/** n8n's read for one item (getNodeParameter). */
		private readonly read: (name: string, itemIndex: number, fallback: unknown) => unknown,
		/** The raw value, expressions unresolved (getNodeParameter with rawExpressions). */
		private readonly raw: (name: string, fallback: unknown) => unknown,
		/** The item's JSON, what `$json` is in its expressions; none: every expression goes to n8n. */
		private readonly json?: (itemIndex: number) => unknown,
	) {}

	static of(ctx: IExecuteFunctions): RunParameters {
		const items = ctx.getInputData();
		return new RunParameters(
			(name, itemIndex, fallback) => ctx.getNodeParameter(name, itemIndex, fallback),
			(name, fallback) => ctx.getNodeParameter(name, 0, fallback, { rawExpressions: true }),
			(itemIndex) => items[itemIndex]?.json,
		);
	}

	/** One item's parameters, for the operation's build. */
	forItem(itemIndex: number): Params {
		return new Params((name, fallback) => this.get(name, itemIndex, fallback));
	}

	get(name: string, itemIndex: number, fallback: unknown): unknown {
		const key = cacheKey(name, fallback);
		if (this.fixed.has(key)) return copyOf(this.fixed.get(key));
		if (this.perItem.has(key)) {
			const taken = this.json && this.perItem.get(key)?.(this.json(itemIndex));
			return taken ? taken.value : this.read(name, itemIndex, fallback);
		}
		const value = this.read(name, itemIndex, fallback);
		const raw = this.raw(name, fallback);
		if (isPlainData(value) && !holdsExpression(raw)) this.fixed.set(key, copyOf(value));
		else this.perItem.set(key, isPlainData(value) ? fromItem(raw) : undefined);
		return value;
	}
}

/** A parameter's value taken from an item's JSON; undefined where only n8n can say what it is. */
type FromItem = (json: unknown) => { value: unknown } | undefined;

/** `={{ $json.a.b }}`, `={{ $json["a b"] }}`, `={{ $json.list[0] }}`: the whole value, one field of the item. */
const FIELD_EXPRESSION = /^=\{\{\s*\$json((?:\.[A-Za-z_$][\w$]*|\[(?:\d+|"[^"\\]*"|'[^'\\]*')\])+)\s*\}\}$/;
const FIELD_STEP = /\.([A-Za-z_$][\w$]*)|\[(\d+|"[^"\\]*"|'[^'\\]*')\]/g;

/**
 * The steps of a field expression (`={{ $json.a["b c"] }}` gives a, b c); undefined for any other
 * value, and for a step n8n's expression sandbox refuses (`constructor`, `__proto__`...), which n8n
 * reports as an error.
 */
export function fieldSteps(expression: string): string[] | undefined {
	const whole = FIELD_EXPRESSION.exec(expression);
	if (!whole) return undefined;
	const steps = [...whole[1].matchAll(FIELD_STEP)].map(([, name, bracket]) => name ?? (/^\d/.test(bracket) ? bracket : bracket.slice(1, -1)));
	return steps.every((step) => typeof isSafeObjectProperty === 'function' && isSafeObjectProperty(step)) ? steps : undefined;
}

/**
 * How to take a raw value from an item: every text in it that is not an expression stays, every field
 * expression becomes the item's field. Undefined when the value holds any other expression.
 */
function fromItem(raw: unknown): FromItem | undefined {
	if (typeof raw === 'string' && raw.charAt(0) === '=') {
		const steps = fieldSteps(raw);
		return steps && ((json) => field(json, steps));
	}
	if (Array.isArray(raw) || (raw !== null && typeof raw === 'object')) {
		const parts = Object.entries(raw).map(([key, inner]) => [key, fromItem(inner)] as const);
		if (parts.some(([, part]) => !part)) return undefined;
		return (json) => {
			const value = (Array.isArray(raw) ? [] : {}) as Record<string, unknown>;
			for (const [key, part] of parts) {
				const taken = part!(json);
				if (!taken) return undefined;
				value[key] = taken.value;
			}
			return { value };
		};
	}
	return () => ({ value: raw });
}

/**
 * One field of an item's JSON, followed through its own properties of plain objects and arrays, when
 * it holds text, a number or true/false; undefined otherwise.
 */
function field(json: unknown, steps: string[]): { value: unknown } | undefined {
	let at = json;
	for (const step of steps) {
		if (at === null || typeof at !== 'object') return undefined;
		const prototype = Object.getPrototypeOf(at);
		if (prototype !== Object.prototype && prototype !== Array.prototype && prototype !== null) return undefined;
		if (!Object.prototype.hasOwnProperty.call(at, step)) return undefined;
		at = (at as Record<string, unknown>)[step];
	}
	return typeof at === 'string' || typeof at === 'number' || typeof at === 'boolean' ? { value: at } : undefined;
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
