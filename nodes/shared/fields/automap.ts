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

/** The Ignore Unknown Fields switch, shown only with Map Automatically. */
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
		ignoreUnknownFieldsProperty(show, acceptedNames(spec)),
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

/**
 * The item's fields the operation documents, by API name, empty ones left out. Unknown fields fail
 * the item (FieldError listing them, and the accepted names in its hint), or are dropped when
 * `ignoreUnknown` is on.
 */
export function pickFields(item: IDataObject, spec: AutoMapSpec, ignoreUnknown: boolean): IDataObject {
	const groups = new Set(Object.keys(spec.fields).filter((name) => name.includes('.')).map((name) => name.split('.')[0]));
	const known: IDataObject = {};
	const unknown: string[] = [];
	const take = (name: string, value: unknown) => {
		const documented =
			Object.prototype.hasOwnProperty.call(spec.fields, name) || (spec.families ?? []).some((family) => family.pattern.test(name));
		if (!documented) unknown.push(name);
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
				else unknown.push(`${name}[${index}].${key}`);
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
	if (unknown.length && !ignoreUnknown) {
		throw new FieldError(
			'Input Mode',
			`Map Automatically found ${unknown.length === 1 ? 'a field' : 'fields'} the API does not document: ${unknown.map((name) => `"${name}"`).join(', ')}`,
			`Map Automatically takes the API's own field names: ${acceptedNames(spec)}. Rename or remove the other fields (e.g. with an Edit Fields node), or turn on Ignore Unknown Fields to drop them.`,
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
 * Automatically and in the other modes; with Map Automatically, the Define Below parameters filled
 * from the input item. The runner calls it before every operation's build.
 */
export function autoMapped(params: Params, context: BuildContext, spec: AutoMapSpec | undefined): Params {
	if (!spec || params.string('inputMode', 'Input Mode', 'fields') !== AUTO_MAP_MODE) return params;
	const ignoreUnknown = params.boolean('ignoreUnknownFields', 'Ignore Unknown Fields', false);
	const known = pickFields(context.item, spec, ignoreUnknown);
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
