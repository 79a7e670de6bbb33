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
import { siteIdOption } from './customer/siteId';
import { HYFIN_CREDENTIAL, hyfin } from './provider';

export class Hyfin implements INodeType {
	description: INodeTypeDescription = {
		...CUSTOMER_NODE,
		displayName: 'Hyfin',
		name: 'hyfin',
		icon: { light: 'file:../../icons/hyfin.svg', dark: 'file:../../icons/hyfin.dark.svg' },
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Add, update and look up the customers that Hyfin sends payment requests to',
		defaults: { name: 'Hyfin' },
		usableAsTool: true,
		credentials: [{ name: HYFIN_CREDENTIAL, required: true }],
		properties: [
			customerResource,
			...customerDescription,
			...commonOptions([siteIdOption]),
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runOperation(this, hyfin, { customer: customerOperations }, HYFIN_CREDENTIAL);
	}
}
