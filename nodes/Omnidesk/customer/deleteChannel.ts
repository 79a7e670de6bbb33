import type { INodeProperties } from 'n8n-workflow';

import { confirmation, oneRecord } from '../../shared/fields/output';
import * as rules from '../../shared/fields/rules';
import { showFor, text } from '../../shared/fields/describe';
import type { Operation } from '../../shared/types';
import { PATHS } from '../provider';
import { num } from './formFields';
import { id } from './validate';

const showOp = { show: showFor('deleteChannel') };

export const description: INodeProperties[] = [
	text('Customer ID', 'customerId', "Omnidesk's numeric ID of the customer", { required: true, displayOptions: showOp }),
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
	build(params) {
		const customerId = id(params.string('customerId', 'Customer ID'), 'Customer ID');
		const channelId = rules.pathSegment(
			rules.required(params.string('channelId', 'Channel ID'), 'Channel ID', 'Get the customer to see the IDs of its channels'),
			'Channel ID',
		);
		return {
			method: 'DELETE',
			path: PATHS.itemChannel(customerId, channelId),
			about: { customerId: num(customerId), channelId: num(channelId) },
		};
	},
	output: (body, request) => confirmation(oneRecord(body), { deleted: true, ...request.about }),
};
