import type { INodeProperties } from 'n8n-workflow';

import { record } from '../../shared/fields/output';
import type { Operation } from '../../shared/types';
import { PATHS } from '../provider';
import { show, text } from './formFields';
import { id } from './validate';

export const description: INodeProperties[] = [
	text('Customer ID', 'customerId', "Omnidesk's numeric ID of the customer", {
		required: true,
		displayOptions: { show: show('get') },
	}),
];

export const get: Operation = {
	description,
	idempotent: true,
	build(params) {
		return { method: 'GET', path: PATHS.item(id(params.string('customerId', 'Customer ID'), 'Customer ID')) };
	},
	// The answer's wrapping is undocumented: {item}, {data} or a one-entry items list give the record.
	output: (body) => record(body),
};
