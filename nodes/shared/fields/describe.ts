import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import type { Operation } from '../types';
import { hiddenWhenAutoMapped, withAutoMap } from './automap';

/** Small builders for the field descriptions every node repeats. */

/** A text field, empty by default. */
export function text(displayName: string, name: string, description: string, extra: Partial<INodeProperties> = {}): INodeProperties {
	return { displayName, name, type: 'string', default: '', description, ...extra };
}

/** A collection of optional fields ("Add Field"), such as Additional Fields or Update Fields. */
export function collection(
	displayName: string,
	name: string,
	show: NonNullable<IDisplayOptions['show']>,
	options: INodeProperties[],
	placeholder = 'Add Field',
): INodeProperties {
	return { displayName, name, type: 'collection', placeholder, default: {}, displayOptions: { show }, options };
}

/** displayOptions.show for fields of the Customer resource's given operations. */
export const showFor = (...operation: string[]) => ({ resource: ['customer'], operation });

/** The Resource switch of a node whose only resource is Customer (every node of this package). */
export const customerResource: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: [{ name: 'Customer', value: 'customer' }],
	default: 'customer',
};

/**
 * The notice a plain create shows: what n8n's own Settings › Retry On Fail does with it (it runs
 * the whole node again; the runner keeps that from sending an item twice, see tries.ts).
 */
function retryOnFailNotice(operation: string[]): INodeProperties {
	return {
		displayName:
			'Not idempotent: each item creates a new record. With Settings › Retry On Fail, n8n runs the node again: items that succeeded are not sent again, and an item that may already have been created (a 5xx or a lost answer) fails instead of being sent twice.',
		name: 'retryOnFailNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: showFor(...operation) },
	};
}

/**
 * Every property of the Customer resource, in the order the panel shows them:
 * 1. the Operation switch, one option per operation (its `option`, sorted by name as n8n sorts them);
 * 2. the Retry On Fail notice, when some operation is a plain create (not idempotent, no `upsert`);
 * 3. each operation's fields, with Map Automatically wired in where it has `autoMap`;
 * 4. `shared`: fields several operations show (hidden with Map Automatically too).
 */
export function customerProperties(
	operations: Record<string, Operation>,
	defaultOperation: string,
	shared: INodeProperties[] = [],
): INodeProperties[] {
	const names = Object.keys(operations);
	// Create or Update (`upsert`) is not idempotent either, but each item makes one record at most.
	const notIdempotent = names.filter((name) => !operations[name].idempotent && !operations[name].upsert);
	return [
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: ['customer'] } },
			options: names
				.map((value) => ({ ...operations[value].option, value }))
				.sort((a, b) => a.name.localeCompare(b.name))
				.map(({ name, value, description, action }) => ({ name, value, description, action })),
			default: defaultOperation,
		},
		...(notIdempotent.length ? [retryOnFailNotice(notIdempotent)] : []),
		...names.flatMap((name) => {
			const { autoMap, description } = operations[name];
			return autoMap ? withAutoMap(showFor(name), autoMap, description) : description;
		}),
		...(names.some((name) => operations[name].autoMap) ? shared.map(hiddenWhenAutoMapped) : shared),
	];
}

/**
 * The property, shown only in the given node versions (n8n's `@version` display option): how a
 * parameter whose name or meaning changed stays as it was in workflows saved with the older version.
 */
export function inVersions(versions: number[], property: INodeProperties): INodeProperties {
	const displayOptions = property.displayOptions ?? {};
	return { ...property, displayOptions: { ...displayOptions, show: { ...displayOptions.show, '@version': versions } } };
}
