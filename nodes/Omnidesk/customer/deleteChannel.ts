import type { INodeProperties } from 'n8n-workflow';

import { inVersions, showFor, text } from '../../shared/fields/describe';
import { confirmation, oneRecord } from '../../shared/fields/output';
import * as rules from '../../shared/fields/rules';
import type { ApiRequest, Operation } from '../../shared/types';
import { PATHS } from '../provider';
import { num } from './formFields';
import { customerLocator, isV2, readCustomer, withCustomerId } from './locator';
import { id } from './validate';

const showOp = { show: showFor('deleteChannel') };

export const description: INodeProperties[] = [
	inVersions([1], text('Customer ID', 'customerId', "Omnidesk's numeric ID of the customer", { required: true, displayOptions: showOp })),
	customerLocator(['deleteChannel'], 'The customer whose channel to remove'),
	text('Channel ID', 'channelId', 'The ID of the channel to remove, as listed in the customer’s channels (see Get)', {
		required: true,
		displayOptions: showOp,
	}),
];

export const deleteChannel: Operation = {
	option: {
		name: 'Delete Channel',
		description: 'Remove a channel from a customer',
		action: 'Delete a channel of a customer',
	},
	description,
	idempotent: true,
	goneMeansDone: true,
	build(params, context) {
		const customer = isV2(context) ? readCustomer(params) : undefined;
		const customerId = customer ? '' : id(params.string('customerId', 'Customer ID'), 'Customer ID');
		const channelId = rules.pathSegment(
			rules.required(params.string('channelId', 'Channel ID'), 'Channel ID', 'Get the customer to see the IDs of its channels'),
			'Channel ID',
		);
		const request = (forCustomer: string): ApiRequest => ({
			method: 'DELETE',
			path: PATHS.itemChannel(forCustomer, channelId),
			about: { customerId: num(forCustomer), channelId: num(channelId) },
		});
		return customer ? withCustomerId(customer, request, deleteChannel) : request(customerId);
	},
	output: (body, request) => confirmation(oneRecord(body), { deleted: true, ...request.about }),
};
