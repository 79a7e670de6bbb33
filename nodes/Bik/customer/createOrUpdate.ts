import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { AutoMapSpec } from '../../shared/fields/automap';
import { showFor, text } from '../../shared/fields/describe';
import type { Operation } from '../../shared/types';
import { ADDRESS_FIELDS, CUSTOMER_FIELDS, customerOutput, validateCustomer } from './record';

/** displayOptions.show of the Define Below fields, and of the JSON mode's field. */
const showFields = { ...showFor('createOrUpdate'), inputMode: ['fields'] };
const showJson = { ...showFor('createOrUpdate'), inputMode: ['json'] };

/**
 * Map Automatically: the item's fields by BIK's body names become the JSON mode's body. The Input
 * Mode switch offers JSON beside Define Below and Map Automatically.
 */
const autoMap: AutoMapSpec = {
	fields: Object.fromEntries(CUSTOMER_FIELDS.map((name) => [name, `customerJson.${name}`])),
	lists: { addresses: ADDRESS_FIELDS },
	preset: { inputMode: 'json' },
	inputModes: [
		{
			name: 'JSON',
			value: 'json',
			description: 'Send the customer as JSON, e.g. built with an expression; accepts every field of the API, including the deprecated secondaryEmails and secondaryPhoneNumbers',
		},
	],
};

const addressFields: INodeProperties[] = [
	text('Address Line 1', 'address1', 'Primary address line (required by BIK)'),
	text('Address Line 2', 'address2', 'Secondary address line'),
	text('BIK Address ID', 'addressId', 'BIK address ID, to update an existing address'),
	text('City', 'city', 'City (required by BIK)'),
	text('Country', 'country', 'Country, e.g. India (required by BIK)'),
	text('Country Code', 'countryCode', 'Country code, e.g. IN (required by BIK)'),
	text('Email', 'email', 'Email address for this address', { placeholder: 'name@email.com' }),
	text('First Name', 'firstName', 'First name for this address'),
	{
		displayName: 'Is Default',
		name: 'isDefault',
		type: 'boolean',
		default: false,
		description: 'Whether this is the default address',
	},
	text('Last Name', 'lastName', 'Last name for this address'),
	{
		displayName: 'Latitude',
		name: 'latitude',
		type: 'string',
		default: '',
		description: 'Address latitude, from -90 to 90',
	},
	{
		displayName: 'Longitude',
		name: 'longitude',
		type: 'string',
		default: '',
		description: 'Address longitude, from -180 to 180',
	},
	text('Partner Address ID', 'partnerAddressId', 'Your own ID for this address'),
	text('Phone Number', 'phoneNumber', 'Phone number for this address, in international format, e.g. +919090909090'),
	text('State', 'state', 'State or province (required by BIK)'),
	text('State Code', 'stateCode', 'State or province code'),
	text('Timezone', 'timezone', 'Address timezone, e.g. Asia/Kolkata'),
	text('Zip', 'zip', 'Postal or ZIP code (required by BIK)'),
];

export const description: INodeProperties[] = [
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
		displayOptions: { show: showFields },
		description: 'Customer email address, e.g. name@example.com. Email or Phone Number is required: BIK updates the customer with this email or phone number, or creates one.',
	},
	{
		displayName: 'Phone Number',
		name: 'phoneNumber',
		type: 'string',
		placeholder: '+919090909090',
		default: '',
		displayOptions: { show: showFields },
		description: 'Customer phone number in international format: + and country code, 7 to 15 digits, e.g. +919090909090. Email or Phone Number is required.',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: showFields },
		options: [
			text('Alternate Emails', 'alternateEmails', 'Alternate email addresses, comma-separated (e.g. a@example.com, b@example.com), stored as customer assets'),
			text('Alternate Phone Numbers', 'alternatePhoneNumbers', 'Alternate phone numbers in international format, comma-separated (e.g. +919090909090, +918080808080), stored as customer assets'),
			text('First Name', 'firstName', 'Customer first name'),
			text('Last Name', 'lastName', 'Customer last name'),
			{
				displayName: 'Overwrite Assets',
				name: 'overWriteAssets',
				type: 'boolean',
				default: false,
				description: 'Whether to replace the existing assets (alternate emails and phone numbers) with the ones sent',
			},
			text('Partner Customer ID', 'partnerCustomerId', 'Your own ID for this customer, e.g. from your shop or CRM; Get can look the customer up by it'),
			text('Secondary Email', 'secondaryEmail', 'Secondary email address', { placeholder: 'name@email.com' }),
			text('Secondary Phone Number', 'secondaryPhoneNumber', 'Secondary phone number in international format, e.g. +919090909090'),
			text('Tags', 'tags', 'Customer tags, comma-separated (e.g. vip, newsletter), or a list from an expression'),
		],
	},
	{
		displayName: 'Addresses',
		name: 'addresses',
		type: 'fixedCollection',
		placeholder: 'Add Address',
		typeOptions: { multipleValues: true },
		default: {},
		displayOptions: { show: showFields },
		description: 'Customer addresses. Each needs address1, city, country, country code, state and zip.',
		options: [{ displayName: 'Address', name: 'address', values: addressFields }],
	},
	{
		displayName: 'Customer (JSON)',
		name: 'customerJson',
		type: 'json',
		default: '{\n  "email": "",\n  "phoneNumber": "",\n  "firstName": "",\n  "tags": []\n}',
		displayOptions: { show: showJson },
		description: 'The request body as BIK documents it',
	},
];

export const createOrUpdate: Operation = {
	option: {
		name: 'Create or Update',
		description: 'Create a new customer, or update the one with the same email or phone number',
		action: 'Create or update a customer',
	},
	description,
	autoMap,
	// BIK matches the customer by email or phone number: sending it twice gives the same record.
	idempotent: true,
	build(params) {
		let body: IDataObject;
		if (params.string('inputMode', 'Input Mode', 'fields') === 'json') {
			body = params.jsonObject('customerJson', 'Customer (JSON)');
		} else {
			body = {
				email: params.string('email', 'Email'),
				phoneNumber: params.string('phoneNumber', 'Phone Number'),
				...params.collection('additionalFields'),
			};
			const addresses = params.collection('addresses').address;
			if (Array.isArray(addresses) && addresses.length) {
				// n8n fills every unset field with its default; an untouched "Is Default" switch
				// must not tell BIK that the address is not the default one.
				body.addresses = (addresses as IDataObject[]).map((address) => {
					const { isDefault, ...rest } = address;
					return isDefault === true ? { ...rest, isDefault } : rest;
				});
			}
		}
		return {
			method: 'POST',
			path: '/bikPlatformFunctions-customers/createOrUpdate',
			body: validateCustomer(body),
		};
	},
	output: customerOutput,
};
