import type { SimReply } from '../../types';
import { isEmailAddress } from '../addresses';
import { error } from './answers';
import type { Fields, NewChannel } from './model';

/**
 * Omnidesk's field rules, written from the documentation (doc 003, PROVIDERS.md › Omnidesk) in the
 * sandbox's own terms, not taken from the node: the sandbox is the independent check of the node.
 * Each rule keeps the pattern as the documentation prints it, for the error message.
 */

/** A rule a value must meet: its text in the documentation, and the check. */
export interface Rule {
	documented: string;
	accepts(value: string): boolean;
}

/** A set of allowed characters: single characters and inclusive [first, last] ranges of code points. */
type CharacterSet = (string | [string, string])[];

const inSet = (set: CharacterSet, character: string) =>
	set.some((entry) => (typeof entry === 'string' ? entry === character : character >= entry[0] && character <= entry[1]));

/** One or more characters, each from `set`. */
const only = (documented: string, set: CharacterSet): Rule => ({
	documented,
	accepts: (value) => value !== '' && [...value].every((character) => inSet(set, character)),
});

const DIGITS: [string, string] = ['0', '9'];
const LOWER: [string, string] = ['a', 'z'];
const UPPER: [string, string] = ['A', 'Z'];

/** Channel types Omnidesk names in the channel_id pattern; any other channel is given by its numeric ID. */
const CHANNEL_TYPES = ['email', 'telephone', 'facebook', 'twitter'];

const wholeNumber = only('^[0-9]+$', [DIGITS]);

export const OMNIDESK_RULES = {
	/**
	 * firstname / lastname on every create and update: "Pattern: ^[a-zA-ZÀ-ÖØ-Þß-öø-ÿŠš\.\-\' ]+$".
	 * Read as a list: ASCII letters; the Latin-1 letters À to Ö, Ø to Þ, ß to ö and ø to ÿ (which
	 * leaves out × and ÷); Š and š; dot, dash, apostrophe and space.
	 */
	name: only("^[a-zA-ZÀ-ÖØ-Þß-öø-ÿŠš\\.\\-\\' ]+$", [
		LOWER, UPPER, ['À', 'Ö'], ['Ø', 'Þ'], ['ß', 'ö'], ['ø', 'ÿ'], 'Š', 'š', '.', '-', "'", ' ',
	]),
	/** extra_telephone (create, addChannelOnly): "^\+[0-9]+$", a plus and then digits only. */
	telephone: {
		documented: '^\\+[0-9]+$',
		accepts: (value: string) => value.startsWith('+') && wholeNumber.accepts(value.slice(1)),
	} satisfies Rule,
	/** channel_id (create) and customerChannelType_N: "^([0-9]+|email|telephone|facebook|twitter)$". */
	channelId: {
		documented: '^([0-9]+|email|telephone|facebook|twitter)$',
		accepts: (value: string) => CHANNEL_TYPES.includes(value) || wholeNumber.accepts(value),
	} satisfies Rule,
	/** The index's query (PROVIDERS.md › Index): "^[0-9a-zA-Z ]+$", ASCII letters, digits and spaces. */
	query: only('^[0-9a-zA-Z ]+$', [DIGITS, LOWER, UPPER, ' ']),
	/** extra_twitter (addChannelOnly): "^[a-zA-Z0-9_ ]+$". */
	twitter: only('^[a-zA-Z0-9_ ]+$', [LOWER, UPPER, DIGITS, '_', ' ']),
	/** extra_email: the documentation gives no pattern; the sandbox's reading is in ../addresses.ts. */
	email: { documented: 'an email address (name@example.com)', accepts: isEmailAddress } satisfies Rule,
	/** brand_id, ticket_id, customer_id, itemStart, itemLimit and the IDs in a path: "integer" in the documentation. */
	wholeNumber,
};
const R = OMNIDESK_RULES;

/** The formats Omnidesk documents per channel type (email: the sandbox's plain address check). */
const CHANNEL_VALUE: Record<string, Rule> = { telephone: R.telephone, twitter: R.twitter, email: R.email };

