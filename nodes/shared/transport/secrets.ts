import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

/**
 * Secret redaction: the values no output item, error message or log line may show. The transport
 * collects them once per run (`secretValues`); every message passes through `redact`, and every
 * output item through `maskSecrets` (a provider may echo the credential in a successful answer).
 */

/** Shorter values are not masked on their own (see secretValues). */
export const MIN_MASKED_LENGTH = 4;

/**
 * Every secret value of a credential, plus the forms it travels in (Basic token, URL-encoded).
 *
 * A value shorter than 4 characters is not masked on its own: masking "ab" would blank that pair
 * of letters in every word of every message, and no provider issues keys that short. The Basic
 * token built from it is masked all the same, since the token is long.
 */
export function secretValues(credentials: ICredentialDataDecryptedObject, fields: string[]): string[] {
	const values = fields
		.map((field) => credentials[field])
		.map((value) => (typeof value === 'number' ? String(value) : value))
		.filter((value): value is string => typeof value === 'string' && value.length >= MIN_MASKED_LENGTH);
	const forms = new Set<string>();
	for (const value of values) {
		forms.add(value);
		forms.add(encodeURIComponent(value));
	}
	const all = fields.map((field) => String(credentials[field] ?? ''));
	for (const user of Object.values(credentials)) {
		for (const secret of all) {
			if (typeof user === 'string' && secret) {
				forms.add(Buffer.from(`${user}:${secret}`).toString('base64'));
			}
		}
	}
	return [...forms].filter((form) => form.length >= MIN_MASKED_LENGTH).sort((a, b) => b.length - a.length);
}

/** Replaces every secret in a text with asterisks. */
export function redact(text: string, secrets: string[]): string {
	let result = text;
	for (const secret of secrets) result = result.split(secret).join('***');
	return result;
}

/** Redacts secrets in every string (keys included) inside a JSON-like value; returns a copy. */
export function redactDeep<T>(value: T, secrets: string[]): T {
	const walk = (node: unknown): unknown => {
		if (typeof node === 'string') return redact(node, secrets);
		if (Array.isArray(node)) return node.map(walk);
		if (node && typeof node === 'object') {
			return Object.fromEntries(Object.entries(node).map(([key, child]) => [redact(key, secrets), walk(child)]));
		}
		return node;
	};
	return walk(value) as T;
}

/** Whether any string inside a JSON-like value (keys included) holds one of `secrets`. */
function holdsSecret(node: unknown, secrets: string[]): boolean {
	if (typeof node === 'string') return secrets.some((secret) => node.includes(secret));
	if (Array.isArray(node)) return node.some((child) => holdsSecret(child, secrets));
	if (node && typeof node === 'object') {
		return Object.entries(node).some(([key, child]) => holdsSecret(key, secrets) || holdsSecret(child, secrets));
	}
	return false;
}

/**
 * An output item's JSON with every secret masked: the value itself when it holds none (the common
 * case: nothing is copied), else a redacted copy.
 */
export function maskSecrets<T>(value: T, secrets: string[]): T {
	return secrets.length && holdsSecret(value, secrets) ? redactDeep(value, secrets) : value;
}
