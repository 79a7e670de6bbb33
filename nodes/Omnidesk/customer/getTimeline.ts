import type { INodeProperties } from 'n8n-workflow';

import { resultsOrNotFound } from '../../shared/fields/output';
import * as rules from '../../shared/fields/rules';
import { showFor, text } from '../../shared/fields/describe';
import type { Operation } from '../../shared/types';
import { PATHS, TICKET_HISTORY_PARAM } from '../provider';
import { brandId, num } from './formFields';
import { id } from './validate';

const showOp = { show: showFor('getTimeline') };

export const description: INodeProperties[] = [
	text('External Primary ID', 'externalId', 'Your own (external primary) ID of the customer', { required: true, displayOptions: showOp }),
	{ ...brandId(), required: true, displayOptions: showOp },
	{
		displayName: 'Include Ticket History',
		name: 'includeTicketHistory',
		type: 'boolean',
		default: false,
		displayOptions: showOp,
		description: 'Whether to also return the customer’s ticket history',
	},
];

export const getTimeline: Operation = {
	option: {
		name: 'Get Timeline',
		description: 'Get a customer’s timeline by external primary ID',
		action: 'Get the timeline of a customer',
	},
	description,
	idempotent: true,
	build(params) {
		const qs: Record<string, string> = {
			brand_id: id(params.string('brandId', 'Brand ID'), 'Brand ID'),
			external_id: rules.required(params.string('externalId', 'External Primary ID'), 'External Primary ID'),
		};
		// Omnidesk returns the history when the parameter is present, whatever its value.
		if (params.boolean('includeTicketHistory', 'Include Ticket History', false)) qs[TICKET_HISTORY_PARAM] = '1';
		return {
			method: 'GET',
			path: PATHS.timeline,
			qs,
			about: { externalId: qs.external_id, brandId: num(qs.brand_id) },
		};
	},
	output: (body, request) => resultsOrNotFound(body, request.about ?? {}),
};