/** Reads and checks the fields of a form or query, collecting every problem. */
export class Input {
	readonly problems: string[] = [];

	constructor(readonly values: Fields) {}

	/** A value, or undefined when absent or empty (Omnidesk's defaults are ""). */
	text(name: string): string | undefined {
		const value = this.values[name];
		return value === undefined || value === '' ? undefined : value;
	}

	required(name: string, hint = ''): string | undefined {
		const value = this.text(name);
		if (value === undefined) this.problems.push(`${name} is required${hint}`);
		return value;
	}

	number(name: string, required = false): number | undefined {
		const value = required ? this.required(name) : this.text(name);
		if (value === undefined) return undefined;
		if (!R.wholeNumber.accepts(value)) {
			this.problems.push(`${name} must be a whole number, got "${value}"`);
			return undefined;
		}
		return Number(value);
	}

	matching(name: string, rule: Rule): string | undefined {
		const value = this.text(name);
		if (value !== undefined && !rule.accepts(value)) this.problems.push(`${name} does not match the pattern ${rule.documented}`);
		return value;
	}

	personName(name: string): string | undefined {
		return this.matching(name, R.name);
	}

	/** A channel address in field `name`, checked by the channel type's format. */
	channel(name: string, type: string): string | undefined {
		const value = this.text(name);
		if (value !== undefined) this.checkChannel(name, type, value);
		return value;
	}

	checkChannel(name: string, type: string, value: string): void {
		const rule = CHANNEL_VALUE[type];
		if (rule && !rule.accepts(value)) this.problems.push(`${name} is not a valid ${type} address: it must match ${rule.documented}`);
	}

	/** custom_<name> fields, by name without the prefix. */
	custom(): Record<string, string> {
		const result: Record<string, string> = {};
		for (const [name, value] of Object.entries(this.values)) {
			if (name.startsWith('custom_') && name.length > 'custom_'.length) result[name.slice('custom_'.length)] = value;
		}
		return result;
	}

	/** customerChannelType_N / customerChannelValue_N pairs, in the order of N. */
	channelPairs(): NewChannel[] {
		const numbers = new Set<number>();
		for (const name of Object.keys(this.values)) {
			const match = /^customerChannel(?:Type|Value)_([0-9]+)$/.exec(name);
			if (match) numbers.add(Number(match[1]));
		}
		const result: NewChannel[] = [];
		for (const n of [...numbers].sort((a, b) => a - b)) {
			const typeName = `customerChannelType_${n}`;
			const valueName = `customerChannelValue_${n}`;
			const type = this.text(typeName);
			const value = this.text(valueName);
			if (type === undefined && value === undefined) continue;
			if (type === undefined) {
				this.problems.push(`${typeName} is required with ${valueName}`);
				continue;
			}
			if (value === undefined) {
				this.problems.push(`${valueName} is required with ${typeName}`);
				continue;
			}
			if (!R.channelId.accepts(type)) {
				this.problems.push(`${typeName} does not match the pattern ${R.channelId.documented}`);
				continue;
			}
			this.checkChannel(valueName, type, value);
			result.push({ type, value });
		}
		return result;
	}

	/** The fields every create and update takes: names, custom_<name> fields and channel pairs. */
	changes(): { firstname?: string; lastname?: string; custom: Record<string, string>; channels: NewChannel[] } {
		const firstname = this.personName('firstname');
		const lastname = this.personName('lastname');
		return { firstname, lastname, custom: this.custom(), channels: this.channelPairs() };
	}

	/** The 400 answer when there were problems. */
	failure(): SimReply | undefined {
		return this.problems.length ? error(400, this.problems.join('; ')) : undefined;
	}
}

/** email or telephone, when an address shows which it is. */
export function inferType(value: string): string | undefined {
	if (R.email.accepts(value)) return 'email';
	if (R.telephone.accepts(value)) return 'telephone';
	return undefined;
}

/** A numeric ID taken from the path: the 400 answer when it is not a whole number. */
export function checkId(name: string, text: string): SimReply | undefined {
	return R.wholeNumber.accepts(text) ? undefined : error(400, `${name} must be a whole number, got "${text}"`);
}
