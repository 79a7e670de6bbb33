import { FieldError } from '../../shared/fields/params';
import * as rules from '../../shared/fields/rules';

/** Omnidesk's field rules, from its documentation: each throws FieldError naming the field. */

/** Patterns from Omnidesk's documentation. */
export const PATTERNS = {
	name: /^[a-zA-ZÀ-ÖØ-Þß-öø-ÿŠš.\-' ]+$/,
	telephone: /^\+[0-9]+$/,
	channelId: /^([0-9]+|email|telephone|facebook|twitter)$/,
	query: /^[0-9a-zA-Z ]+$/,
	twitter: /^[a-zA-Z0-9_ ]+$/,
};

/**
 * A first or last name, in composed form (NFC): a decomposed "Zoë" (e + combining diaeresis, as
 * macOS text often is) looks the same and is sent as the single letter the pattern allows.
 */
export function personName(value: string, label: string): string {
	return rules.pattern(
		value.normalize('NFC'),
		label,
		PATTERNS.name,
		'Omnidesk accepts letters a–z, the Western European accented letters (À–ÿ, Š, š), spaces, dots, dashes and apostrophes',
	);
}

/** E.164: a telephone number has at most 15 digits, country code included. */
const MAX_PHONE_DIGITS = 15;

export function telephone(value: string, label: string): string {
	const hint = 'Use + and the country code, digits only, e.g. +31612345678';
	rules.pattern(value, label, PATTERNS.telephone, hint);
	if (value.length - 1 > MAX_PHONE_DIGITS) {
		throw new FieldError(label, `has ${value.length - 1} digits; a telephone number has at most ${MAX_PHONE_DIGITS} (E.164)`, hint);
	}
	return value;
}

export function channelId(value: string, label: string): string {
	return rules.pattern(value, label, PATTERNS.channelId, 'Use email, telephone, facebook, twitter or the numeric ID of a channel');
}

export function id(value: string, label: string, hint?: string): string {
	return rules.wholeNumber(rules.required(value, label, hint), label);
}

/** The address on a channel, checked by the channel's kind where Omnidesk documents a format. */
export function channelAddress(type: string, value: string, label: string): string {
	if (type === 'telephone') return telephone(value, label);
	if (type === 'email') return rules.email(value, label);
	if (type === 'twitter') return rules.pattern(value, label, PATTERNS.twitter, 'Use the account name: letters, digits and underscores');
	return value;
}

/** An update must change something; an empty PUT would only look like success. `label` names the panel's field. */
export function requireChange(fields: Record<string, string>, ignore: string[], label: string, hint: string): void {
	if (!Object.keys(fields).some((name) => !ignore.includes(name))) {
		throw new FieldError(label, 'nothing to update', hint);
	}
}
