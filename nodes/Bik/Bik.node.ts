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
import { BIK_CREDENTIAL, bik } from './provider';

export class Bik implements INodeType {
	description: INodeTypeDescription = {
		...CUSTOMER_NODE,
		displayName: 'BIK',
		name: 'bik',
		icon: { light: 'file:../../icons/bik.svg', dark: 'file:../../icons/bik.dark.svg' },
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Create, update and look up customers in BIK',
		defaults: { name: 'BIK' },
		usableAsTool: true,
		credentials: [{ name: BIK_CREDENTIAL, required: true }],
		properties: [
			customerResource,
			...customerDescription,
			...commonOptions(),
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runOperation(this, bik, { customer: customerOperations }, BIK_CREDENTIAL);
	}
}
