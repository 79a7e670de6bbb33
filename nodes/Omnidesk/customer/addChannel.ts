import type { INodeProperties } from 'n8n-workflow';

import { confirmation, oneRecord } from '../../shared/fields/output';
import { asBoolean } from '../../shared/fields/params';
import * as rules from '../../shared/fields/rules';
import { collection, inVersions, showFor, text } from '../../shared/fields/describe';
import type { Operation } from '../../shared/types';
import { PATHS } from '../provider';
import { brandId, field, withoutEmpty, num } from './formFields';
import { PATTERNS, telephone } from './validate';
import { customerLocator, eitherIdFields, isV2, readCustomer } from './locator';

const showOp = { show: showFor('addChannel') };

export const description: INodeProperties[] = [
	inVersions([1], text('Customer ID', 'customerId', "Omnidesk's numeric ID of the customer. Customer ID or External ID is required.", { displayOptions: showOp })),
	inVersions([1], text('External ID', 'primaryId', 'Your own ID of the customer. Customer ID or External ID is required.', { displayOptions: showOp })),
	customerLocator(['addChannel'], 'The customer that gets the channels. Omnidesk takes its ID or its External ID as it is: no lookup.'),
	{ ...brandId(), displayOptions: showOp },
	collection(
		'Channels to Add',
		'channelsToAdd',
		showOp.show,
		[
			text('Email', 'extraEmail', 'An email address to add', { placeholder: 'name@email.com' }),
			text('Facebook', 'extraFacebook', 'A Facebook account to add'),
			text('Telephone', 'extraTelephone', 'A telephone number to add, with + and country code', { placeholder: '+31612345678' }),
			text('Twitter', 'extraTwitter', 'A Twitter account name to add: letters, digits and underscores'),
		],
		'Add Channel',
	),
	{
		displayName: 'No Sync',
		name: 'noSync',
		type: 'boolean',
		default: false,
		displayOptions: showOp,
		description: 'Whether to leave other tickets with the same address alone instead of linking them to the customer',
	},
];

export const addChannel: Operation = {
	option: {
		name: 'Add Channel',
		description: 'Add email, telephone, Twitter or Facebook addresses to a customer',
		action: 'Add a channel to a customer',
	},
	description,
	// Adding an address the customer already has leaves one address: safe to retry.
	idempotent: true,
	build(params, context) {
		const customer = isV2(context) ? readCustomer(params) : undefined;
		const ids = eitherIdFields(params, customer, { id: 'customer_id', externalId: 'primary_id' }, 'primaryId');
		const channels = params.collection('channelsToAdd');
		const fields = withoutEmpty({
			...ids,
			brand_id: rules.wholeNumber(params.string('brandId', 'Brand ID'), 'Brand ID'),
			extra_email: rules.email(field(channels, 'extraEmail', 'Channels to Add › Email'), 'Channels to Add › Email'),
			extra_telephone: telephone(field(channels, 'extraTelephone', 'Channels to Add › Telephone'), 'Channels to Add › Telephone'),
			extra_twitter: rules.pattern(
				field(channels, 'extraTwitter', 'Channels to Add › Twitter'),
				'Channels to Add › Twitter',
				PATTERNS.twitter,
				'Use the account name: letters, digits, underscores and spaces',
			),
			extra_facebook: field(channels, 'extraFacebook', 'Channels to Add › Facebook'),
			// Omnidesk acts on the presence of noSync, whatever its value: send it only when on.
			noSync: asBoolean(params.raw('noSync', false), 'No Sync') ? 'true' : undefined,
		});
		rules.oneOf({ 'Customer ID': fields.customer_id, 'External ID': fields.primary_id }, 'Omnidesk needs to know which customer gets the channel');
		rules.oneOf(
			{ Email: fields.extra_email, Telephone: fields.extra_telephone, Twitter: fields.extra_twitter, Facebook: fields.extra_facebook },
			'Add at least one channel under Channels to Add',
		);
		return {
			method: 'POST',
			path: PATHS.addChannelOnly,
			form: { encoding: 'multipart', fields },
			about: { customerId: num(fields.customer_id), [customer ? 'externalId' : 'primaryId']: fields.primary_id, brandId: num(fields.brand_id) },
		};
	},
	output: (body, request) => confirmation(oneRecord(body), { added: true, ...request.about }),
};
