import { FieldError, asString, showValue } from './params';

/** Field rules shared by every provider. Each throws FieldError naming the field. */

const EMAIL = /^[^\s@",;<>]+@[^\s@",;<>]+\.[^\s@",;<>]+$/;
/** International phone numbers: an optional +, 7 to 15 digits; spaces, dots, dashes and brackets allowed between. */
const PHONE_DIGITS = /^\+?[0-9]{7,15}$/;
const PHONE_SEPARATORS = /[\s().-]/g;

export function required(value: string, label: string, hint?: string): string {
	if (value === '') throw new FieldError(label, 'is required', hint);
	return value;
}

/** The longest address SMTP carries (RFC 5321: a 256-octet path, less the angle brackets). */
export const MAX_EMAIL_LENGTH = 254;

export function email(value: string, label: string): string {
	if (value.length > MAX_EMAIL_LENGTH) {
		throw new FieldError(label, `is ${value.length} characters long; an email address has at most ${MAX_EMAIL_LENGTH}`);
	}
	if (value !== '' && !EMAIL.test(value)) {
		throw new FieldError(label, `${showValue(value)} is not a valid email address`, 'Use an address like name@example.com');
	}
	return value;
}

export function phone(value: string, label: string): string {
	if (value !== '' && !PHONE_DIGITS.test(value.replace(PHONE_SEPARATORS, ''))) {
		throw new FieldError(
			label,
			`${showValue(value)} is not a valid phone number`,
			'Use the international format with country code, e.g. +919090909090',
		);
	}
	return value;
}

export function pattern(value: string, label: string, regex: RegExp, hint: string): string {
	if (value !== '' && !regex.test(value)) {
		throw new FieldError(label, `${showValue(value)} does not match the pattern ${regex.source}`, hint);
	}
	return value;
}

/** At least one of the named values must be non-empty. */
export function oneOf(values: Record<string, unknown>, hint?: string): void {
	const present = Object.values(values).some((v) => v !== undefined && v !== null && v !== '');
	if (!present) {
		const labels = Object.keys(values);
		throw new FieldError(labels.join(' or '), `at least one of ${labels.join(' or ')} is required`, hint);
	}
}

/**
 * A list parameter: an array (from an expression) or comma-separated text.
 * Returns trimmed, non-empty entries.
 */
export function list(value: unknown, label: string): string[] {
	if (value === undefined || value === null || value === '') return [];
	const entries = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [value];
	return entries
		.map((entry, index) => asString(entry, `${label} (entry ${index + 1})`))
		.filter((entry) => entry !== '');
}

const WHOLE_NUMBER = /^[0-9]+$/;

/** A numeric ID (brand, customer, ticket): digits only. Numbers from expressions arrive as text. */
export function wholeNumber(value: string, label: string): string {
	if (value !== '' && !WHOLE_NUMBER.test(value)) {
		throw new FieldError(label, `${showValue(value)} is not a whole number`, `${label} is a numeric ID, e.g. 1`);
	}
	return value;
}

/** An absolute http(s) URL. */
export function url(value: string, label: string): string {
	if (value === '') return value;
	let ok = false;
	try {
		ok = /^https?:$/.test(new URL(value).protocol);
	} catch {
		ok = false;
	}
	if (!ok) throw new FieldError(label, `${showValue(value)} is not an http(s) URL`, 'Use a full address such as https://shop.example.com/orders/1');
	return value;
}

/**
 * A value that becomes one segment of a URL path. It is percent-encoded where it is used, but
 * "." and ".." would still be read as "this folder" and "the folder above", so they are refused.
 */
export function pathSegment(value: string, label: string): string {
	if (value === '.' || value === '..') {
		throw new FieldError(label, `${showValue(value)} cannot be used as an ID`, 'An ID of "." or ".." would point at another address of the API');
	}
	return value;
}
