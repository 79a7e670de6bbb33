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
import { CREDENTIAL_OF_OPERATION, rehook } from './provider';

export class Rehook implements INodeType {
	description: INodeTypeDescription = {
		...CUSTOMER_NODE,
		displayName: 'Rehook',
		name: 'rehook',
		icon: { light: 'file:../../icons/rehook.svg', dark: 'file:../../icons/rehook.dark.svg' },
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Create and update referral and loyalty customers in Rehook',
		defaults: { name: 'Rehook' },
		usableAsTool: true,
		credentials: [
			{ name: 'rehookApi', required: true, displayOptions: { show: { authentication: ['basic'] } } },
			{ name: 'rehookAppApi', required: true, displayOptions: { show: { authentication: ['appSecret'] } } },
		],
		properties: [
			// Each documented endpoint takes one of the two auth forms, so the operation decides which
			// credential the node asks for (CREDENTIAL_OF_OPERATION), and there is nothing to choose: the
			// Authentication parameter is hidden. It stays, with its values, because saved workflows hold
			// it and the credentials' displayOptions read it; its one option per operation lets the
			// editor reset it when the operation changes (n8n drops a value that is not among the
			// options of the parameter now shown), so it always matches the operation.
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'hidden',
				displayOptions: { show: { operation: ['createOrUpdate'] } },
				options: [{ name: 'API Key and Secret Key', value: 'basic' }],
				default: 'basic',
			},
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'hidden',
				displayOptions: { show: { operation: ['create'] } },
				options: [{ name: 'App ID and App Secret', value: 'appSecret' }],
				default: 'appSecret',
			},
			customerResource,
			...customerDescription,
			...commonOptions(),
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runOperation(this, rehook, { customer: customerOperations }, CREDENTIAL_OF_OPERATION);
	}
}
