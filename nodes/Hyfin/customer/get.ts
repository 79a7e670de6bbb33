import type { INodeProperties } from 'n8n-workflow';

import { showFor, text } from '../../shared/fields/describe';
import * as rules from '../../shared/fields/rules';
import type { Operation } from '../../shared/types';
import { PATHS } from '../provider';
import { siteId } from './siteId';

export const description: INodeProperties[] = [
	text('External ID', 'externalId', 'The customer’s unique ID in your system, as sent with Add or Update', {
		required: true,
		displayOptions: { show: showFor('get') },
	}),
];

export const get: Operation = {
	option: {
		name: 'Get',
		description: 'Get a customer by external ID',
		action: 'Get a customer',
	},
	description,
	idempotent: true,
	build(params, context) {
		const site = siteId(params, context);
		const externalId = rules.pathSegment(
			rules.required(params.string('externalId', 'External ID'), 'External ID', 'The ID the customer was added with'),
			'External ID',
		);
		return { method: 'GET', path: PATHS.customer(site, externalId) };
	},
};
