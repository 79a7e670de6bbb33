import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

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
export function retryOnFailNotice(operation: string[]): INodeProperties {
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
 * The property, shown only in the given node versions (n8n's `@version` display option): how a
 * parameter whose name or meaning changed stays as it was in workflows saved with the older version.
 */
export function inVersions(versions: number[], property: INodeProperties): INodeProperties {
	const displayOptions = property.displayOptions ?? {};
	return { ...property, displayOptions: { ...displayOptions, show: { ...displayOptions.show, '@version': versions } } };
}
