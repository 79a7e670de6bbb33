import type { IDataObject } from 'n8n-workflow';

import { FieldError, asBoolean, asNumber, asString } from '../../shared/fields/params';
import * as rules from '../../shared/fields/rules';

/** BikPlatformAddress: the fields BIK requires on every address. */
export const REQUIRED_ADDRESS_FIELDS = ['address1', 'city', 'country', 'countryCode', 'state', 'zip'] as const;

const ADDRESS_LABELS: Record<string, string> = {
	address1: 'Address Line 1',
	address2: 'Address Line 2',
	city: 'City',
	country: 'Country',
	countryCode: 'Country Code',
	state: 'State',
	stateCode: 'State Code',
	zip: 'Zip',
	partnerAddressId: 'Partner Address ID',
	addressId: 'BIK Address ID',
	latitude: 'Latitude',
	longitude: 'Longitude',
	timezone: 'Timezone',
	firstName: 'First Name',
	lastName: 'Last Name',
	phoneNumber: 'Phone Number',
	email: 'Email',
	isDefault: 'Is Default',
};

/**
 * Checks a BIK customer body, whichever way it was entered (fields or raw JSON), and returns
 * it normalised: text trimmed, lists as arrays, address numbers as numbers.
 */
export function validateCustomer(input: IDataObject): IDataObject {
	const body: IDataObject = { ...input };
	for (const key of ['partnerCustomerId', 'firstName', 'lastName', 'email', 'phoneNumber', 'secondaryEmail', 'secondaryPhoneNumber']) {
		if (body[key] === undefined) continue;
		body[key] = asString(body[key], label(key));
		if (body[key] === '') delete body[key];
	}
	rules.oneOf(
		{ Email: body.email, 'Phone Number': body.phoneNumber },
		'BIK identifies a customer by email or phone number: give at least one of them',
	);
	for (const key of ['email', 'secondaryEmail']) if (body[key] !== undefined) rules.email(body[key] as string, label(key));
	for (const key of ['phoneNumber', 'secondaryPhoneNumber']) if (body[key] !== undefined) rules.phone(body[key] as string, label(key));
	for (const key of ['alternateEmails', 'secondaryEmails', 'alternatePhoneNumbers', 'secondaryPhoneNumbers', 'tags']) {
		if (body[key] === undefined) continue;
		const values = rules.list(body[key], label(key));
		for (const [index, value] of values.entries()) {
			if (key.endsWith('Emails')) rules.email(value, `${label(key)} (entry ${index + 1})`);
			if (key.endsWith('PhoneNumbers')) rules.phone(value, `${label(key)} (entry ${index + 1})`);
		}
		body[key] = values;
	}
	if (body.overWriteAssets !== undefined) body.overWriteAssets = asBoolean(body.overWriteAssets, label('overWriteAssets'));
	if (body.addresses !== undefined) {
		if (!Array.isArray(body.addresses)) throw new FieldError('Addresses', 'must be a list of addresses');
		body.addresses = body.addresses.map((address, index) => validateAddress(address, index));
	}
	return body;
}

function validateAddress(input: unknown, index: number): IDataObject {
	const where = `Addresses › Address ${index + 1}`;
	if (!input || typeof input !== 'object' || Array.isArray(input)) {
		throw new FieldError(where, 'must be an object with address1, city, country, countryCode, state and zip');
	}
	const address: IDataObject = {};
	for (const [key, value] of Object.entries(input as IDataObject)) {
		const fieldLabel = `${where} › ${ADDRESS_LABELS[key] ?? key}`;
		if (value === undefined || value === null || value === '') continue;
		if (key === 'latitude' || key === 'longitude') {
			const number = asNumber(value, fieldLabel);
			const limit = key === 'latitude' ? 90 : 180;
			if (Math.abs(number) > limit) throw new FieldError(fieldLabel, `must be between -${limit} and ${limit}`);
			address[key] = number;
		} else if (key === 'isDefault') {
			address[key] = asBoolean(value, fieldLabel);
		} else {
			address[key] = asString(value, fieldLabel);
			if (address[key] === '') delete address[key];
		}
	}
	for (const key of REQUIRED_ADDRESS_FIELDS) {
		rules.required((address[key] as string | undefined) ?? '', `${where} › ${ADDRESS_LABELS[key]}`, 'BIK requires address1, city, country, countryCode, state and zip on every address');
	}
	if (address.email !== undefined) rules.email(address.email as string, `${where} › Email`);
	if (address.phoneNumber !== undefined) rules.phone(address.phoneNumber as string, `${where} › Phone Number`);
	return address;
}

const LABELS: Record<string, string> = {
	partnerCustomerId: 'Partner Customer ID',
	firstName: 'First Name',
	lastName: 'Last Name',
	email: 'Email',
	phoneNumber: 'Phone Number',
	secondaryEmail: 'Secondary Email',
	secondaryPhoneNumber: 'Secondary Phone Number',
	alternateEmails: 'Alternate Emails',
	alternatePhoneNumbers: 'Alternate Phone Numbers',
	secondaryEmails: 'secondaryEmails',
	secondaryPhoneNumbers: 'secondaryPhoneNumbers',
	overWriteAssets: 'Overwrite Assets',
	tags: 'Tags',
};

/**
 * The body fields BIK documents for Create or Update (the deprecated secondaryEmails and
 * secondaryPhoneNumbers included): what Map Automatically accepts.
 */
export const CUSTOMER_FIELDS: string[] = [...Object.keys(LABELS), 'addresses'];

/** The BikPlatformAddress fields: what Map Automatically accepts inside each of `addresses`. */
export const ADDRESS_FIELDS: string[] = Object.keys(ADDRESS_LABELS);

function label(key: string): string {
	return LABELS[key] ?? key;
}

/** BIK answers {status, success, data: {customer}}; the customer record is what a workflow wants. */
export function customerOutput(body: unknown): IDataObject {
	const data = (body as { data?: { customer?: IDataObject } } | undefined)?.data;
	if (data?.customer && typeof data.customer === 'object') return data.customer;
	if (data && typeof data === 'object') return data as IDataObject;
	return (body && typeof body === 'object' ? body : {}) as IDataObject;
}
