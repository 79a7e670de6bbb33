import type { INodeProperties } from 'n8n-workflow';

import { inVersions, showFor, text } from '../../shared/fields/describe';
import { confirmation, oneRecord } from '../../shared/fields/output';
import * as rules from '../../shared/fields/rules';
import type { Operation } from '../../shared/types';
import { CRM_CHANNEL, PATHS } from '../provider';
import { brandId, channelTypeOptions, num } from './formFields';
import { isV2, PICKER_VERSION } from './locator';
import { channelAddress, id, telephone } from './validate';

const showOp = { show: showFor('syncWithCrm') };

export const description: INodeProperties[] = [
	{ ...brandId('The brand whose CRM lookup URL is used'), required: true, displayOptions: showOp },
	inVersions([1], text('Channel', 'channel', 'The kind of address, e.g. phoneNumber', { default: 'phoneNumber', required: true, displayOptions: showOp })),
	inVersions([PICKER_VERSION], {
		displayName: 'Channel',
		name: 'channelType',
		type: 'options',
		options: channelTypeOptions,
		default: 'telephone',
		displayOptions: showOp,
		description: 'The kind of address the CRM looks the customer up by. Telephone is sent as phoneNumber, the value Omnidesk documents for this call.',
	}),
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
	build(params, context) {
		const v2 = isV2(context);
		const chosen = v2
			? rules.required(params.string('channelType', 'Channel', 'telephone'), 'Channel')
			: rules.required(params.string('channel', 'Channel', 'phoneNumber'), 'Channel', 'e.g. phoneNumber');
		const address = rules.required(params.string('address', 'Address'), 'Address', 'The address to look the customer up by in the CRM');
		if (v2) channelAddress(chosen, address, 'Address');
		else {
			if (chosen === 'phoneNumber' || chosen === 'telephone') telephone(address, 'Address');
			if (chosen === 'email') rules.email(address, 'Address');
		}
		const channel = v2 ? (CRM_CHANNEL[chosen] ?? chosen) : chosen;
		const fields = { brandID: id(params.string('brandId', 'Brand ID'), 'Brand ID'), channel, address };
		return {
			method: 'POST',
			path: PATHS.syncWithCrm,
			form: { encoding: 'multipart', fields },
			about: { brandId: num(fields.brandID), channel: v2 ? chosen : channel, address },
		};
	},
	output: (body, request) => confirmation(oneRecord(body), { synced: true, ...request.about }),
};
