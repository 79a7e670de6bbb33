import type { IDataObject } from 'n8n-workflow';

/**
 * Bad input for one field. The runner turns it into a NodeOperationError that names the item
 * and the field, before any request for that item is sent.
 */
export class FieldError extends Error {
	constructor(
		readonly field: string,
		readonly problem: string,
		readonly hint?: string,
	) {
		super(`${field}: ${problem}`);
		this.name = 'FieldError';
	}
}

export type ParameterGetter = (name: string, fallback: unknown) => unknown;

/**
 * Typed access to one item's parameters. In n8n it wraps getNodeParameter(name, itemIndex);
 * in unit tests it wraps a plain object, so request builders are tested without n8n.
 */
export class Params {
	constructor(private readonly get: ParameterGetter) {}

	static of(values: IDataObject): Params {
		return new Params((name, fallback) => (Object.prototype.hasOwnProperty.call(values, name) ? values[name] : fallback));
	}

	raw(name: string, fallback?: unknown): unknown {
		return this.get(name, fallback);
	}

	/** A text parameter, trimmed. Numbers (from expressions) are accepted as their text. */
	string(name: string, label: string, fallback = ''): string {
		return asString(this.get(name, fallback), label);
	}

	boolean(name: string, label: string, fallback = false): boolean {
		return asBoolean(this.get(name, fallback), label);
	}

	number(name: string, label: string, fallback = 0): number {
		return asNumber(this.get(name, fallback), label);
	}

	/** A collection or fixedCollection parameter; always an object. */
	collection(name: string): IDataObject {
		const value = this.get(name, {});
		return value && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : {};
	}

	/** A JSON parameter: an object from an expression, or text that must parse to an object. */
	jsonObject(name: string, label: string): IDataObject {
		return asJsonObject(this.get(name, '{}'), label);
	}
}

/**
 * The longest text one field takes. No provider documents a limit; a value this long is almost
 * always a mistake (a whole document mapped into a name), so it is refused before sending.
 */
export const MAX_TEXT_LENGTH = 10_000;

/** Half of a character: a UTF-16 surrogate without its other half (text cut inside an emoji). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Checks one text value before it is sent: not over-long, and no half characters. */
export function checkText(text: string, label: string): string {
	if (text.length > MAX_TEXT_LENGTH) {
		throw new FieldError(
			label,
			`is ${text.length.toLocaleString('en-US')} characters long; at most ${MAX_TEXT_LENGTH.toLocaleString('en-US')} are accepted`,
			'Check which value the expression puts into this field',
		);
	}
	if (LONE_SURROGATE.test(text)) {
		throw new FieldError(
			label,
			'contains half of a character (an unpaired UTF-16 surrogate), which cannot be sent as it is',
			'Check the expression that builds this value: it may cut a text in the middle of an emoji',
		);
	}
	return text;
}

export function asString(value: unknown, label: string): string {
	if (value === undefined || value === null) return '';
	if (typeof value === 'string') return checkText(value.trim(), label);
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	throw new FieldError(label, `must be text, got ${showValue(value)}`);
}

export function asBoolean(value: unknown, label: string): boolean {
	if (typeof value === 'boolean') return value;
	if (value === 'true') return true;
	if (value === 'false') return false;
	throw new FieldError(label, `must be true or false, got ${showValue(value)}`);
}

export function asNumber(value: unknown, label: string): number {
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
		return Number(value);
	}
	throw new FieldError(label, `must be a number, got ${showValue(value)}`);
}

export function asJsonObject(value: unknown, label: string): IDataObject {
	let parsed = value;
	if (typeof value === 'string') {
		let problem: string | undefined;
		try {
			parsed = JSON.parse(value.trim() === '' ? '{}' : value);
		} catch (error) {
			problem = (error as Error).message;
		}
		if (problem !== undefined) {
			throw new FieldError(label, `is not valid JSON (${problem})`, 'Check the JSON for missing quotes, commas or brackets');
		}
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw new FieldError(label, `must be a JSON object, got ${showValue(parsed)}`);
	}
	return parsed as IDataObject;
}

/** A short, safe description of a value for an error message. */
export function showValue(value: unknown): string {
	if (value === null) return 'null';
	if (value === undefined) return 'nothing';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'object') return 'an object';
	if (typeof value === 'string') return value === '' ? 'an empty text' : `"${truncate(value)}"`;
	return `${typeof value} ${truncate(String(value))}`;
}

function truncate(text: string): string {
	return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
