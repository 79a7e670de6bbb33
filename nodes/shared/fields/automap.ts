import type { IDataObject, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { FieldError, Params } from './params';
import type { BuildContext } from '../types';

/**
 * "Map Automatically", as n8n's record nodes (Airtable, Postgres) offer it: the fields come from
 * the input item's JSON, by the API's own field names, so a large sync evaluates no expression per
 * item. The item is translated into the parameters the "Define Below" mode would hold, and the
 * operation's own build runs on them: the same validation and the same error texts in every mode.
 */

/** The value of the Input Mode option "Map Automatically". */
export const AUTO_MAP_MODE = 'autoMap';

type Show = NonNullable<NonNullable<INodeProperties['displayOptions']>['show']>;

/** The Input Mode option, worded as n8n's record nodes word it. */
const autoMapOption: INodePropertyOptions = {
	name: 'Map Automatically',
	value: AUTO_MAP_MODE,
	description: "Take the fields from the input item, by the API's own field names",
};

/** The Input Mode switch: Define Below, the operation's other modes (BIK's JSON), and Map Automatically. */
function inputModeProperty(show: Show, otherModes: INodePropertyOptions[] = []): INodeProperties {
	return {
		displayName: 'Input Mode',
		name: 'inputMode',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show },
		options: [{ name: 'Define Below', value: 'fields', description: 'Fill in the customer field by field' }, ...otherModes, autoMapOption],
		default: 'fields',
	};
}

/**
 * The Ignore Unknown Fields switch, shown only with Map Automatically, as version 1 has it (off:
 * any undocumented field fails the item). `ignoreUnknownFieldsProperties` adds version 2's, which is on.
 */
function ignoreUnknownFieldsProperty(show: Show, accepted: string): INodeProperties {
	return {
		displayName: 'Ignore Unknown Fields',
		name: 'ignoreUnknownFields',
		type: 'boolean',
		default: false,
		displayOptions: { show: { ...show, inputMode: [AUTO_MAP_MODE] } },
		description: `Whether to drop input fields the API does not document instead of failing the item. Accepted: ${accepted}.`,
	};
}

/**
 * Why version 2 ignores unknown fields by default: the rows people map come with columns of their
 * own (Google Sheets adds row_number, Airtable id and createdTime, a CSV export whatever it has),
 * and failing every such row made Map Automatically fail on first use. What the strict default
 * caught that matters, a misspelt documented name, is still caught: a near miss always fails.
 */
const VERSION_2_DESCRIPTION =
	'Whether to drop input fields the API does not document, such as the row_number of Google Sheets or the ID and Created Time of Airtable, instead of failing the item. On by default because most sources add columns of their own. A field whose name is close to a documented one (firstname for firstName, e-mail for email) fails the item either way, so a misspelt column is never dropped unnoticed.';

/**
 * The Ignore Unknown Fields switch once per node version: version 1's as it was (off by default),
 * and version 2's, on by default. Version 2 also fails an item on a near miss of a documented name
 * when unknown fields are ignored (see pickFields), so the switch means something else: by version.
 */
function ignoreUnknownFieldsProperties(show: Show, spec: AutoMapSpec): INodeProperties[] {
	const base = ignoreUnknownFieldsProperty(show, acceptedNames(specFor(spec, 1)));
	const shownIn = (version: number) => ({ ...base.displayOptions, show: { ...base.displayOptions?.show, '@version': [version] } });
	return [
		{ ...base, displayOptions: shownIn(1) },
		{ ...base, default: true, displayOptions: shownIn(2), description: `${VERSION_2_DESCRIPTION} Accepted: ${acceptedNames(specFor(spec, 2))}.` },
	];
}

/**
 * Hides a Define Below field when Map Automatically is chosen; a field already shown for one input
 * mode only (BIK's JSON field) is left as it is.
 */
