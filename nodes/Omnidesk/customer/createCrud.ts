import type { INodeProperties } from 'n8n-workflow';

import { confirmation, oneRecord } from '../../shared/fields/output';
import * as rules from '../../shared/fields/rules';
import { collection, inVersions } from '../../shared/fields/describe';
import { acceptedNames, autoMapped, hiddenWhenAutoMapped, ignoreUnknownFieldsProperty, inputModeProperty } from '../../shared/fields/automap';
import type { Operation } from '../../shared/types';
import { PATHS } from '../provider';
import { autoMapSpec, brandId, channels, customFields, field, firstName, withoutEmpty, lastName, num, renamedPaths, show, text } from './formFields';
import { externalIdField, isV2, readExternalId } from './locator';
import { personName } from './validate';

const showOp = { show: show('createCrud') };

/** Map Automatically: the form's own field names, custom_<name> and the numbered channel fields. */
export const AUTO_MAP = autoMapSpec({
	primaryID: 'primaryId',
	brandID: 'brandId',
	firstname: 'additionalFields.firstName',
	lastname: 'additionalFields.lastName',
}, true);
const AUTO_MAP_V2 = renamedPaths(AUTO_MAP, { primaryId: 'externalId' });

const EXTERNAL_ID = 'Your own ID of the new customer, e.g. from your CRM or shop';

const defineBelow: INodeProperties[] = [
	inVersions([1], text('External ID', 'primaryId', EXTERNAL_ID, { required: true, displayOptions: showOp })),
	externalIdField(['createCrud'], EXTERNAL_ID, { required: true }),
	{ ...brandId(), displayOptions: showOp },
	collection('Additional Fields', 'additionalFields', showOp.show, [firstName, lastName]),
];

export const description: INodeProperties[] = [
	inputModeProperty(show('createCrud')),
	ignoreUnknownFieldsProperty(show('createCrud'), acceptedNames(AUTO_MAP)),
	...defineBelow.map(hiddenWhenAutoMapped),
];

export const createCrud: Operation = {
	description,
	// A plain create: not retried after a 5xx or a broken connection.
	idempotent: false,
	build(input, context) {
		const v2 = isV2(context);
		const params = autoMapped(input, context, v2 ? AUTO_MAP_V2 : AUTO_MAP);
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
