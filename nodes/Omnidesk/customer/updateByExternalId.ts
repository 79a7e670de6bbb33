import type { INodeProperties } from 'n8n-workflow';

import { confirmation, oneRecord } from '../../shared/fields/output';
import * as rules from '../../shared/fields/rules';
import { collection, inVersions } from '../../shared/fields/describe';
import { acceptedNames, autoMapped, hiddenWhenAutoMapped, ignoreUnknownFieldsProperty, inputModeProperty } from '../../shared/fields/automap';
import type { Operation } from '../../shared/types';
import { PATHS } from '../provider';
import { autoMapSpec, brandId, channels, customFields, field, firstName, withoutEmpty, lastName, num, renamedPaths, show, text } from './formFields';
import { externalIdField, isV2, readExternalId } from './locator';
import { personName, requireChange } from './validate';

const showOp = { show: show('updateByExternalId') };

/** Map Automatically: the form's own field names, custom_<name> and the numbered channel fields. */
export const AUTO_MAP = autoMapSpec({
	externalPrimaryID: 'externalPrimaryId',
	brandID: 'brandId',
	firstname: 'updateFields.firstName',
	lastname: 'updateFields.lastName',
}, true);
const AUTO_MAP_V2 = renamedPaths(AUTO_MAP, { externalPrimaryId: 'externalId' });

const EXTERNAL_ID = 'Your own ID of the customer: Omnidesk finds the customer to update by it';

const defineBelow: INodeProperties[] = [
	inVersions([1], text('External ID', 'externalPrimaryId', EXTERNAL_ID, { required: true, displayOptions: showOp })),
	externalIdField(['updateByExternalId'], EXTERNAL_ID, { required: true }),
	{ ...brandId(), displayOptions: showOp },
	collection('Update Fields', 'updateFields', showOp.show, [firstName, lastName]),
];

export const description: INodeProperties[] = [
	inputModeProperty(show('updateByExternalId')),
	ignoreUnknownFieldsProperty(show('updateByExternalId'), acceptedNames(AUTO_MAP)),
	...defineBelow.map(hiddenWhenAutoMapped),
];

export const updateByExternalId: Operation = {
	description,
	idempotent: true,
	build(input, context) {
		const v2 = isV2(context);
		const params = autoMapped(input, context, v2 ? AUTO_MAP_V2 : AUTO_MAP);
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
