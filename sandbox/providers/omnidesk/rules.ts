import type { SimReply } from '../../types';
import { error } from './answers';
import type { Fields, NewChannel } from './model';

/** Omnidesk's field rules (doc 003 and PROVIDERS.md) and the reader that checks a form or query against them. */

export const OMNIDESK_PATTERNS = {
	name: /^[a-zA-ZÀ-ÖØ-Þß-öø-ÿŠš.\-' ]+$/,
	telephone: /^\+[0-9]+$/,
	channelId: /^([0-9]+|email|telephone|facebook|twitter)$/,
	query: /^[0-9a-zA-Z ]+$/,
	twitter: /^[a-zA-Z0-9_ ]+$/,
	email: /^[^\s@",;<>]+@[^\s@",;<>]+\.[^\s@",;<>]+$/,
	wholeNumber: /^[0-9]+$/,
};
const P = OMNIDESK_PATTERNS;

/** The formats Omnidesk documents per channel type (email: a plain address check). */
const CHANNEL_VALUE: Record<string, RegExp> = { telephone: P.telephone, twitter: P.twitter, email: P.email };

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
		if (!P.wholeNumber.test(value)) {
			this.problems.push(`${name} must be a whole number, got "${value}"`);
			return undefined;
		}
		return Number(value);
	}

	matching(name: string, pattern: RegExp): string | undefined {
		const value = this.text(name);
		if (value !== undefined && !pattern.test(value)) this.problems.push(`${name} does not match the pattern ${pattern.source}`);
		return value;
	}

	personName(name: string): string | undefined {
		return this.matching(name, P.name);
	}

	/** A channel address in field `name`, checked by the channel type's format. */
	channel(name: string, type: string): string | undefined {
		const value = this.text(name);
		if (value !== undefined) this.checkChannel(name, type, value);
		return value;
	}

	checkChannel(name: string, type: string, value: string): void {
		const pattern = CHANNEL_VALUE[type];
		if (pattern && !pattern.test(value)) this.problems.push(`${name} is not a valid ${type} address: it must match ${pattern.source}`);
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
			if (!P.channelId.test(type)) {
				this.problems.push(`${typeName} does not match the pattern ${P.channelId.source}`);
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
	if (P.email.test(value)) return 'email';
	if (P.telephone.test(value)) return 'telephone';
	return undefined;
}

/** A numeric ID taken from the path: the 400 answer when it is not a whole number. */
export function checkId(name: string, text: string): SimReply | undefined {
	return P.wholeNumber.test(text) ? undefined : error(400, `${name} must be a whole number, got "${text}"`);
}
