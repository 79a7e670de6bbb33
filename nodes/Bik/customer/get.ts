import type { INodeProperties } from 'n8n-workflow';

import { FieldError, showValue } from '../../shared/fields/params';
import * as rules from '../../shared/fields/rules';
import type { Operation } from '../../shared/types';
import { customerOutput } from './record';

const show = { resource: ['customer'], operation: ['get'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Look Up By',
		name: 'lookUpBy',
		type: 'options',
		displayOptions: { show },
		options: [
			{ name: 'BIK Customer ID', value: 'bikCustomerId', description: "BIK's own ID of the customer" },
			{ name: 'Partner Customer ID', value: 'partnerCustomerId', description: 'Your ID, sent as partnerCustomerId' },
		],
		default: 'partnerCustomerId',
	},
	{
		displayName: 'Customer ID',
		name: 'customerId',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show },
		description: 'The ID of the kind chosen in Look Up By: BIK’s numeric customer ID, as in a BIK customer record, or your Partner Customer ID',
	},
	{
		displayName: 'Include Address',
		name: 'includeAddress',
		type: 'boolean',
		default: true,
		displayOptions: { show },
		description: 'Whether to include the customer addresses',
	},
	{
		displayName: 'Include Assets',
		name: 'includeAssets',
		type: 'boolean',
		default: true,
		displayOptions: { show },
		description: 'Whether to include the customer assets (alternate emails and phone numbers)',
	},
	{
		displayName: 'Include Tags',
		name: 'includeTags',
		type: 'boolean',
		default: true,
		displayOptions: { show },
		description: 'Whether to include the customer tags',
	},
];

export const get: Operation = {
	option: {
		name: 'Get',
		description: 'Get a customer by partner or BIK customer ID',
		action: 'Get a customer',
	},
	description,
	idempotent: true,
	build(params) {
		const lookUpBy = params.string('lookUpBy', 'Look Up By', 'partnerCustomerId');
		if (lookUpBy !== 'partnerCustomerId' && lookUpBy !== 'bikCustomerId') {
			throw new FieldError('Look Up By', `${showValue(lookUpBy)} is not one of its choices`, 'Choose Partner Customer ID or BIK Customer ID');
		}
		const id = rules.required(
			params.string('customerId', 'Customer ID'),
			'Customer ID',
			'BIK needs a partnerCustomerId or a bikCustomerId to find the customer',
		);
		return {
			method: 'POST',
			path: '/bikPlatformFunctions-customers/get',
			body: {
				[lookUpBy]: id,
				includeAssets: params.boolean('includeAssets', 'Include Assets', true),
				includeAddress: params.boolean('includeAddress', 'Include Address', true),
				includeTags: params.boolean('includeTags', 'Include Tags', true),
			},
		};
	},
	output: customerOutput,
};
