import type { INodeProperties } from 'n8n-workflow';

import { confirmation, oneRecord } from '../../shared/output';
import * as rules from '../../shared/rules';
import { collection } from '../../shared/describe';
import type { Operation } from '../../shared/types';
import { PATHS } from '../provider';
import { brandId, channels, customFields, field, firstName, form, id, lastName, num, personName, requireChange, show, text } from './fields';

const showOp = { show: show('update') };

export const description: INodeProperties[] = [
	text('Customer ID', 'customerId', "Omnidesk's numeric ID of the customer", { required: true, displayOptions: showOp }),
	collection('Update Fields', 'updateFields', showOp.show, [brandId(), firstName, lastName]),
];

export const update: Operation = {
	description,
	idempotent: true,
	build(params) {
		const customerId = id(params.string('customerId', 'Customer ID'), 'Customer ID');
		const changes = params.collection('updateFields');
		const fields = {
			...form({
				brandID: rules.wholeNumber(field(changes, 'brandId', 'Brand ID'), 'Brand ID'),
				firstname: personName(field(changes, 'firstName', 'First Name'), 'First Name'),
				lastname: personName(field(changes, 'lastName', 'Last Name'), 'Last Name'),
			}),
			...customFields(params),
			...channels(params),
		};
		requireChange(fields, ['brandID'], 'Update Fields', 'Give a First Name, a Last Name, a custom field or a channel to update');
		return {
			method: 'PUT',
			path: PATHS.item(customerId),
			form: { encoding: 'urlencoded', fields },
			about: { customerId: num(customerId) },
		};
	},
	output: (body, request) => confirmation(oneRecord(body), { updated: true, ...request.about }),
};
