import type { INodeProperties } from 'n8n-workflow';

import { confirmation, oneRecord } from '../../shared/fields/output';
import { asBoolean } from '../../shared/fields/params';
import * as rules from '../../shared/fields/rules';
import { collection, inVersions, showFor, text } from '../../shared/fields/describe';
import type { Operation } from '../../shared/types';
import { PATHS } from '../provider';
import { autoMapSpec, brandId, channelTypeOptions, customFields, field, firstName, withoutEmpty, lastName, num } from './formFields';
import { externalIdField, isV2, readExternalId } from './locator';
import { channelAddress, channelId, personName, telephone } from './validate';

const showCreate = { show: showFor('create') };

/** Map Automatically: the form's own field names and custom_<name>. */
const autoMap = autoMapSpec({
	primary_id: 'primaryId',
	brand_id: 'brandId',
	channel_id: 'additionalFields.channelId',
	customer_link_channel: 'additionalFields.customerLinkChannel',
	search_customer_channel_value: 'additionalFields.searchCustomerChannelValue',
	noSync: 'additionalFields.noSync',
	firstname: 'additionalFields.firstName',
	lastname: 'additionalFields.lastName',
	ticket_id: 'additionalFields.ticketId',
	extra_email: 'additionalFields.extraEmail',
	extra_telephone: 'additionalFields.extraTelephone',
}, false, { 2: { primary_id: 'externalId' } });

const EXTERNAL_ID = 'Your own ID of the customer, e.g. from your CRM or shop';

export const description: INodeProperties[] = [
	inVersions([1], text('External ID', 'primaryId', EXTERNAL_ID, { displayOptions: showCreate })),
	externalIdField(['create'], EXTERNAL_ID),
	{ ...brandId('The brand to create the customer for: its ID from Omnidesk’s admin settings › Brands'), displayOptions: showCreate },
	collection('Additional Fields', 'additionalFields', showCreate.show, [
		{
			displayName: 'Channel',
			name: 'channelId',
			type: 'options',
			options: channelTypeOptions,
			default: 'email',
			description: 'The channel of Customer Link Channel; for a custom channel use an expression with its numeric ID',
		},
		text('Customer Link Channel', 'customerLinkChannel', 'The address to link on that channel: an email address, a telephone number such as +31612345678, or an account name'),
		text('Extra Email', 'extraEmail', 'An extra email address for the customer', { placeholder: 'name@email.com' }),
		text('Extra Telephone', 'extraTelephone', 'An extra telephone number, with + and country code', { placeholder: '+31612345678' }),
		firstName,
		lastName,
		{
			displayName: 'No Sync',
			name: 'noSync',
			type: 'boolean',
			default: false,
			description: 'Whether to leave other tickets alone: only the given ticket gets the new linked channels',
		},
		text('Search Customer Channel Value', 'searchCustomerChannelValue', 'When the brand has customer search by channels enabled: a channel address that identifies the customer, instead of External ID'),
		text('Ticket ID', 'ticketId', 'A ticket to link the new customer to'),
	],
	),
];

export const create: Operation = {
	option: {
		name: 'Create',
		description: 'Create a customer, optionally linking a channel and a ticket',
		action: 'Create a customer',
	},
	description,
	autoMap,
	// A plain create: sent twice it could create two customers, so a 5xx is not retried.
	idempotent: false,
	build(params, context) {
		const v2 = isV2(context);
		const extra = params.collection('additionalFields');
		const primaryId = readExternalId(params, context, 'primaryId');
		const brand = rules.wholeNumber(params.string('brandId', 'Brand ID'), 'Brand ID');
		const searchValue = field(extra, 'searchCustomerChannelValue', 'Search Customer Channel Value');
		rules.oneOf(
			{ 'External ID': primaryId, 'Search Customer Channel Value': searchValue },
			'Omnidesk identifies the new customer by your own ID of it, or by a channel value when the brand searches customers by channel',
		);
		const link = field(extra, 'customerLinkChannel', 'Customer Link Channel');
		let channel = '';
		if (extra.channelId !== undefined) {
			channel = channelId(field(extra, 'channelId', 'Channel'), 'Channel');
			rules.required(link, 'Customer Link Channel', 'Omnidesk only processes a Channel together with the Customer Link Channel address');
			channelAddress(channel, link, 'Customer Link Channel');
		}
		const noSync = extra.noSync === undefined ? false : asBoolean(extra.noSync, 'No Sync');
		return {
			method: 'POST',
			path: PATHS.index,
			about: { [v2 ? 'externalId' : 'primaryId']: primaryId, brandId: num(brand) },
			form: {
				encoding: 'multipart',
				fields: {
					...withoutEmpty({
						channel_id: channel,
						customer_link_channel: link,
						search_customer_channel_value: searchValue,
						brand_id: brand,
						primary_id: primaryId,
						// Omnidesk acts on the presence of noSync, whatever its value: send it only when on.
						noSync: noSync ? 'true' : undefined,
						firstname: personName(field(extra, 'firstName', 'First Name'), 'First Name'),
						lastname: personName(field(extra, 'lastName', 'Last Name'), 'Last Name'),
						ticket_id: rules.wholeNumber(field(extra, 'ticketId', 'Ticket ID'), 'Ticket ID'),
						extra_email: rules.email(field(extra, 'extraEmail', 'Extra Email'), 'Extra Email'),
						extra_telephone: telephone(field(extra, 'extraTelephone', 'Extra Telephone'), 'Extra Telephone'),
					}),
					...customFields(params),
				},
			},
		};
	},
	output: (body, request) => confirmation(oneRecord(body), { created: true, ...request.about }),
};
