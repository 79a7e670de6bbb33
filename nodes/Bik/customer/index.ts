import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../../shared/types';
import { createOrUpdate } from './createOrUpdate';
import { get } from './get';

export const customerOperations: Record<string, Operation> = { createOrUpdate, get };

export const customerDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['customer'] } },
		options: [
			{
				name: 'Create or Update',
				value: 'createOrUpdate',
				description: 'Create a new customer, or update the one with the same email or phone number',
				action: 'Create or update a customer',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a customer by partner or BIK customer ID',
				action: 'Get a customer',
			},
		],
		default: 'createOrUpdate',
	},
	...createOrUpdate.description,
	...get.description,
];
