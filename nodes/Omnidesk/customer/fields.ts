import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { text } from '../../shared/describe';
import { FieldError, asString, describe, type Params } from '../../shared/params';
import * as rules from '../../shared/rules';

/** Patterns from Omnidesk's documentation. */
export const PATTERNS = {
	name: /^[a-zA-ZÀ-ÖØ-Þß-öø-ÿŠš.\-' ]+$/,
	telephone: /^\+[0-9]+$/,
	channelId: /^([0-9]+|email|telephone|facebook|twitter)$/,
	query: /^[0-9a-zA-Z ]+$/,
	twitter: /^[a-zA-Z0-9_ ]+$/,
};

export const show = (...operation: string[]) => ({ resource: ['customer'], operation });

/** Operations that take custom fields, and those that take several channels at once. */
const WITH_CUSTOM_FIELDS = ['create', 'createCrud', 'update', 'updateByExternalId', 'updateName'];
const WITH_CHANNELS = ['createCrud', 'update', 'updateByExternalId'];

// ---- Field descriptions -------------------------------------------------------------------

export { text };


export const brandId = (description = 'The ID of the brand, from Omnidesk’s admin settings › Brands') =>
	text('Brand ID', 'brandId', description, { placeholder: '1' });
export const firstName = text('First Name', 'firstName', "The customer's first name: letters, spaces, dots, dashes and apostrophes");
export const lastName = text('Last Name', 'lastName', "The customer's last name: letters, spaces, dots, dashes and apostrophes");

export const channelTypeOptions = [
	{ name: 'Email', value: 'email' },
	{ name: 'Facebook', value: 'facebook' },
	{ name: 'Telephone', value: 'telephone' },
	{ name: 'Twitter', value: 'twitter' },
];

export const customFieldsDescription: INodeProperties[] = [
	{
		displayName: 'Custom Fields Input',
		name: 'customFieldsInput',
		type: 'options',
		displayOptions: { show: show(...WITH_CUSTOM_FIELDS) },
		options: [
			{ name: 'Define Below', value: 'fields', description: 'Add custom fields one by one' },
			{ name: 'JSON', value: 'json', description: 'A JSON object of custom field names and values, e.g. built with an expression' },
		],
		default: 'fields',
	},
	{
		displayName: 'Custom Fields',
		name: 'customFields',
		type: 'fixedCollection',
		placeholder: 'Add Custom Field',
		typeOptions: { multipleValues: true },
		default: {},
		displayOptions: { show: { ...show(...WITH_CUSTOM_FIELDS), customFieldsInput: ['fields'] } },
		description: 'Custom customer fields as set up in Omnidesk; each is sent as custom_ followed by its name',
		options: [
			{
				displayName: 'Field',
				name: 'field',
				values: [
					text('Name', 'name', 'The custom field’s name, without the custom_ prefix', { placeholder: 'testfield' }),
					text('Value', 'value', 'The value to store'),
				],
			},
		],
	},
	{
		displayName: 'Custom Fields (JSON)',
		name: 'customFieldsJson',
		type: 'json',
		default: '{}',
		displayOptions: { show: { ...show(...WITH_CUSTOM_FIELDS), customFieldsInput: ['json'] } },
		description: 'Names (without the custom_ prefix) and values, e.g. {"testfield": "text"}',
	},
];

export const channelsDescription: INodeProperties = {
	displayName: 'Channels',
	name: 'channels',
	type: 'fixedCollection',
	placeholder: 'Add Channel',
	typeOptions: { multipleValues: true },
	default: {},
	displayOptions: { show: show(...WITH_CHANNELS) },
	description: 'Channels to add or update on the customer, several at once',
	options: [
		{
			displayName: 'Channel',
			name: 'channel',
			values: [
				{
					displayName: 'Type',
					name: 'type',
					type: 'options',
					options: channelTypeOptions,
					default: 'email',
					description: 'The channel type; for a custom channel type use an expression with its numeric ID',
				},
				text('Value', 'value', 'The address on that channel: an email address, a telephone number such as +31612345678, or an account name'),
			],
		},
	],
};

// ---- Builders -----------------------------------------------------------------------------

/** A form: empty values are left out, so Omnidesk keeps what it has. */
export function form(fields: Record<string, string | undefined>): Record<string, string> {
	const result: Record<string, string> = {};
	for (const [name, value] of Object.entries(fields)) if (value !== undefined && value !== '') result[name] = value;
	return result;
}

/** Reads a text field of a collection (already fetched with params.collection). */
export function field(values: IDataObject, name: string, label: string): string {
	return asString(values[name], label);
}

export function personName(value: string, label: string): string {
	return rules.pattern(
		value,
		label,
		PATTERNS.name,
		'Omnidesk accepts letters a–z, the Western European accented letters (À–ÿ, Š, š), spaces, dots, dashes and apostrophes',
	);
}

export function telephone(value: string, label: string): string {
	return rules.pattern(value, label, PATTERNS.telephone, 'Use + and the country code, digits only, e.g. +31612345678');
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

/** Custom fields as `custom_<name>` form fields, from the list or the JSON, whichever the user chose. */
export function customFields(params: Params): Record<string, string> {
	const entries: Array<[string, unknown, string]> = [];
	if (params.string('customFieldsInput', 'Custom Fields Input', 'fields') === 'json') {
		const json = params.jsonObject('customFieldsJson', 'Custom Fields (JSON)');
		for (const [name, value] of Object.entries(json)) entries.push([name, value, `Custom Fields (JSON) › ${name}`]);
	} else {
		const list = params.collection('customFields').field;
		if (Array.isArray(list)) {
			list.forEach((entry, index) => {
				const values = (entry ?? {}) as IDataObject;
				entries.push([asString(values.name, `Custom Fields › Field ${index + 1} › Name`), values.value, `Custom Fields › Field ${index + 1}`]);
			});
		}
	}
	const result: Record<string, string> = {};
	for (const [rawName, value, label] of entries) {
		const name = rawName.trim().replace(/^custom_/, '');
		if (name === '') throw new FieldError(label, 'needs a name', 'Enter the custom field’s name as set up in Omnidesk');
		if (/[\s]/.test(name)) throw new FieldError(label, `name ${describe(name)} contains spaces`, 'Custom field names have no spaces; use the name shown in Omnidesk');
		const key = `custom_${name}`;
		if (key in result) throw new FieldError(label, `custom field "${name}" is given twice`, 'Give each custom field once');
		if (value !== null && typeof value === 'object') {
			throw new FieldError(label, `value must be text, a number or true/false, got ${describe(value)}`);
		}
		result[key] = value === undefined || value === null ? '' : typeof value === 'string' ? value : String(value);
	}
	return result;
}

/** Channels as customerChannelType_N / customerChannelValue_N form fields, N from 0. */
export function channels(params: Params): Record<string, string> {
	const list = params.collection('channels').channel;
	const result: Record<string, string> = {};
	if (!Array.isArray(list)) return result;
	list.forEach((entry, index) => {
		const values = (entry ?? {}) as IDataObject;
		const label = `Channels › Channel ${index + 1}`;
		const type = channelId(rules.required(asString(values.type, `${label} › Type`), `${label} › Type`), `${label} › Type`);
		const value = rules.required(asString(values.value, `${label} › Value`), `${label} › Value`, 'Enter the address on this channel');
		channelAddress(type, value, `${label} › Value`);
		result[`customerChannelType_${index}`] = type;
		result[`customerChannelValue_${index}`] = value;
	});
	return result;
}

/** A numeric ID read back from a sent form or query, for output; undefined when not sent. */
export function num(value: unknown): number | string | undefined {
	if (value === undefined || value === '') return undefined;
	return typeof value === 'string' && /^[0-9]{1,15}$/.test(value) ? Number(value) : (value as string);
}

/** An update must change something; an empty PUT would only look like success. */
export function requireChange(fields: Record<string, string>, ignore: string[], hint: string): void {
	if (!Object.keys(fields).some((name) => !ignore.includes(name))) {
		throw new FieldError('Fields to Update', 'nothing to update', hint);
	}
}
