import type { INodeProperties } from 'n8n-workflow';

import { confirmation, oneRecord } from '../../shared/fields/output';
import { showFor, text } from '../../shared/fields/describe';
import type { Operation } from '../../shared/types';
import { PATHS } from '../provider';
import { num } from './formFields';
import { id } from './validate';

export const description: INodeProperties[] = [
	text('Customer ID', 'customerId', "Omnidesk's numeric ID of the customer to delete", {
		required: true,
		displayOptions: { show: showFor('delete') },
	}),
];

export const deleteCustomer: Operation = {
	option: {
		name: 'Delete',
		description: 'Delete a customer',
		action: 'Delete a customer',
	},
	description,
	idempotent: true,
	goneMeansDone: true,
	build(params) {
		const customerId = id(params.string('customerId', 'Customer ID'), 'Customer ID');
		return { method: 'DELETE', path: PATHS.item(customerId), about: { customerId: num(customerId) } };
	},
	output: (body, request) => confirmation(oneRecord(body), { deleted: true, ...request.about }),
};
