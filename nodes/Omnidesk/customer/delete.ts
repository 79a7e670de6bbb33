import type { INodeProperties } from 'n8n-workflow';

import { inVersions, showFor, text } from '../../shared/fields/describe';
import { confirmation, oneRecord } from '../../shared/fields/output';
import type { ApiRequest, Operation } from '../../shared/types';
import { PATHS } from '../provider';
import { num } from './formFields';
import { customerLocator, isV2, readCustomer, withCustomerId } from './locator';
import { id } from './validate';

export const description: INodeProperties[] = [
	inVersions(
		[1],
		text('Customer ID', 'customerId', "Omnidesk's numeric ID of the customer to delete", {
			required: true,
			displayOptions: { show: showFor('delete') },
		}),
	),
	customerLocator(['delete'], 'The customer to delete'),
];

const request = (customerId: string): ApiRequest => ({ method: 'DELETE', path: PATHS.item(customerId), about: { customerId: num(customerId) } });

export const deleteCustomer: Operation = {
	option: {
		name: 'Delete',
		description: 'Delete a customer',
		action: 'Delete a customer',
	},
	description,
	idempotent: true,
	goneMeansDone: true,
	build(params, context) {
		if (isV2(context)) return withCustomerId(readCustomer(params), request, deleteCustomer);
		return request(id(params.string('customerId', 'Customer ID'), 'Customer ID'));
	},
	output: (body, request) => confirmation(oneRecord(body), { deleted: true, ...request.about }),
};
