import type { INodeProperties } from 'n8n-workflow';

import { confirmation, oneRecord } from '../../shared/fields/output';
import * as rules from '../../shared/fields/rules';
import { inVersions, showFor, text } from '../../shared/fields/describe';
import type { Operation } from '../../shared/types';
import { PATHS } from '../provider';
import { brandId, withoutEmpty, num } from './formFields';
import { customerLocator, eitherId, isV2, readCustomer } from './locator';

const showOp = { show: showFor('purgeData') };

export const description: INodeProperties[] = [
	{
		displayName: 'Purging removes all data linked to the customer and cannot be undone',
		name: 'purgeNotice',
		type: 'notice',
		default: '',
		displayOptions: showOp,
	},
	inVersions([1], text('External ID', 'externalPrimaryId', 'Your own ID of the customer. External ID or Customer ID is required.', { displayOptions: showOp })),
	customerLocator(['purgeData'], 'The customer whose data to purge. Omnidesk takes its ID or its External ID as it is: no lookup.'),
	{ ...brandId(), displayOptions: showOp },
	inVersions(
		[1],
		text('Customer ID', 'customerId', "Omnidesk's numeric ID of the customer. External ID or Customer ID is required.", { displayOptions: showOp }),
	),
];

export const purgeData: Operation = {
	option: {
		name: 'Purge Data',
		description: 'Permanently remove all data linked to a customer',
		action: 'Purge the data of a customer',
	},
	description,
	idempotent: true,
	build(params, context) {
		const customer = isV2(context) ? readCustomer(params) : undefined;
		// Unconfirmed: the parameter names follow the other calls of Omnidesk's API-sync guide.
		const qs = customer
			? withoutEmpty({
					...eitherId(customer, { id: 'customerID', externalId: 'externalPrimaryID' }),
					brandID: rules.wholeNumber(params.string('brandId', 'Brand ID'), 'Brand ID'),
				})
			: withoutEmpty({
					externalPrimaryID: params.string('externalPrimaryId', 'External ID'),
					brandID: rules.wholeNumber(params.string('brandId', 'Brand ID'), 'Brand ID'),
					customerID: rules.wholeNumber(params.string('customerId', 'Customer ID'), 'Customer ID'),
				});
		rules.oneOf(
			{ 'External ID': qs.externalPrimaryID, 'Customer ID': qs.customerID },
			'Omnidesk needs to know whose data to purge',
		);
		return {
			method: 'DELETE',
			path: PATHS.purgeData,
			qs,
			about: { [customer ? 'externalId' : 'externalPrimaryId']: qs.externalPrimaryID, brandId: num(qs.brandID), customerId: num(qs.customerID) },
		};
	},
	output: (body, request) => confirmation(oneRecord(body), { purged: true, ...request.about }),
};
