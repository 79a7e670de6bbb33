import type { INodeProperties } from 'n8n-workflow';

import { retryOnFailNotice } from '../../shared/describe';
import type { OperationMap } from '../../shared/types';
import type { RehookAuthentication } from '../provider';
import { create } from './create';
import { createOrUpdate } from './createOrUpdate';
import { userPropertiesDescription } from './fields';

/** Each authentication form has its own documented endpoint. */
export const operationsByAuthentication: Record<RehookAuthentication, OperationMap> = {
	basic: { customer: { createOrUpdate } },
	appSecret: { customer: { create } },
};

export const customerDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['customer'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create a customer with user properties (with the App ID and App Secret credential)',
				action: 'Create a customer',
			},
			{
				name: 'Create or Update',
				value: 'createOrUpdate',
				description: 'Create a customer, or update the one with the same source ID (with the API key and secret key credential)',
				action: 'Create or update a customer',
			},
		],
		default: 'createOrUpdate',
	},
	retryOnFailNotice(['create']),
	...createOrUpdate.description,
	...userPropertiesDescription,
	...create.description,
];
