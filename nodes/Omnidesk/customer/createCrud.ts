import type { INodeProperties } from 'n8n-workflow';

import { confirmation, oneRecord } from '../../shared/fields/output';
import * as rules from '../../shared/fields/rules';
import { collection, showFor, text } from '../../shared/fields/describe';
import type { Operation } from '../../shared/types';
import { PATHS } from '../provider';
import { autoMapSpec, brandId, channels, customFields, field, firstName, withoutEmpty, lastName, num } from './formFields';
import { personName } from './validate';

const showOp = { show: showFor('createCrud') };

/** Map Automatically: the form's own field names, custom_<name> and the numbered channel fields. */
const autoMap = autoMapSpec({
	primaryID: 'primaryId',
	brandID: 'brandId',
	firstname: 'additionalFields.firstName',
	lastname: 'additionalFields.lastName',
}, true);

export const description: INodeProperties[] = [
	text('Primary ID', 'primaryId', 'Your own (external primary) ID of the customer', { required: true, displayOptions: showOp }),
	{ ...brandId(), displayOptions: showOp },
	collection('Additional Fields', 'additionalFields', showOp.show, [firstName, lastName]),
];

export const createCrud: Operation = {
	option: {
		name: 'Create (CRUD)',
		description: 'Create a customer with custom fields and several channels at once',
		action: 'Create a customer with the CRUD endpoint',
	},
	description,
	autoMap,
	// A plain create: not retried after a 5xx or a broken connection.
	idempotent: false,
	build(params) {
		const extra = params.collection('additionalFields');
		const fields = {
			...withoutEmpty({
				primaryID: rules.required(params.string('primaryId', 'Primary ID'), 'Primary ID', 'Your own ID of the new customer'),
				brandID: rules.wholeNumber(params.string('brandId', 'Brand ID'), 'Brand ID'),
				firstname: personName(field(extra, 'firstName', 'First Name'), 'First Name'),
				lastname: personName(field(extra, 'lastName', 'Last Name'), 'Last Name'),
			}),
			...customFields(params),
			...channels(params),
		};
		return {
			method: 'POST',
			path: PATHS.createCustomerCrud,
			form: { encoding: 'multipart', fields },
			about: { primaryId: fields.primaryID, brandId: num(fields.brandID) },
		};
	},
	output: (body, request) => confirmation(oneRecord(body), { created: true, ...request.about }),
};
