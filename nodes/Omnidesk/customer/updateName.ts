import type { INodeProperties } from 'n8n-workflow';

import { confirmation, oneRecord } from '../../shared/fields/output';
import * as rules from '../../shared/fields/rules';
import { showFor, text } from '../../shared/fields/describe';
import type { Operation } from '../../shared/types';
import { PATHS } from '../provider';
import { brandId, customFields, firstName, withoutEmpty, lastName, num } from './formFields';
import { personName, requireChange } from './validate';

const showOp = { show: showFor('updateName') };

export const description: INodeProperties[] = [
	{
		displayName: 'Find the customer by at least one of Primary ID, Brand ID and Customer ID',
		name: 'updateNameNotice',
		type: 'notice',
		default: '',
		displayOptions: showOp,
	},
	text('Primary ID', 'primaryId', 'Your own (external primary) ID of the customer', { displayOptions: showOp }),
	{ ...brandId(), displayOptions: showOp },
	text('Customer ID', 'customerId', "Omnidesk's numeric ID of the customer", { displayOptions: showOp }),
	{ ...firstName, displayOptions: showOp },
	{ ...lastName, displayOptions: showOp },
];

const IDS = ['primaryID', 'brandID', 'customerID'];

export const updateName: Operation = {
	option: {
		name: 'Update Name',
		description: 'Update a customer’s name and custom fields, found by primary, brand or customer ID',
		action: 'Update the name of a customer',
	},
	description,
	idempotent: true,
	build(params) {
		const fields = {
			...withoutEmpty({
				primaryID: params.string('primaryId', 'Primary ID'),
				brandID: rules.wholeNumber(params.string('brandId', 'Brand ID'), 'Brand ID'),
				customerID: rules.wholeNumber(params.string('customerId', 'Customer ID'), 'Customer ID'),
				firstname: personName(params.string('firstName', 'First Name'), 'First Name'),
				lastname: personName(params.string('lastName', 'Last Name'), 'Last Name'),
			}),
			...customFields(params),
		};
		rules.oneOf(
			{ 'Primary ID': fields.primaryID, 'Brand ID': fields.brandID, 'Customer ID': fields.customerID },
			'Omnidesk needs at least one of them to find the customer',
		);
		requireChange(fields, IDS, 'First Name', 'Give a First Name, a Last Name or a custom field to update');
		return {
			method: 'PUT',
			path: PATHS.index,
			form: { encoding: 'urlencoded', fields },
			about: { primaryId: fields.primaryID, brandId: num(fields.brandID), customerId: num(fields.customerID) },
		};
	},
	output: (body, request) => confirmation(oneRecord(body), { updated: true, ...request.about }),
};
