import type { INodeProperties } from 'n8n-workflow';

import { confirmation, oneRecord } from '../../shared/fields/output';
import * as rules from '../../shared/fields/rules';
import { collection, inVersions, showFor, text } from '../../shared/fields/describe';
import type { Operation } from '../../shared/types';
import { PATHS } from '../provider';
import { autoMapSpec, brandId, channels, customFields, field, firstName, withoutEmpty, lastName, num } from './formFields';
import { externalIdField, isV2, readExternalId } from './locator';
import { personName } from './validate';

const showOp = { show: showFor('createCrud') };

/** Map Automatically: the form's own field names, custom_<name> and the numbered channel fields. */
const autoMap = autoMapSpec({
	primaryID: 'primaryId',
	brandID: 'brandId',
	firstname: 'additionalFields.firstName',
	lastname: 'additionalFields.lastName',
}, true, { 2: { primaryID: 'externalId' } });

const EXTERNAL_ID = 'Your own ID of the new customer, e.g. from your CRM or shop';

export const description: INodeProperties[] = [
	inVersions([1], text('External ID', 'primaryId', EXTERNAL_ID, { required: true, displayOptions: showOp })),
	externalIdField(['createCrud'], EXTERNAL_ID, { required: true }),
	{ ...brandId(), displayOptions: showOp },
	collection('Additional Fields', 'additionalFields', showOp.show, [firstName, lastName]),
];

export const createCrud: Operation = {
	option: {
		name: 'Create with Channels',
		description: 'Create a customer by External ID with custom fields and several channels at once',
		action: 'Create a customer with several channels',
	},
	description,
	autoMap,
	// A plain create: not retried after a 5xx or a broken connection.
	idempotent: false,
	build(params, context) {
		const v2 = isV2(context);
		const extra = params.collection('additionalFields');
		const fields = {
			...withoutEmpty({
				primaryID: rules.required(readExternalId(params, context, 'primaryId'), 'External ID', 'Your own ID of the new customer'),
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
			about: { [v2 ? 'externalId' : 'primaryId']: fields.primaryID, brandId: num(fields.brandID) },
		};
	},
	output: (body, request) => confirmation(oneRecord(body), { created: true, ...request.about }),
};
