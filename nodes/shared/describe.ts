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
