import type { INodeProperties } from 'n8n-workflow';

import { confirmation, oneRecord } from '../../shared/fields/output';
import * as rules from '../../shared/fields/rules';
import { showFor, text } from '../../shared/fields/describe';
import type { Operation } from '../../shared/types';
import { PATHS } from '../provider';
import { brandId, num } from './formFields';
import { id, telephone } from './validate';

const showOp = { show: showFor('syncWithCrm') };

export const description: INodeProperties[] = [
	{ ...brandId('The brand whose CRM lookup URL is used'), required: true, displayOptions: showOp },
	text('Channel', 'channel', 'The kind of address, e.g. phoneNumber', { default: 'phoneNumber', required: true, displayOptions: showOp }),
	text('Address', 'address', 'The address on that channel, e.g. a telephone number such as +31612345678', {
		required: true,
		displayOptions: showOp,
	}),
];

export const syncWithCrm: Operation = {
	option: {
		name: 'Sync with CRM',
		description: 'Refresh a customer from the CRM lookup URL configured for the brand',
		action: 'Sync a customer with the CRM',
	},
	description,
	// Fetches the CRM's current data again: repeating it gives the same result.
	idempotent: true,
	build(params) {
		const channel = rules.required(params.string('channel', 'Channel', 'phoneNumber'), 'Channel', 'e.g. phoneNumber');
		const address = rules.required(params.string('address', 'Address'), 'Address', 'The address to look the customer up by in the CRM');
		if (channel === 'phoneNumber' || channel === 'telephone') telephone(address, 'Address');
		if (channel === 'email') rules.email(address, 'Address');
		const fields = { brandID: id(params.string('brandId', 'Brand ID'), 'Brand ID'), channel, address };
		return {
			method: 'POST',
			path: PATHS.syncWithCrm,
			form: { encoding: 'multipart', fields },
			about: { brandId: num(fields.brandID), channel, address },
		};
	},
	output: (body, request) => confirmation(oneRecord(body), { synced: true, ...request.about }),
};
