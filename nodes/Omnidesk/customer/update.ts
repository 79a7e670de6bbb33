import type { INodeProperties } from 'n8n-workflow';

import { confirmation, oneRecord } from '../../shared/fields/output';
import * as rules from '../../shared/fields/rules';
import { collection, inVersions, showFor, text } from '../../shared/fields/describe';
import type { ApiRequest, Operation } from '../../shared/types';
import { PATHS } from '../provider';
import { autoMapSpec, brandId, channels, customFields, field, firstName, withoutEmpty, lastName, num } from './formFields';
import { customerLocator, isV2, readCustomer, withCustomerId } from './locator';
import { id, personName, requireChange } from './validate';

const showOp = { show: showFor('update') };

/** Map Automatically: the form's own field names, custom_<name> and the numbered channel fields. */
const autoMap = autoMapSpec({
	id: 'customerId',
	brandID: 'updateFields.brandId',
	firstname: 'updateFields.firstName',
	lastname: 'updateFields.lastName',
}, true, { 2: { id: 'customer' } });

export const description: INodeProperties[] = [
	inVersions([1], text('Customer ID', 'customerId', "Omnidesk's numeric ID of the customer", { required: true, displayOptions: showOp })),
	customerLocator(['update'], 'The customer to update'),
	collection('Update Fields', 'updateFields', showOp.show, [brandId(), firstName, lastName]),
];

export const update: Operation = {
	option: {
		name: 'Update',
		description: 'Update a customer’s fields, custom fields and channels',
		action: 'Update a customer',
	},
	description,
	autoMap,
	idempotent: true,
	build(params, context) {
		const v2 = isV2(context);
		const customer = v2 ? readCustomer(params) : undefined;
		const customerId = customer ? '' : id(params.string('customerId', 'Customer ID'), 'Customer ID');
		const changes = params.collection('updateFields');
		const fields = {
			...withoutEmpty({
				brandID: rules.wholeNumber(field(changes, 'brandId', 'Brand ID'), 'Brand ID'),
				firstname: personName(field(changes, 'firstName', 'First Name'), 'First Name'),
				lastname: personName(field(changes, 'lastName', 'Last Name'), 'Last Name'),
			}),
			...customFields(params),
			...channels(params),
		};
		requireChange(fields, ['brandID'], 'Update Fields', 'Give a First Name, a Last Name, a custom field or a channel to update');
		const request = (forCustomer: string): ApiRequest => ({
			method: 'PUT',
			path: PATHS.item(forCustomer),
			form: { encoding: 'urlencoded', fields },
			about: { customerId: num(forCustomer) },
		});
		return customer ? withCustomerId(customer, request, update) : request(customerId);
	},
	output: (body, request) => confirmation(oneRecord(body), { updated: true, ...request.about }),
};
