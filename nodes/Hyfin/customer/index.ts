import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../../shared/types';
import { addUpdate } from './addUpdate';
import { get } from './get';

export const customerOperations: Record<string, Operation> = { addUpdate, get };

export const customerDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['customer'] } },
		options: [
			{
				name: 'Add or Update',
				value: 'addUpdate',
				description: 'Add a customer, or update the one with the same external ID',
				action: 'Add or update a customer',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a customer by external ID',
				action: 'Get a customer',
			},
		],
		default: 'addUpdate',
	},
	...addUpdate.description,
	...get.description,
];