export function hiddenWhenAutoMapped(property: INodeProperties): INodeProperties {
	const displayOptions = property.displayOptions ?? {};
	if (displayOptions.show?.inputMode) return property;
	return { ...property, displayOptions: { ...displayOptions, hide: { ...displayOptions.hide, inputMode: [AUTO_MAP_MODE] } } };
}

/**
 * An operation's fields with Map Automatically wired in: the Input Mode and Ignore Unknown Fields
 * switches first, then its own fields, hidden when Map Automatically is chosen. `show` is the
 * operation's displayOptions.show.
 */
export function withAutoMap(show: Show, spec: AutoMapSpec, properties: INodeProperties[]): INodeProperties[] {
	return [
		inputModeProperty(show, spec.inputModes),
		...ignoreUnknownFieldsProperties(show, spec),
		...properties.map(hiddenWhenAutoMapped),
	];
}

/** How an operation's API field names map onto its Define Below parameters. */
export interface AutoMapSpec {
	/**
	 * API field name -> the dotted parameter path that holds it in Define Below mode, e.g.
	 * `firstname: 'additionalFields.firstName'`. A dotted API name (`notification_options.notify_phone`)
	 * is accepted both as a flat column of that name and nested inside an object (`notification_options`).
	 */
	fields: Record<string, string>;
	/** Fields that hold a list of objects (BIK's addresses), with the names documented inside each object. */
	lists?: Record<string, string[]>;
	/** Families of names that are not a fixed list (Omnidesk's custom_<name>), with how they are shown in the accepted list. */
	families?: Array<{ pattern: RegExp; shown: string }>;
	/**
	 * Turns the known fields (by API name, empty values already left out) into the rest of the
	 * parameters, for what the fixed paths cannot express (custom fields, numbered channels).
	 */
	extra?(known: IDataObject, parameters: IDataObject): void;
	/** Parameters to set whatever the item holds, e.g. `{ inputMode: 'json' }` for a JSON-mode build. */
	preset?: IDataObject;
	/** Input modes besides Define Below and Map Automatically (BIK's JSON), listed between them. */
	inputModes?: INodePropertyOptions[];
	/**
	 * Where a node version changed the Define Below parameters (a field renamed behind the version,
	 * e.g. Omnidesk's version 2 `externalId` for version 1's `primaryId`): from that version on,
	 * these API names fill these paths, over `fields`. A version not listed takes the changes of
	 * every listed version below it (`specFor`).
	 */
	versions?: Record<number, Record<string, string>>;
}

/**
 * The spec as it applies in a node version: `fields` with the changes of every listed version up
 * to `nodeVersion` (1 when not given). What the runner maps, and what the panel of that version lists.
 */
export function specFor(spec: AutoMapSpec, nodeVersion = 1): AutoMapSpec {
	if (!spec.versions) return spec;
	let fields = spec.fields;
	const changed = Object.keys(spec.versions)
		.map(Number)
		.filter((version) => version <= nodeVersion)
		.sort((a, b) => a - b);
	for (const version of changed) fields = { ...fields, ...spec.versions[version] };
	return { ...spec, fields };
}

/** The accepted names, as listed to the user. */
export function acceptedNames(spec: AutoMapSpec): string {
	return [...Object.keys(spec.fields), ...(spec.families ?? []).map((family) => family.shown)].join(', ');
}

function isPlainObject(value: unknown): value is IDataObject {
	return !!value && typeof value === 'object' && !Array.isArray(value);
}

