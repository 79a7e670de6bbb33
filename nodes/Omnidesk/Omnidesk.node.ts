import {
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { customerResource } from '../shared/fields/describe';
import { CUSTOMER_NODE } from '../shared/node';
import { commonOptions } from '../shared/fields/options';
import { runOperation } from '../shared/run/runner';
import { customerDescription, customerOperations } from './customer';
import { searchCustomers } from './methods/listSearch';
import { OMNIDESK_CREDENTIAL, omnidesk } from './provider';

export class Omnidesk implements INodeType {
	description: INodeTypeDescription = {
		...CUSTOMER_NODE,
		displayName: 'Omnidesk',
		name: 'omnidesk',
		icon: { light: 'file:../../icons/omnidesk.svg', dark: 'file:../../icons/omnidesk.dark.svg' },
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Create, update, search, delete and purge customers in Omnidesk',
		defaults: { name: 'Omnidesk' },
		usableAsTool: true,
		credentials: [{ name: OMNIDESK_CREDENTIAL, required: true }],
		properties: [
			customerResource,
			...customerDescription,
			...commonOptions(),
		],
	};

	methods = {
		listSearch: { searchCustomers },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runOperation(this, omnidesk, { customer: customerOperations }, OMNIDESK_CREDENTIAL);
	}
}
