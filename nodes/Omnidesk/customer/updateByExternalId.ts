import type { INodeProperties } from 'n8n-workflow';

import { confirmation, oneRecord } from '../../shared/fields/output';
import * as rules from '../../shared/fields/rules';
import { collection, showFor, text } from '../../shared/fields/describe';
import type { Operation } from '../../shared/types';
import { PATHS } from '../provider';
import { autoMapSpec, brandId, channels, customFields, field, firstName, withoutEmpty, lastName, num } from './formFields';
import { personName, requireChange } from './validate';

const showOp = { show: showFor('updateByExternalId') };

/** Map Automatically: the form's own field names, custom_<name> and the numbered channel fields. */
const autoMap = autoMapSpec({
	externalPrimaryID: 'externalPrimaryId',
	brandID: 'brandId',
	firstname: 'updateFields.firstName',
	lastname: 'updateFields.lastName',
}, true);

export const description: INodeProperties[] = [
	text('External Primary ID', 'externalPrimaryId', 'Your own (external primary) ID of the customer', {
		required: true,
		displayOptions: showOp,
	}),
	{ ...brandId(), displayOptions: showOp },
	collection('Update Fields', 'updateFields', showOp.show, [firstName, lastName]),
];

export const updateByExternalId: Operation = {
	option: {
		name: 'Update by External ID',
		description: 'Update a customer’s fields, custom fields and channels by your own primary ID',
		action: 'Update a customer by external ID',
	},
	description,
	autoMap,
	idempotent: true,
	build(params) {
		const changes = params.collection('updateFields');
		const fields = {
			...withoutEmpty({
				externalPrimaryID: rules.required(
					params.string('externalPrimaryId', 'External Primary ID'),
					'External Primary ID',
					'Omnidesk finds the customer by your primary ID',
				),
				brandID: rules.wholeNumber(params.string('brandId', 'Brand ID'), 'Brand ID'),
				firstname: personName(field(changes, 'firstName', 'First Name'), 'First Name'),
				lastname: personName(field(changes, 'lastName', 'Last Name'), 'Last Name'),
			}),
			...customFields(params),
			...channels(params),
		};
		requireChange(fields, ['externalPrimaryID', 'brandID'], 'Update Fields', 'Give a First Name, a Last Name, a custom field or a channel to update');
		return {
			method: 'PUT',
			path: PATHS.updateCustomer,
			form: { encoding: 'urlencoded', fields },
			about: { externalPrimaryId: fields.externalPrimaryID, brandId: num(fields.brandID) },
		};
	},
	output: (body, request) => confirmation(oneRecord(body), { updated: true, ...request.about }),
};