/** Null and empty text mean "not given", as an empty field does in Define Below. */
function isEmpty(value: unknown): boolean {
	return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

/** A name as a person means it: lower case, without spaces, dashes, dots or underscores. */
function loose(name: string): string {
	return name.toLowerCase().replace(/[\s_.-]+/g, '');
}

/** The edit distance of two names, an adjacent swap counting as one edit (Damerau–Levenshtein, restricted). */
function editDistance(a: string, b: string): number {
	const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
	for (let j = 1; j <= b.length; j++) d[0][j] = j;
	for (let i = 1; i <= a.length; i++) {
		for (let j = 1; j <= b.length; j++) {
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
			if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
		}
	}
	return d[a.length][b.length];
}

/**
 * The documented name an unknown one is most likely meant to be, if it is close: the same but for
 * case and separators (`firstname`, `first_name`, `e-mail`), or one edit away (`emial`, `mail`;
 * names of at least 4 letters), or two (names of at least 8). Columns other systems add
 * (`row_number`, `id`, `createdTime`) are further from every documented name.
 */
export function nearMiss(name: string, documented: string[]): string | undefined {
	const wanted = loose(name);
	let best: { name: string; distance: number } | undefined;
	for (const candidate of documented) {
		const other = loose(candidate);
		const distance = other === wanted ? 0 : editDistance(wanted, other);
		const shorter = Math.min(wanted.length, other.length);
		const allowed = shorter >= 8 ? 2 : shorter >= 4 ? 1 : 0;
		if (distance <= allowed && (!best || distance < best.distance)) best = { name: candidate, distance };
	}
	return best?.name;
}

/** "a" (did you mean "b"?), for a message. */
function shown(name: string, suggestion: string | undefined): string {
	return suggestion ? `"${name}" (did you mean "${suggestion}"?)` : `"${name}"`;
}

/** A spec's groups (the objects of its dotted names) and top-level names, worked out once per spec rather than per item. */
const specNames = new WeakMap<AutoMapSpec, { groups: Set<string>; topLevel: string[] }>();
function namesOf(spec: AutoMapSpec): { groups: Set<string>; topLevel: string[] } {
	let names = specNames.get(spec);
	if (!names) {
		const groups = new Set(Object.keys(spec.fields).filter((name) => name.includes('.')).map((name) => name.split('.')[0]));
		names = { groups, topLevel: [...Object.keys(spec.fields), ...groups] };
		specNames.set(spec, names);
	}
	return names;
}

/**
 * The item's fields the operation documents, by API name, empty ones left out. Unknown fields fail
 * the item (FieldError listing them, each near miss with the documented name it is close to, and
 * the accepted names in its hint), or are dropped when `ignoreUnknown` is on. A near miss of a
 * documented name fails the item even then, unless `ignoreNearMisses` (node version 1, where
 * Ignore Unknown Fields dropped every unknown field).
 */
export function pickFields(item: IDataObject, spec: AutoMapSpec, ignoreUnknown: boolean, ignoreNearMisses = ignoreUnknown): IDataObject {
	const { groups, topLevel } = namesOf(spec);
	const known: IDataObject = {};
	const unknown: Array<{ name: string; suggestion?: string }> = [];
	const take = (name: string, value: unknown) => {
		const documented =
			Object.prototype.hasOwnProperty.call(spec.fields, name) || (spec.families ?? []).some((family) => family.pattern.test(name));
		if (!documented) unknown.push({ name, suggestion: nearMiss(name, topLevel) });
		else if (!isEmpty(value)) known[name] = (spec.lists?.[name] ? listOf(name, value, spec.lists[name]) : value) as IDataObject[string];
	};
	// In a list of objects, the names inside each object are checked too: addresses[0].street.
	const listOf = (name: string, value: unknown, inner: string[]) => {
		if (!Array.isArray(value)) return value;
		return value.map((entry, index) => {
			if (!isPlainObject(entry)) return entry;
			const kept: IDataObject = {};
			for (const [key, innerValue] of Object.entries(entry)) {
				if (inner.includes(key)) kept[key] = innerValue;
				else {
					const suggestion = nearMiss(key, inner);
					unknown.push({ name: `${name}[${index}].${key}`, suggestion: suggestion && `${name}[${index}].${suggestion}` });
				}
			}
			return kept;
		});
	};
	for (const [name, value] of Object.entries(item ?? {})) {
		if (groups.has(name) && isPlainObject(value)) {
			for (const [inner, innerValue] of Object.entries(value)) take(`${name}.${inner}`, innerValue);
		} else if (groups.has(name)) {
			// An empty group (null, empty text) is not given, like any other empty value.
			if (isEmpty(value)) continue;
			const inner = Object.keys(spec.fields).filter((key) => key.startsWith(`${name}.`)).map((key) => key.slice(name.length + 1));
			throw new FieldError('Input Mode', `Map Automatically needs "${name}" to be an object with ${inner.join(' and/or ')}`);
		} else {
			take(name, value);
		}
	}
	const nearMisses = unknown.filter((field) => field.suggestion);
	if (unknown.length && !ignoreUnknown) {
		throw new FieldError(
			'Input Mode',
			`Map Automatically found ${unknown.length === 1 ? 'a field' : 'fields'} the API does not document: ${unknown.map((field) => shown(field.name, field.suggestion)).join(', ')}`,
			`Map Automatically takes the API's own field names: ${acceptedNames(spec)}. Rename or remove the other fields (e.g. with an Edit Fields node), or turn on Ignore Unknown Fields to drop them.`,
		);
	}
	if (nearMisses.length && !ignoreNearMisses) {
		throw new FieldError(
			'Input Mode',
			`Map Automatically found ${nearMisses.length === 1 ? 'a field' : 'fields'} named almost like a documented one: ${nearMisses.map((field) => shown(field.name, field.suggestion)).join(', ')}`,
			`Names are matched exactly, case included, so this value would be dropped. Rename the field to the documented name (e.g. with an Edit Fields node), or remove it. Accepted names: ${acceptedNames(spec)}.`,
		);
	}
	return known;
}

function setPath(target: IDataObject, path: string, value: unknown): void {
	const keys = path.split('.');
	let current = target;
	for (const key of keys.slice(0, -1)) {
		if (!isPlainObject(current[key])) current[key] = {};
		current = current[key] as IDataObject;
	}
	current[keys[keys.length - 1]] = value as IDataObject[string];
}

/** Node-wide parameters every mode reads from the panel (never from the item). */
const PANEL_PARAMETERS = new Set(['options', 'authentication', 'resource', 'operation']);

/**
 * The parameters to build the request from: `params` itself for an operation without Map
 * Automatically and in the other modes; with Map Automatically, the Define Below parameters (of
 * the node's version, see `specFor`) filled from the input item. The runner calls it before every
 * operation's build; no operation calls it itself.
 */
export function autoMapped(params: Params, context: BuildContext, operationSpec: AutoMapSpec | undefined): Params {
	if (!operationSpec || params.string('inputMode', 'Input Mode', 'fields') !== AUTO_MAP_MODE) return params;
	// Version 1: off unless switched on, and then every unknown field is dropped. Version 2: on unless
	// switched off, and a near miss of a documented name fails the item either way.
	const version = context.nodeVersion ?? 1;
	const spec = specFor(operationSpec, version);
	const ignoreUnknown = params.boolean('ignoreUnknownFields', 'Ignore Unknown Fields', version >= 2);
	const known = pickFields(context.item, spec, ignoreUnknown, version >= 2 ? false : ignoreUnknown);
	// A copy, so that filling it never changes the spec shared by every item.
	const parameters = JSON.parse(JSON.stringify(spec.preset ?? {})) as IDataObject;
	for (const [name, value] of Object.entries(known)) {
		const path = spec.fields[name];
		if (path !== undefined) setPath(parameters, path, value);
	}
	spec.extra?.(known, parameters);
	return new Params((name, fallback) => {
		if (Object.prototype.hasOwnProperty.call(parameters, name)) return parameters[name];
		return PANEL_PARAMETERS.has(name) ? params.raw(name, fallback) : fallback;
	});
}
