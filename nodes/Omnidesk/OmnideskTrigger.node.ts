import {
	NodeConnectionTypes,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import { sequentialOptions } from '../shared/fields/options';
import { text } from '../shared/fields/describe';
import { OMNIDESK_CREDENTIAL } from './provider';
import { pollCustomers } from './trigger/poll';

/** The run options that apply to one page after another: no concurrency, a scan is sequential. */
const triggerOptions = sequentialOptions([
	text('Search Query', 'query', 'Watch only the customers this search finds (letters, digits and spaces), as Get Many’s search does'),
]);

export class OmnideskTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Omnidesk Trigger',
		name: 'omnideskTrigger',
		icon: { light: 'file:../../icons/omnidesk.svg', dark: 'file:../../icons/omnidesk.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["event"]}}',
		description: 'Starts the workflow when Omnidesk customers are created, changed or removed',
		defaults: { name: 'Omnidesk Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: OMNIDESK_CREDENTIAL, required: true }],
		properties: [
			{
				displayName: 'Trigger On',
				name: 'event',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Customer Removed',
						value: 'customerRemoved',
						description: 'A customer is gone from the list; outputs its ID only',
					},
					{
						name: 'New Customer',
						value: 'newCustomer',
						description: 'A customer appears in the list',
					},
					{
						name: 'New or Updated Customer',
						value: 'newOrUpdatedCustomer',
						description: 'A customer appears, or its name, external ID, brand or channels change (custom fields too where the list includes them)',
					},
				],
				default: 'newOrUpdatedCustomer',
				description:
					'Each poll reads the whole customer list, page by page, and compares it with the previous poll. The first poll after activation only takes note of the customers that exist.',
			},
			triggerOptions,
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollCustomers(this);
	}
}
