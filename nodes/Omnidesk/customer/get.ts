import type { INodeProperties } from 'n8n-workflow';

import { record } from '../../shared/fields/output';
import { showFor, text } from '../../shared/fields/describe';
import type { Operation } from '../../shared/types';
import { PATHS } from '../provider';

import { id } from './validate';

export const description: INodeProperties[] = [
	text('Customer ID', 'customerId', "Omnidesk's numeric ID of the customer", {
		required: true,
		displayOptions: { show: showFor('get') },
	}),
];

export const get: Operation = {
	option: {
		name: 'Get',
		description: 'Get a customer by Omnidesk ID',
		action: 'Get a customer',
	},
	description,
	idempotent: true,
	build(params) {
		return { method: 'GET', path: PATHS.item(id(params.string('customerId', 'Customer ID'), 'Customer ID')) };
	},
	// The answer's wrapping is undocumented: {item}, {data} or a one-entry items list give the record.
	output: (body) => record(body),
};
