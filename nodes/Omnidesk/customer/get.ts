import type { INodeProperties } from 'n8n-workflow';

import { inVersions, showFor, text } from '../../shared/fields/describe';
import { record } from '../../shared/fields/output';
import type { Operation } from '../../shared/types';
import { PATHS } from '../provider';
import { customerLocator, isV2, readCustomer, withCustomerId } from './locator';
import { id } from './validate';

export const description: INodeProperties[] = [
	inVersions(
		[1],
		text('Customer ID', 'customerId', "Omnidesk's numeric ID of the customer", {
			required: true,
			displayOptions: { show: showFor('get') },
		}),
	),
	customerLocator(['get'], 'The customer to get'),
];

export const get: Operation = {
	option: {
		name: 'Get',
		description: 'Get a customer’s record with its channels and custom fields',
		action: 'Get a customer',
	},
	description,
	idempotent: true,
	build(params, context) {
		const request = (customerId: string) => ({ method: 'GET' as const, path: PATHS.item(customerId) });
		if (isV2(context)) return withCustomerId(readCustomer(params), request, get);
		return request(id(params.string('customerId', 'Customer ID'), 'Customer ID'));
	},
	// The answer's wrapping is undocumented: {item}, {data} or a one-entry items list give the record.
	output: (body) => record(body),
};
