import type { INodeProperties } from 'n8n-workflow';

import { inVersions, showFor, text } from '../../shared/fields/describe';
import { confirmation, oneRecord } from '../../shared/fields/output';
import * as rules from '../../shared/fields/rules';
import type { Operation } from '../../shared/types';
import { PATHS } from '../provider';
import { brandId, customFields, firstName, withoutEmpty, lastName, num } from './formFields';
import { customerLocator, eitherId, isV2, readCustomer } from './locator';
import { personName, requireChange } from './validate';

const showOp = { show: showFor('updateName') };

export const description: INodeProperties[] = [
	inVersions([1], {
		displayName: 'Find the customer by at least one of External ID, Brand ID and Customer ID',
		name: 'updateNameNotice',
		type: 'notice',
		default: '',
		displayOptions: showOp,
	}),
	inVersions([1], text('External ID', 'primaryId', 'Your own ID of the customer', { displayOptions: showOp })),
	customerLocator(['updateName'], 'The customer to rename. Omnidesk takes its ID or its External ID as it is: no lookup.'),
	{ ...brandId(), displayOptions: showOp },
	inVersions([1], text('Customer ID', 'customerId', "Omnidesk's numeric ID of the customer", { displayOptions: showOp })),
	{ ...firstName, displayOptions: showOp },
	{ ...lastName, displayOptions: showOp },
];

const IDS = ['primaryID', 'brandID', 'customerID'];

export const updateName: Operation = {
	option: {
		name: 'Update Name',
		description: 'Update a customer’s name and custom fields',
		action: 'Update the name of a customer',
	},
	description,
	idempotent: true,
	build(params, context) {
		const customer = isV2(context) ? readCustomer(params) : undefined;
		const ids = customer
			? {
					...eitherId(customer, { id: 'customerID', externalId: 'primaryID' }),
					brandID: rules.wholeNumber(params.string('brandId', 'Brand ID'), 'Brand ID'),
				}
			: {
					primaryID: params.string('primaryId', 'External ID'),
					brandID: rules.wholeNumber(params.string('brandId', 'Brand ID'), 'Brand ID'),
					customerID: rules.wholeNumber(params.string('customerId', 'Customer ID'), 'Customer ID'),
				};
		const fields = {
			...withoutEmpty({
				...ids,
				firstname: personName(params.string('firstName', 'First Name'), 'First Name'),
				lastname: personName(params.string('lastName', 'Last Name'), 'Last Name'),
			}),
			...customFields(params),
		};
		rules.oneOf(
			{ 'External ID': fields.primaryID, 'Brand ID': fields.brandID, 'Customer ID': fields.customerID },
			'Omnidesk needs at least one of them to find the customer',
		);
		requireChange(fields, IDS, 'First Name', 'Give a First Name, a Last Name or a custom field to update');
		return {
			method: 'PUT',
			path: PATHS.index,
			form: { encoding: 'urlencoded', fields },
			about: { [customer ? 'externalId' : 'primaryId']: fields.primaryID, brandId: num(fields.brandID), customerId: num(fields.customerID) },
		};
	},
	output: (body, request) => confirmation(oneRecord(body), { updated: true, ...request.about }),
};
