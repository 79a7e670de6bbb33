import type { INodeProperties } from 'n8n-workflow';

import { inVersions, showFor, text } from '../../shared/fields/describe';
import { resultsOrNotFound } from '../../shared/fields/output';
import * as rules from '../../shared/fields/rules';
import type { ApiRequest, Operation } from '../../shared/types';
import { PATHS, TICKET_HISTORY_PARAM } from '../provider';
import { brandId, num } from './formFields';
import { customerLocator, isV2, readCustomer, withExternalId } from './locator';
import { id } from './validate';

const showOp = { show: showFor('getTimeline') };

export const description: INodeProperties[] = [
	inVersions([1], text('External ID', 'externalId', 'Your own ID of the customer', { required: true, displayOptions: showOp })),
	customerLocator(
		['getTimeline'],
		'The customer whose timeline to get. Omnidesk finds a timeline by External ID: picked From List or By ID, the customer is read first for its External ID.',
	),
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
		description: 'Get the events on a customer’s timeline',
		action: 'Get the timeline of a customer',
	},
	description,
	idempotent: true,
	build(params, context) {
		const customer = isV2(context) ? readCustomer(params) : undefined;
		const brand = id(params.string('brandId', 'Brand ID'), 'Brand ID');
		const legacyExternalId = customer ? '' : rules.required(params.string('externalId', 'External ID'), 'External ID');
		// Omnidesk returns the history when the parameter is present, whatever its value.
		const history = params.boolean('includeTicketHistory', 'Include Ticket History', false);
		const request = (externalId: string): ApiRequest => {
			const qs: Record<string, string> = { brand_id: brand, external_id: externalId };
			if (history) qs[TICKET_HISTORY_PARAM] = '1';
			return { method: 'GET', path: PATHS.timeline, qs, about: { externalId, brandId: num(brand) } };
		};
		return customer ? withExternalId(customer, request, getTimeline) : request(legacyExternalId);
	},
	output: (body, request) => resultsOrNotFound(body, request.about ?? {}),
};
