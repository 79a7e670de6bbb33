import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { AutoMapSpec } from '../../shared/fields/automap';
import { showFor, text } from '../../shared/fields/describe';
import { pairsDescription, readPairs, scalarText, type PairsSpec } from '../../shared/fields/pairs';
import { FieldError, asString, showValue, type Params } from '../../shared/fields/params';
import * as rules from '../../shared/fields/rules';
import { channelAddress, channelId } from './validate';

/** Operations that take custom fields, and those that take several channels at once. */
const WITH_CUSTOM_FIELDS = ['create', 'createCrud', 'createOrUpdate', 'update', 'updateByExternalId', 'updateName'];
const WITH_CHANNELS = ['createCrud', 'createOrUpdate', 'update', 'updateByExternalId'];

// ---- Field descriptions -------------------------------------------------------------------

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

export const CUSTOM_FIELDS: PairsSpec = {
	mode: 'customFieldsInput',
	list: 'customFields',
	entry: 'field',
	json: 'customFieldsJson',
	label: 'Custom Fields',
	entryLabel: 'Field',
};

export const customFieldsDescription = pairsDescription(CUSTOM_FIELDS, showFor(...WITH_CUSTOM_FIELDS), {
	list: 'Custom customer fields as set up in Omnidesk; each is sent as custom_ followed by its name',
	name: 'The custom field’s name, without the custom_ prefix',
	value: 'The value to store',
	json: 'Names (without the custom_ prefix) and values, e.g. {"testfield": "text"}',
});

export const channelsDescription: INodeProperties = {
	displayName: 'Channels',
	name: 'channels',
	type: 'fixedCollection',
	placeholder: 'Add Channel',
	typeOptions: { multipleValues: true },
	default: {},
	displayOptions: { show: showFor(...WITH_CHANNELS) },
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

// ---- Map Automatically -------------------------------------------------------------------

const CUSTOM_FIELD = /^custom_./;
const CHANNEL_FIELD = /^customerChannel(Type|Value)_([0-9]+)$/;

/**
 * Map Automatically for an Omnidesk form: `fields` maps the form's field names to the Define Below
 * parameters; custom_<name> columns become Custom Fields (sent as they are named), and with
 * `channels` the numbered customerChannelType_N / customerChannelValue_N columns become the
 * Channels list, in the order of N (Channel 1 is the lowest N given). `versions`: the form fields
 * whose parameter a node version renamed (version 2's one External ID field, its Customer picker).
 */
export function autoMapSpec(fields: Record<string, string>, withChannels = false, versions?: AutoMapSpec['versions']): AutoMapSpec {
	return {
		fields,
		...(versions ? { versions } : {}),
		families: [
			{ pattern: CUSTOM_FIELD, shown: 'custom_<name>' },
			...(withChannels ? [{ pattern: CHANNEL_FIELD, shown: 'customerChannelType_N, customerChannelValue_N' }] : []),
		],
		preset: { [CUSTOM_FIELDS.mode]: 'json' },
		extra(known, parameters) {
			const custom: IDataObject = {};
			const numbered = new Map<number, IDataObject>();
			for (const [name, value] of Object.entries(known)) {
				if (CUSTOM_FIELD.test(name)) custom[name] = value;
				const channel = CHANNEL_FIELD.exec(name);
				if (channel) {
					const entry = numbered.get(Number(channel[2])) ?? {};
					entry[channel[1] === 'Type' ? 'type' : 'value'] = value;
					numbered.set(Number(channel[2]), entry);
				}
			}
			parameters[CUSTOM_FIELDS.json] = custom;
			if (numbered.size) parameters.channels = { channel: [...numbered.keys()].sort((a, b) => a - b).map((n) => numbered.get(n)!) };
		},
	};
}

// ---- Form fields -----------------------------------------------------------------------------

/** Form or query fields without the empty ones, so Omnidesk keeps what it has. */
export function withoutEmpty(fields: Record<string, string | undefined>): Record<string, string> {
	const result: Record<string, string> = {};
	for (const [name, value] of Object.entries(fields)) if (value !== undefined && value !== '') result[name] = value;
	return result;
}

/** Reads a text field of a collection (already fetched with params.collection). */
export function field(values: IDataObject, name: string, label: string): string {
	return asString(values[name], label);
}

/** Custom fields as `custom_<name>` form fields, from the list or the JSON, whichever the user chose. */
export function customFields(params: Params): Record<string, string> {
	const result: Record<string, string> = {};
	// A custom_ prefix typed by habit is not doubled.
	for (const pair of readPairs(params, CUSTOM_FIELDS, (name) => name.replace(/^custom_/, ''))) {
		if (/\s/.test(pair.name)) {
			throw new FieldError(pair.label, `name ${showValue(pair.name)} contains spaces`, 'Custom field names have no spaces; use the name shown in Omnidesk');
		}
		result[`custom_${pair.name}`] = scalarText(pair);
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
