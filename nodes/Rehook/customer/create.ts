import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { showFor } from '../../shared/fields/describe';
import { confirmation } from '../../shared/fields/output';
import { FieldError } from '../../shared/fields/params';
import type { Operation } from '../../shared/types';
import { PATHS } from '../provider';
import { userProperties } from './userProperties';

/** Create's own field; its User Properties are listed with Create or Update's fields (userProperties.ts). */
export const description: INodeProperties[] = [
	{
		displayName: 'Other Fields (JSON)',
		name: 'otherFieldsJson',
		type: 'json',
		default: '{}',
		displayOptions: { show: showFor('create') },
		description: 'Other customer fields to send beside the user properties, as a JSON object',
	},
];

export const create: Operation = {
	option: {
		name: 'Create',
		description: 'Create a customer with user properties (with the App ID and App Secret credential)',
		action: 'Create a customer',
	},
	description,
	// A plain create: sent twice it could create two customers, so a 5xx is not retried.
	idempotent: false,
	build(params) {
		const other = params.jsonObject('otherFieldsJson', 'Other Fields (JSON)');
		const clash = Object.keys(other).find((key) => key.toLowerCase() === 'metadata');
		if (clash) {
			throw new FieldError('Other Fields (JSON)', `holds "${clash}"`, 'Put user properties under User Properties; they are sent as Metadata');
		}
		const body: IDataObject = { Metadata: userProperties(params), ...other };
		return { method: 'POST', path: PATHS.apiCustomers, body };
	},
	output: (body) => confirmation(body, { created: true }),
};
