import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { text } from './describe';
import { FieldError, asString, checkText, showValue, type Params } from './params';

/**
 * Name/value pairs a user enters one by one (a fixedCollection) or as a JSON object (for
 * workflows that build them with expressions), chosen with an input-mode switch. Omnidesk's
 * custom fields and Rehook's metadata both use it.
 */
export interface PairsSpec {
	/** Parameter names: the mode switch, the list, one list entry, the JSON field. */
	mode: string;
	list: string;
	entry: string;
	json: string;
	/** Labels as the user reads them, e.g. "Custom Fields". */
	label: string;
	entryLabel: string;
}

export interface Pair {
	name: string;
	/** Text from the list; any JSON value from the JSON field. */
	value: unknown;
	/** Where the pair came from, for error messages: "Custom Fields › Field 2". */
	label: string;
}

export function pairsDescription(
	spec: PairsSpec,
	show: NonNullable<NonNullable<INodeProperties['displayOptions']>['show']>,
	texts: { list: string; name: string; value: string; json: string },
): INodeProperties[] {
	return [
		{
			displayName: `${spec.label} Input`,
			name: spec.mode,
			type: 'options',
			displayOptions: { show },
			options: [
				{ name: 'Define Below', value: 'fields', description: `Add ${spec.label.toLowerCase()} one by one` },
				{ name: 'JSON', value: 'json', description: 'A JSON object of names and values, e.g. built with an expression' },
			],
			default: 'fields',
		},
		{
			displayName: spec.label,
			name: spec.list,
			type: 'fixedCollection',
			placeholder: `Add ${spec.entryLabel}`,
			typeOptions: { multipleValues: true },
			default: {},
			displayOptions: { show: { ...show, [spec.mode]: ['fields'] } },
			description: texts.list,
			options: [
				{
					displayName: spec.entryLabel,
					name: spec.entry,
					values: [text('Name', 'name', texts.name), text('Value', 'value', texts.value)],
				},
			],
		},
		{
			displayName: `${spec.label} (JSON)`,
			name: spec.json,
			type: 'json',
			default: '{}',
			displayOptions: { show: { ...show, [spec.mode]: ['json'] } },
			description: texts.json,
		},
	];
}

/**
 * Reads the pairs in the chosen mode. Names are trimmed and must be non-empty and unique
 * (after `normalise`, e.g. removing a prefix the user typed by habit).
 */
export function readPairs(params: Params, spec: PairsSpec, normalise: (name: string) => string = (name) => name): Pair[] {
	const raw: Pair[] = [];
	if (params.string(spec.mode, `${spec.label} Input`, 'fields') === 'json') {
		const json = params.jsonObject(spec.json, `${spec.label} (JSON)`);
		for (const [name, value] of Object.entries(json)) raw.push({ name, value, label: `${spec.label} (JSON) › ${name}` });
	} else {
		const list = params.collection(spec.list)[spec.entry];
		if (Array.isArray(list)) {
			list.forEach((entry, index) => {
				const values = (entry ?? {}) as IDataObject;
				const label = `${spec.label} › ${spec.entryLabel} ${index + 1}`;
				raw.push({ name: asString(values.name, `${label} › Name`), value: values.value ?? '', label });
			});
		}
	}
	const seen = new Set<string>();
	return raw.map(({ name, value, label }) => {
		const normalised = normalise(name.trim());
		if (normalised === '') throw new FieldError(label, 'needs a name', `Enter a name for each of the ${spec.label}`);
		if (seen.has(normalised)) throw new FieldError(label, `"${normalised}" is given twice`, `Give each of the ${spec.label} once`);
		seen.add(normalised);
		checkText(normalised, label);
		if (typeof value === 'string') checkText(value, label);
		return { name: normalised, value, label };
	});
}

/** A pair's value as text: text, numbers and true/false are accepted; lists and objects are not. */
export function scalarText(pair: Pair): string {
	const { value } = pair;
	if (value === undefined || value === null) return '';
	if (typeof value === 'object') {
		throw new FieldError(pair.label, `value must be text, a number or true/false, got ${showValue(value)}`);
	}
	return typeof value === 'string' ? value : String(value);
}
