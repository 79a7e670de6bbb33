import type { INodeProperties } from 'n8n-workflow';

import { confirmation, oneRecord } from '../../shared/fields/output';
import * as rules from '../../shared/fields/rules';
import { collection, inVersions, showFor, text } from '../../shared/fields/describe';
import type { Operation } from '../../shared/types';
import { PATHS } from '../provider';
import { brandId, field, withoutEmpty, num } from './formFields';
import { customerLocator, eitherIdFields, isV2, readCustomer } from './locator';

const showOp = { show: showFor('createExternalEvent') };

export const description: INodeProperties[] = [
	inVersions([1], text('External ID', 'externalId', 'Your own ID of the customer. External ID or Customer ID is required.', { displayOptions: showOp })),
	inVersions(
		[1],
		text('Customer ID', 'customerId', "Omnidesk's numeric ID of the customer. External ID or Customer ID is required.", { displayOptions: showOp }),
	),
	customerLocator(['createExternalEvent'], 'The customer on whose timeline the event goes. Omnidesk takes its ID or its External ID as it is: no lookup.'),
	{ ...brandId(), displayOptions: showOp },
	text('Message', 'message', 'What happened, as shown on the customer’s timeline, e.g. "Order 1234 shipped"', {
		required: true,
		typeOptions: { rows: 2 },
		displayOptions: showOp,
	}),
	collection('Additional Fields', 'additionalFields', showOp.show, [
		text('Initiated By', 'initiatedBy', 'Who or what caused the event, e.g. Webshop'),
		text('Source URL', 'sourceUrl', 'A link to the event in its own system', { placeholder: 'https://shop.example.com/orders/1234' }),
	],
	),
];

export const createExternalEvent: Operation = {
	option: {
		name: 'Create External Event',
		description: 'Add an event, such as an order or a mailing, to a customer’s timeline',
		action: 'Create an external event on a customer timeline',
	},
	description,
	// Each call adds an event to the timeline: sent twice, it shows twice. Not retried after a 5xx.
	idempotent: false,
	build(params, context) {
		const customer = isV2(context) ? readCustomer(params) : undefined;
		const ids = eitherIdFields(params, customer, { id: 'customer_id', externalId: 'external_id' }, 'externalId');
		const extra = params.collection('additionalFields');
		const fields = withoutEmpty({
			...ids,
			brand_id: rules.wholeNumber(params.string('brandId', 'Brand ID'), 'Brand ID'),
			initiated_by: field(extra, 'initiatedBy', 'Initiated By'),
			message: rules.required(params.string('message', 'Message'), 'Message', 'Describe the event for the timeline'),
			source_url: rules.url(field(extra, 'sourceUrl', 'Source URL'), 'Source URL'),
		});
		rules.oneOf(
			{ 'External ID': fields.external_id, 'Customer ID': fields.customer_id },
			'Omnidesk needs to know on whose timeline the event goes',
		);
		return {
			method: 'POST',
			path: PATHS.externalEvent,
			form: { encoding: 'multipart', fields },
			about: { externalId: fields.external_id, customerId: num(fields.customer_id), brandId: num(fields.brand_id) },
		};
	},
	output: (body, request) => confirmation(oneRecord(body), { created: true, ...request.about }),
};
