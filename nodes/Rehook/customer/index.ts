import type { INodeProperties } from 'n8n-workflow';

import { retryOnFailNotice } from '../../shared/fields/describe';
import type { Operation } from '../../shared/types';
import { create } from './create';
import { createOrUpdate } from './createOrUpdate';
import { userPropertiesDescription } from './userProperties';

/** The Customer operations; each takes its own credential (CREDENTIAL_OF_OPERATION). */
export const customerOperations: Record<string, Operation> = { createOrUpdate, create };

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
