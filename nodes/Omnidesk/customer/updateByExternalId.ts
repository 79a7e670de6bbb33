import type { INodeProperties } from 'n8n-workflow';

import { confirmation, oneRecord } from '../../shared/fields/output';
import * as rules from '../../shared/fields/rules';
import { collection, inVersions, showFor, text } from '../../shared/fields/describe';
import type { Operation } from '../../shared/types';
import { PATHS } from '../provider';
import { autoMapSpec, brandId, channels, customFields, field, firstName, withoutEmpty, lastName, num } from './formFields';
import { externalIdField, isV2, readExternalId } from './locator';
import { personName, requireChange } from './validate';

const showOp = { show: showFor('updateByExternalId') };

/** Map Automatically: the form's own field names, custom_<name> and the numbered channel fields. */
const autoMap = autoMapSpec({
	externalPrimaryID: 'externalPrimaryId',
	brandID: 'brandId',
	firstname: 'updateFields.firstName',
	lastname: 'updateFields.lastName',
}, true, { 2: { externalPrimaryID: 'externalId' } });

const EXTERNAL_ID = 'Your own ID of the customer: Omnidesk finds the customer to update by it';

export const description: INodeProperties[] = [
	inVersions([1], text('External ID', 'externalPrimaryId', EXTERNAL_ID, { required: true, displayOptions: showOp })),
	externalIdField(['updateByExternalId'], EXTERNAL_ID, { required: true }),
	{ ...brandId(), displayOptions: showOp },
	collection('Update Fields', 'updateFields', showOp.show, [firstName, lastName]),
];

export const updateByExternalId: Operation = {
	option: {
		name: 'Update by External ID',
		description: 'Update a customer’s fields, custom fields and channels in one call, found by External ID',
		action: 'Update a customer by external ID',
	},
	description,
	autoMap,
	idempotent: true,
	build(params, context) {
		const v2 = isV2(context);
		const changes = params.collection('updateFields');
		const fields = {
			...withoutEmpty({
				externalPrimaryID: rules.required(readExternalId(params, context, 'externalPrimaryId'), 'External ID', 'Omnidesk finds the customer by your own ID of it'),
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
			about: { [v2 ? 'externalId' : 'externalPrimaryId']: fields.externalPrimaryID, brandId: num(fields.brandID) },
		};
	},
	output: (body, request) => confirmation(oneRecord(body), { updated: true, ...request.about }),
};
