import type { IDataObject, INodeProperties, INodeType } from 'n8n-workflow';

import { Bik } from '../../nodes/Bik/Bik.node';
import { customerOperations as bikOperations } from '../../nodes/Bik/customer';
import { Hyfin } from '../../nodes/Hyfin/Hyfin.node';
import { customerOperations as hyfinOperations } from '../../nodes/Hyfin/customer';
import { Omnidesk } from '../../nodes/Omnidesk/Omnidesk.node';
import { customerOperations as omnideskOperations } from '../../nodes/Omnidesk/customer';
import { Rehook } from '../../nodes/Rehook/Rehook.node';
import { customerOperations as rehookOperations } from '../../nodes/Rehook/customer';
import { MAX_TEXT_LENGTH } from '../../nodes/shared/fields/params';
import { MAX_EMAIL_LENGTH } from '../../nodes/shared/fields/rules';
import type { Operation } from '../../nodes/shared/types';
import { SANDBOX_CREDENTIALS, baseUrls } from '../../sandbox/credentials';
import type { LoggedRequest } from '../../sandbox/server';
import { recordFigures } from './figures';

/**
 * The tables of the reliability suite's bad-input and property tests: for every operation of the
 * four nodes a valid parameter set, and the bad variants derived from it.
 */

export type NodeName = 'bik' | 'omnidesk' | 'rehook' | 'hyfin';

/** What kind of bad input a case tries, for the figures. */
export type BadKind = 'missing' | 'type' | 'long' | 'pattern' | 'unicode' | 'id' | 'json' | 'unknown';

export interface BadCase {
	kind: BadKind;
	name: string;
	/**
	 * Parameter paths (dotted: `additionalFields.firstName`, `customFields.field.0.value`) and the
	 * value the bad item gives each; `undefined` leaves it out (an expression that finds nothing).
	 * Item 0 gets the valid value of the same path.
	 */
	bad: Record<string, unknown>;
	/** Parameters both items share for this case, e.g. a JSON input mode. */
	with?: IDataObject;
	/** The field the error must name, as the user reads it. */
	label: string;
	/** What the error must say about it. */
	problem: string | RegExp;
}

/** A positive control: an unusual but valid value for item 1, which must arrive intact. */
export interface GoodCase {
	name: string;
	set: Record<string, unknown>;
	with?: IDataObject;
	/** Where the value must show up: in a request the sandbox logged (body or query), or in an output item. */
	check: 'body' | 'query' | 'output';
	/** Dotted path inside the body, query or output JSON. */
	field: string;
	value: unknown;
	/** The provider's answer to item 1 when it is not a success (e.g. nothing to find): only what was sent is checked. */
	refused?: string;
}

export interface OperationCases {
	node: NodeName;
	operation: string;
	/** Valid parameters (without resource and operation), as a user would fill them in. */
	parameters: IDataObject;
	/** Sandbox state the valid item needs, e.g. the customer a Get reads. */
	setup?: (sandboxUrl: string) => Promise<void>;
	bad: BadCase[];
	good?: GoodCase[];
	/**
	 * Input Mode › Map Automatically: a valid input item (columns by the API's names) and bad
	 * variants whose `bad` keys are columns of that item (`undefined` removes the column). Every
	 * such operation also gets an unknown-column case (see autoMapCases).
	 */
	autoMap?: { item: IDataObject; bad: BadCase[] };
	/** The calls the valid item makes (Create or Update: a search, then a create); 1 when absent. */
	requests?: number;
}

// ---- Values ---------------------------------------------------------------------------------

export const LONG_TEXT = 'x'.repeat(MAX_TEXT_LENGTH + 1);
/** 255 characters: one more than an email address can have. */
export const LONG_EMAIL = `${'a'.repeat(MAX_EMAIL_LENGTH + 1 - '@example.com'.length)}@example.com`;
const TOO_LONG = 'is 10,001 characters long; at most 10,000 are accepted';
const REQUIRED = 'is required';

/** Half of an emoji: what `.slice()` can leave of "😀". */
export const LONE_SURROGATE = '\uD83D';

// ---- Case builders --------------------------------------------------------------------------

/** The field left empty three ways: empty text, only spaces, and an expression that finds nothing. */
function missing(path: string, label: string, problem: string | RegExp = REQUIRED): BadCase[] {
	return [
		{ kind: 'missing', name: `${label}: empty`, bad: { [path]: '' }, label, problem },
		{ kind: 'missing', name: `${label}: only spaces`, bad: { [path]: '   ' }, label, problem },
		{ kind: 'missing', name: `${label}: absent`, bad: { [path]: undefined }, label, problem },
	];
}

/** What an expression can put into a text field by mistake: an object, a list, a boolean, NaN. */
function wrongTypes(path: string, label: string): BadCase[] {
	return [
		{ kind: 'type', name: `${label}: an object`, bad: { [path]: { a: 1 } }, label, problem: 'must be text, got an object' },
		{ kind: 'type', name: `${label}: a list`, bad: { [path]: ['a', 'b'] }, label, problem: 'must be text, got a list' },
		{ kind: 'type', name: `${label}: a boolean`, bad: { [path]: true }, label, problem: 'must be text, got boolean true' },
		{ kind: 'type', name: `${label}: NaN`, bad: { [path]: NaN }, label, problem: 'must be text, got number NaN' },
	];
}

function tooLong(path: string, label: string): BadCase {
	return { kind: 'long', name: `${label}: 10,001 characters`, bad: { [path]: LONG_TEXT }, label, problem: TOO_LONG };
}

function longEmail(path: string, label: string): BadCase {
	return { kind: 'long', name: `${label}: a 255-character address`, bad: { [path]: LONG_EMAIL }, label, problem: 'is 255 characters long; an email address has at most 254' };
}

function notBoolean(path: string, label: string): BadCase[] {
	return [
		{ kind: 'type', name: `${label}: "yes"`, bad: { [path]: 'yes' }, label, problem: 'must be true or false, got "yes"' },
		{ kind: 'type', name: `${label}: 1`, bad: { [path]: 1 }, label, problem: 'must be true or false, got number 1' },
	];
}

/** IDs Omnidesk documents as numbers. */
function notWholeNumber(path: string, label: string): BadCase[] {
	const problem = 'is not a whole number';
	return [
		{ kind: 'id', name: `${label}: letters`, bad: { [path]: 'abc' }, label, problem },
		{ kind: 'id', name: `${label}: a decimal`, bad: { [path]: '4.2' }, label, problem },
		{ kind: 'id', name: `${label}: negative`, bad: { [path]: '-1' }, label, problem },
		{ kind: 'id', name: `${label}: ".."`, bad: { [path]: '..' }, label, problem },
		{ kind: 'id', name: `${label}: a path`, bad: { [path]: '42/../1' }, label, problem },
		{ kind: 'unicode', name: `${label}: Arabic-Indic digits`, bad: { [path]: '٤٢' }, label, problem },
		{ kind: 'unicode', name: `${label}: full-width digits`, bad: { [path]: '４２' }, label, problem },
	];
}

/** IDs that become a URL path segment. */
function dotSegments(path: string, label: string): BadCase[] {
	return [
		{ kind: 'id', name: `${label}: "."`, bad: { [path]: '.' }, label, problem: '"." cannot be used as an ID' },
		{ kind: 'id', name: `${label}: ".."`, bad: { [path]: '..' }, label, problem: '".." cannot be used as an ID' },
		{ kind: 'id', name: `${label}: " .. " (spaces around)`, bad: { [path]: ' .. ' }, label, problem: '".." cannot be used as an ID' },
	];
}

/** Omnidesk's name pattern: letters a–z, Western European accented letters, spaces, dots, dashes, apostrophes. */
function omnideskName(path: string, label: string): BadCase[] {
	const problem = 'does not match the pattern';
	return [
		{ kind: 'pattern', name: `${label}: digits`, bad: { [path]: 'R2D2' }, label, problem },
		{ kind: 'pattern', name: `${label}: markup`, bad: { [path]: '<b>Ada</b>' }, label, problem },
		{ kind: 'pattern', name: `${label}: an underscore`, bad: { [path]: 'Ada_L' }, label, problem },
		{ kind: 'unicode', name: `${label}: an emoji`, bad: { [path]: 'Ada 😀' }, label, problem },
		{ kind: 'unicode', name: `${label}: right-to-left text`, bad: { [path]: 'آدا' }, label, problem },
		{ kind: 'unicode', name: `${label}: Chinese`, bad: { [path]: '中文' }, label, problem },
		{ kind: 'unicode', name: `${label}: a letter outside Latin-1 (ć)`, bad: { [path]: 'Šimić' }, label, problem },
	];
}

/** Omnidesk's telephone format: + and 1 to 15 digits, nothing else. */
function omnideskTelephone(path: string, label: string): BadCase[] {
	return [
		{ kind: 'pattern', name: `${label}: without +`, bad: { [path]: '31612345678' }, label, problem: 'does not match the pattern ^\\+[0-9]+$' },
		{ kind: 'pattern', name: `${label}: letters`, bad: { [path]: '+31six12345' }, label, problem: 'does not match the pattern' },
		{ kind: 'pattern', name: `${label}: spaces`, bad: { [path]: '+31 6 1234 5678' }, label, problem: 'does not match the pattern' },
		{ kind: 'pattern', name: `${label}: 16 digits`, bad: { [path]: '+3161234567890123' }, label, problem: 'has 16 digits; a telephone number has at most 15' },
		{ kind: 'unicode', name: `${label}: Arabic-Indic digits`, bad: { [path]: '+٣١٦١٢٣٤٥٦٧٨' }, label, problem: 'does not match the pattern' },
	];
}

/** The shared phone rule (BIK, Hyfin): an optional +, 7 to 15 digits, separators allowed. */
function phoneNumber(path: string, label: string): BadCase[] {
	const problem = 'is not a valid phone number';
	return [
		{ kind: 'pattern', name: `${label}: letters`, bad: { [path]: '+91 call me' }, label, problem },
		{ kind: 'pattern', name: `${label}: too short`, bad: { [path]: '+12345' }, label, problem },
		{ kind: 'pattern', name: `${label}: 16 digits`, bad: { [path]: '+1234567890123456' }, label, problem },
		{ kind: 'unicode', name: `${label}: full-width digits`, bad: { [path]: '＋９１９０９０９０９０９０' }, label, problem },
	];
}

function emailAddress(path: string, label: string): BadCase[] {
	const problem = 'is not a valid email address';
	return [
		{ kind: 'pattern', name: `${label}: no domain`, bad: { [path]: 'ada@' }, label, problem },
		{ kind: 'pattern', name: `${label}: no @`, bad: { [path]: 'ada.example.com' }, label, problem },
		{ kind: 'pattern', name: `${label}: two addresses`, bad: { [path]: 'ada@example.com, bob@example.com' }, label, problem },
		{ kind: 'unicode', name: `${label}: a no-break space`, bad: { [path]: 'ada\u00a0lovelace@example.com' }, label, problem },
		longEmail(path, label),
	];
}

/** A JSON parameter: malformed text and JSON of the wrong shape. */
function badJson(path: string, label: string, withParameters: IDataObject): BadCase[] {
	const shape = (name: string, value: unknown, got: string): BadCase => ({
		kind: 'json',
		name: `${label}: ${name}`,
		bad: { [path]: value },
		with: withParameters,
		label,
		problem: `must be a JSON object, got ${got}`,
	});
	return [
		{ kind: 'json', name: `${label}: a trailing comma`, bad: { [path]: '{"a": "b",}' }, with: withParameters, label, problem: 'is not valid JSON' },
		{ kind: 'json', name: `${label}: unquoted names`, bad: { [path]: '{a: 1}' }, with: withParameters, label, problem: 'is not valid JSON' },
		{ kind: 'json', name: `${label}: cut off`, bad: { [path]: '{"a": ' }, with: withParameters, label, problem: 'is not valid JSON' },
		shape('a JSON list', '[{"a": 1}]', 'a list'),
		shape('a JSON number', '42', 'number 42'),
		shape('JSON null', 'null', 'null'),
		shape('a list from an expression', [{ a: 1 }], 'a list'),
		shape('a number from an expression', 7, 'number 7'),
	];
}

// ---- Sandbox set-up -------------------------------------------------------------------------

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** The auth headers each provider's credential sends, for requests made without n8n. */
export const AUTH_HEADERS: Record<'bik' | 'rehook' | 'rehookApp' | 'omnidesk' | 'hyfin', Record<string, string>> = {
	bik: { authorization: basic(SANDBOX_CREDENTIALS.bik.apiKey, SANDBOX_CREDENTIALS.bik.apiSecret) },
	rehook: { authorization: basic(SANDBOX_CREDENTIALS.rehook.apiKey, SANDBOX_CREDENTIALS.rehook.secretKey) },
	rehookApp: { appId: SANDBOX_CREDENTIALS.rehookApp.appId, appSecret: SANDBOX_CREDENTIALS.rehookApp.appSecret },
	omnidesk: { apiKey: SANDBOX_CREDENTIALS.omnidesk.apiKey },
	hyfin: { 'x-access-token': SANDBOX_CREDENTIALS.hyfin.accessToken },
};

async function postJson(url: string, headers: Record<string, string>, body: unknown): Promise<void> {
	const response = await fetch(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
	if (!response.ok) throw new Error(`set-up request to ${url} failed: ${response.status} ${await response.text()}`);
}

/** Hyfin customers the Get cases read. */
export const HYFIN_IDS = ['example-ada', 'zoë/😀 ?#'];

async function hyfinCustomers(sandboxUrl: string): Promise<void> {
	const base = `${baseUrls(sandboxUrl).hyfinApi}/api/v3.1/site/${SANDBOX_CREDENTIALS.hyfin.siteId}/customer/addUpdate`;
	for (const externalId of HYFIN_IDS) {
		await postJson(base, AUTH_HEADERS.hyfin, { external_id: externalId, first_name: 'Ada', last_name: 'Lovelace' });
	}
}

async function bikCustomer(sandboxUrl: string): Promise<void> {
	await postJson(`${baseUrls(sandboxUrl).bikApi}/bikPlatformFunctions-customers/createOrUpdate`, AUTH_HEADERS.bik, {
		email: 'ada@example.com',
		partnerCustomerId: 'example-ada',
	});
}

/** How many generated customers the Omnidesk sandbox starts with; customer 42 is ext-42 with channels 83 and 84. */
export const OMNIDESK_SEEDED = 50;

// ---- The table ------------------------------------------------------------------------------

const BIK_ADDRESS = { address1: '12 St James Square', city: 'London', country: 'United Kingdom', countryCode: 'GB', state: 'London', zip: 'SW1Y 4LB', latitude: '51.5', longitude: '-0.13' };
const BIK_JSON = { inputMode: 'json', customerJson: '{"email": "ada@example.com", "firstName": "Ada"}' };
const OMNIDESK_CUSTOM_JSON = { customFieldsInput: 'json', customFieldsJson: '{"plan": "pro"}' };
const REHOOK_METADATA_JSON = { metadataInput: 'json', metadataJson: '{"Name": "Ada", "Seats": 25}' };
const UNICODE_VALUE = '中文 ✓ مرحبا 😀 Zoë';

export const OPERATION_CASES: OperationCases[] = [
	// ---- BIK ----
	{
		node: 'bik',
		operation: 'createOrUpdate',
		parameters: {
			email: 'ada@example.com',
			phoneNumber: '+919090909090',
			additionalFields: {
				firstName: 'Ada',
				lastName: 'Lovelace',
				partnerCustomerId: 'example-ada',
				tags: 'vip, newsletter',
				secondaryEmail: 'ada.work@example.com',
				alternateEmails: 'ada.home@example.com',
				alternatePhoneNumbers: '+919090909091',
				overWriteAssets: false,
			},
			addresses: { address: [BIK_ADDRESS] },
		},
		bad: [
			{ kind: 'missing', name: 'Email and Phone Number: both empty', bad: { email: '', phoneNumber: '' }, label: 'Email or Phone Number', problem: 'at least one of Email or Phone Number is required' },
			{ kind: 'missing', name: 'Email and Phone Number: both absent', bad: { email: undefined, phoneNumber: undefined }, label: 'Email or Phone Number', problem: 'at least one of' },
			...missing('addresses.address.0.zip', 'Addresses › Address 1 › Zip'),
			{ kind: 'missing', name: 'Addresses › Address 1 › City: absent', bad: { 'addresses.address.0.city': undefined }, label: 'Addresses › Address 1 › City', problem: REQUIRED },
			...wrongTypes('email', 'Email'),
			...wrongTypes('additionalFields.firstName', 'First Name'),
			{ kind: 'type', name: 'Phone Number: a list', bad: { phoneNumber: ['+919090909090'] }, label: 'Phone Number', problem: 'must be text, got a list' },
			{ kind: 'type', name: 'Tags: an object', bad: { 'additionalFields.tags': { a: 1 } }, label: 'Tags (entry 1)', problem: 'must be text, got an object' },
			{ kind: 'type', name: 'Latitude: a word', bad: { 'addresses.address.0.latitude': 'north' }, label: 'Addresses › Address 1 › Latitude', problem: 'must be a number, got "north"' },
			{ kind: 'type', name: 'Latitude: out of range', bad: { 'addresses.address.0.latitude': '91' }, label: 'Addresses › Address 1 › Latitude', problem: 'must be between -90 and 90' },
			...notBoolean('additionalFields.overWriteAssets', 'Overwrite Assets'),
			tooLong('additionalFields.firstName', 'First Name'),
			tooLong('additionalFields.partnerCustomerId', 'Partner Customer ID'),
			tooLong('addresses.address.0.address1', 'Addresses › Address 1 › Address Line 1'),
			tooLong('email', 'Email'),
			...emailAddress('email', 'Email'),
			...emailAddress('additionalFields.secondaryEmail', 'Secondary Email'),
			...phoneNumber('phoneNumber', 'Phone Number'),
			{ kind: 'unicode', name: 'Phone Number: Arabic-Indic digits', bad: { phoneNumber: '+٩١٩٠٩٠٩٠٩٠٩٠' }, label: 'Phone Number', problem: 'is not a valid phone number' },
			{ kind: 'pattern', name: 'Alternate Emails: the second is not one', bad: { 'additionalFields.alternateEmails': 'ada.home@example.com, nope' }, label: 'Alternate Emails (entry 2)', problem: '"nope" is not a valid email address' },
			{ kind: 'pattern', name: 'Alternate Phone Numbers: the second is too short', bad: { 'additionalFields.alternatePhoneNumbers': '+919090909091, 12' }, label: 'Alternate Phone Numbers (entry 2)', problem: 'is not a valid phone number' },
			{ kind: 'pattern', name: 'an address email that is not one', bad: { 'addresses.address.0.email': 'ada' }, label: 'Addresses › Address 1 › Email', problem: 'is not a valid email address' },
			...badJson('customerJson', 'Customer (JSON)', BIK_JSON),
			{ kind: 'json', name: 'Customer (JSON): empty', bad: { customerJson: '' }, with: BIK_JSON, label: 'Email or Phone Number', problem: 'at least one of' },
			{ kind: 'json', name: 'Customer (JSON): an object as email', bad: { customerJson: '{"email": {"a": 1}}' }, with: BIK_JSON, label: 'Email', problem: 'must be text, got an object' },
			{ kind: 'json', name: 'Customer (JSON): addresses not a list', bad: { customerJson: '{"email": "ada@example.com", "addresses": {}}' }, with: BIK_JSON, label: 'Addresses', problem: 'must be a list of addresses' },
			{ kind: 'json', name: 'Customer (JSON): an address without address1', bad: { customerJson: '{"email": "ada@example.com", "addresses": [{"city": "London"}]}' }, with: BIK_JSON, label: 'Addresses › Address 1 › Address Line 1', problem: REQUIRED },
			{ kind: 'json', name: 'Customer (JSON): a bad phone number', bad: { customerJson: '{"phoneNumber": "call me"}' }, with: BIK_JSON, label: 'Phone Number', problem: 'is not a valid phone number' },
		],
		good: [
			{ name: 'accented first name', set: { 'additionalFields.firstName': 'Zoë Ångström' }, check: 'body', field: 'firstName', value: 'Zoë Ångström' },
			{ name: 'right-to-left last name', set: { 'additionalFields.lastName': 'لوفليس' }, check: 'body', field: 'lastName', value: 'لوفليس' },
			{ name: 'emoji and Chinese in a tag', set: { 'additionalFields.tags': 'vip, 中文 😀' }, check: 'body', field: 'tags.1', value: '中文 😀' },
		],
		autoMap: {
			item: { email: 'ada@example.com', phoneNumber: '+919090909090', firstName: 'Ada', lastName: 'Lovelace', partnerCustomerId: 'example-ada', tags: 'vip, newsletter', addresses: [BIK_ADDRESS] },
			bad: [
				{ kind: 'missing', name: 'email and phoneNumber: empty and null', bad: { email: '', phoneNumber: null }, label: 'Email or Phone Number', problem: 'at least one of Email or Phone Number is required' },
				...wrongTypes('email', 'Email'),
				tooLong('firstName', 'First Name'),
				...emailAddress('email', 'Email').slice(0, 2),
				...phoneNumber('phoneNumber', 'Phone Number').slice(0, 2),
				...notBoolean('overWriteAssets', 'Overwrite Assets'),
				{ kind: 'type', name: 'addresses: an object', bad: { addresses: { city: 'London' } }, label: 'Addresses', problem: 'must be a list of addresses' },
				{ kind: 'missing', name: 'an address without zip', bad: { addresses: [{ ...BIK_ADDRESS, zip: '' }] }, label: 'Addresses › Address 1 › Zip', problem: REQUIRED },
			],
		},
	},
	{
		node: 'bik',
		operation: 'get',
		parameters: { lookUpBy: 'partnerCustomerId', customerId: 'example-ada', includeAssets: true, includeAddress: true, includeTags: true },
		setup: bikCustomer,
		bad: [
			...missing('customerId', 'Customer ID'),
			...wrongTypes('customerId', 'Customer ID'),
			tooLong('customerId', 'Customer ID'),
			...notBoolean('includeAssets', 'Include Assets'),
			{ kind: 'pattern', name: 'Look Up By: an unknown choice', bad: { lookUpBy: 'email' }, label: 'Look Up By', problem: '"email" is not one of its choices' },
		],
	},

	// ---- Omnidesk ----
	{
		node: 'omnidesk',
		operation: 'addChannel',
		parameters: { customerId: '42', brandId: '1', channelsToAdd: { extraEmail: 'ada@example.com', extraTwitter: 'ada_l' }, noSync: false },
		bad: [
			{ kind: 'missing', name: 'Customer ID and External ID: both empty', bad: { customerId: '', primaryId: '' }, label: 'Customer ID or External ID', problem: 'at least one of' },
			{ kind: 'missing', name: 'no channel to add', bad: { 'channelsToAdd.extraEmail': '', 'channelsToAdd.extraTwitter': undefined }, label: 'Email or Telephone or Twitter or Facebook', problem: 'at least one of' },
			...notWholeNumber('customerId', 'Customer ID'),
			...notWholeNumber('brandId', 'Brand ID').slice(0, 2),
			...wrongTypes('channelsToAdd.extraEmail', 'Channels to Add › Email'),
			...emailAddress('channelsToAdd.extraEmail', 'Channels to Add › Email'),
			...omnideskTelephone('channelsToAdd.extraTelephone', 'Channels to Add › Telephone'),
			{ kind: 'pattern', name: 'Twitter: with @', bad: { 'channelsToAdd.extraTwitter': '@ada_l' }, label: 'Channels to Add › Twitter', problem: 'does not match the pattern' },
			{ kind: 'unicode', name: 'Twitter: an emoji', bad: { 'channelsToAdd.extraTwitter': 'ada😀' }, label: 'Channels to Add › Twitter', problem: 'does not match the pattern' },
			tooLong('channelsToAdd.extraFacebook', 'Channels to Add › Facebook'),
			...notBoolean('noSync', 'No Sync'),
		],
		good: [{ name: 'a Facebook account in Cyrillic', set: { 'channelsToAdd.extraFacebook': 'Ада Лавлейс' }, check: 'body', field: 'extra_facebook', value: 'Ада Лавлейс' }],
	},
	{
		node: 'omnidesk',
		operation: 'create',
		parameters: {
			primaryId: 'crm-new-1',
			brandId: '1',
			additionalFields: {
				firstName: 'Ada',
				lastName: 'Lovelace',
				channelId: 'email',
				customerLinkChannel: 'ada@example.com',
				extraTelephone: '+31612345678',
				ticketId: '77',
			},
			customFields: { field: [{ name: 'plan', value: 'pro' }] },
		},
		bad: [
			...missing('primaryId', 'External ID or Search Customer Channel Value', 'at least one of'),
			...notWholeNumber('brandId', 'Brand ID').slice(0, 3),
			...notWholeNumber('additionalFields.ticketId', 'Ticket ID').slice(0, 1),
			...wrongTypes('primaryId', 'External ID'),
			...wrongTypes('additionalFields.firstName', 'First Name'),
			tooLong('primaryId', 'External ID'),
			tooLong('additionalFields.firstName', 'First Name'),
			...omnideskName('additionalFields.firstName', 'First Name'),
			...omnideskName('additionalFields.lastName', 'Last Name').slice(3, 5),
			...omnideskTelephone('additionalFields.extraTelephone', 'Extra Telephone'),
			...emailAddress('additionalFields.extraEmail', 'Extra Email').slice(0, 1),
			longEmail('additionalFields.extraEmail', 'Extra Email'),
			{ kind: 'pattern', name: 'Channel: an unknown type', bad: { 'additionalFields.channelId': 'sms' }, label: 'Channel', problem: 'does not match the pattern ^([0-9]+|email|telephone|facebook|twitter)$' },
			{ kind: 'missing', name: 'Customer Link Channel: empty while Channel is set', bad: { 'additionalFields.customerLinkChannel': '' }, label: 'Customer Link Channel', problem: REQUIRED },
			{ kind: 'pattern', name: 'Customer Link Channel: not an email for the email channel', bad: { 'additionalFields.customerLinkChannel': 'ada' }, label: 'Customer Link Channel', problem: 'is not a valid email address' },
			...notBoolean('additionalFields.noSync', 'No Sync').slice(0, 1),
			{ kind: 'missing', name: 'a custom field without a name', bad: { 'customFields.field.0.name': '' }, label: 'Custom Fields › Field 1', problem: 'needs a name' },
			{ kind: 'pattern', name: 'a custom field name with a space', bad: { 'customFields.field.0.name': 'my plan' }, label: 'Custom Fields › Field 1', problem: 'contains spaces' },
			{ kind: 'type', name: 'a custom field name that is an object', bad: { 'customFields.field.0.name': { a: 1 } }, label: 'Custom Fields › Field 1 › Name', problem: 'must be text, got an object' },
			{ kind: 'type', name: 'a custom field value that is a list', bad: { 'customFields.field.0.value': ['a'] }, label: 'Custom Fields › Field 1', problem: 'value must be text, a number or true/false, got a list' },
			tooLong('customFields.field.0.value', 'Custom Fields › Field 1'),
			...badJson('customFieldsJson', 'Custom Fields (JSON)', OMNIDESK_CUSTOM_JSON),
			{ kind: 'json', name: 'Custom Fields (JSON): a nested object', bad: { customFieldsJson: '{"plan": {"tier": 1}}' }, with: OMNIDESK_CUSTOM_JSON, label: 'Custom Fields (JSON) › plan', problem: 'value must be text, a number or true/false, got an object' },
			{ kind: 'json', name: 'Custom Fields (JSON): a name given twice', bad: { customFieldsJson: '{"plan": "a", "custom_plan": "b"}' }, with: OMNIDESK_CUSTOM_JSON, label: 'Custom Fields (JSON) › custom_plan', problem: '"plan" is given twice' },
		],
		good: [
			{ name: 'accented names', set: { primaryId: 'crm-new-2', 'additionalFields.firstName': 'Zoë', 'additionalFields.lastName': "Ångström-Núñez O'Brien" }, check: 'body', field: 'lastname', value: "Ångström-Núñez O'Brien" },
			{ name: 'a custom field value in several scripts', set: { primaryId: 'crm-new-2', 'customFields.field.0.value': UNICODE_VALUE }, check: 'body', field: 'custom_plan', value: UNICODE_VALUE },
			{ name: 'a primary ID in several scripts', set: { primaryId: 'crm-ünï-中文-😀' }, check: 'body', field: 'primary_id', value: 'crm-ünï-中文-😀' },
		],
		autoMap: {
			item: { primary_id: 'crm-auto-1', brand_id: 1, firstname: 'Ada', lastname: 'Lovelace', extra_telephone: '+31612345678', custom_plan: 'pro' },
			bad: [
				...missing('primary_id', 'External ID or Search Customer Channel Value', 'at least one of'),
				...notWholeNumber('brand_id', 'Brand ID').slice(0, 3),
				...omnideskName('firstname', 'First Name').slice(0, 4),
				...omnideskTelephone('extra_telephone', 'Extra Telephone').slice(0, 2),
				tooLong('primary_id', 'External ID'),
				{ kind: 'type', name: 'a custom field value that is a list', bad: { custom_plan: ['a'] }, label: 'Custom Fields (JSON) › custom_plan', problem: 'value must be text, a number or true/false, got a list' },
			],
		},
	},
	{
		node: 'omnidesk',
		operation: 'createCrud',
		parameters: {
			primaryId: 'crm-new-3',
			brandId: '1',
			additionalFields: { firstName: 'Grace', lastName: 'Hopper' },
			customFields: { field: [{ name: 'plan', value: 'pro' }] },
			channels: { channel: [{ type: 'email', value: 'grace@example.com' }] },
		},
		bad: [
			...missing('primaryId', 'External ID'),
			...wrongTypes('primaryId', 'External ID'),
			tooLong('primaryId', 'External ID'),
			...notWholeNumber('brandId', 'Brand ID').slice(0, 1),
			...omnideskName('additionalFields.lastName', 'Last Name'),
			{ kind: 'pattern', name: 'a channel of an unknown type', bad: { 'channels.channel.0.type': 'sms' }, label: 'Channels › Channel 1 › Type', problem: 'does not match the pattern' },
			...missing('channels.channel.0.value', 'Channels › Channel 1 › Value').slice(0, 2),
			{ kind: 'pattern', name: 'a channel email that is not one', bad: { 'channels.channel.0.value': 'grace' }, label: 'Channels › Channel 1 › Value', problem: 'is not a valid email address' },
			{ kind: 'pattern', name: 'a telephone channel in the wrong format', bad: { 'channels.channel.0.type': 'telephone', 'channels.channel.0.value': '06-1234' }, label: 'Channels › Channel 1 › Value', problem: 'does not match the pattern' },
			{ kind: 'pattern', name: 'a twitter channel with @', bad: { 'channels.channel.0.type': 'twitter', 'channels.channel.0.value': '@grace' }, label: 'Channels › Channel 1 › Value', problem: 'does not match the pattern' },
			{ kind: 'type', name: 'a channel value that is an object', bad: { 'channels.channel.0.value': { a: 1 } }, label: 'Channels › Channel 1 › Value', problem: 'must be text, got an object' },
			tooLong('channels.channel.0.value', 'Channels › Channel 1 › Value'),
			...badJson('customFieldsJson', 'Custom Fields (JSON)', OMNIDESK_CUSTOM_JSON),
		],
		good: [{ name: 'a custom field value with line breaks, & and =', set: { primaryId: 'crm-new-4', 'customFields.field.0.value': 'a & b = c\r\n--x 中文' }, check: 'body', field: 'custom_plan', value: 'a & b = c\r\n--x 中文' }],
		autoMap: {
			item: { primaryID: 'crm-auto-2', brandID: 1, firstname: 'Grace', lastname: 'Hopper', custom_plan: 'pro', customerChannelType_0: 'email', customerChannelValue_0: 'grace@example.com' },
			bad: [
				...missing('primaryID', 'External ID'),
				...wrongTypes('primaryID', 'External ID').slice(0, 2),
				tooLong('primaryID', 'External ID'),
				...omnideskName('lastname', 'Last Name').slice(0, 3),
				{ kind: 'pattern', name: 'a channel of an unknown type', bad: { customerChannelType_0: 'sms' }, label: 'Channels › Channel 1 › Type', problem: 'does not match the pattern' },
				{ kind: 'pattern', name: 'a channel email that is not one', bad: { customerChannelValue_0: 'grace' }, label: 'Channels › Channel 1 › Value', problem: 'is not a valid email address' },
				{ kind: 'missing', name: 'a channel type without its value', bad: { customerChannelValue_0: '' }, label: 'Channels › Channel 1 › Value', problem: REQUIRED },
			],
		},
	},
	{
		node: 'omnidesk',
		operation: 'createOrUpdate',
		parameters: { externalId: 'crm-upsert-1', brandId: '1', additionalFields: { firstName: 'Grace', lastName: 'Hopper' } },
		// In the empty sandbox: a search that finds nobody, then the create.
		requests: 2,
		bad: [
			...missing('externalId', 'External ID'),
			...wrongTypes('externalId', 'External ID'),
			tooLong('externalId', 'External ID'),
			...notWholeNumber('brandId', 'Brand ID').slice(0, 2),
			...omnideskName('additionalFields.firstName', 'First Name').slice(0, 3),
			{ kind: 'missing', name: 'nothing to write', bad: { 'additionalFields.firstName': '', 'additionalFields.lastName': undefined }, label: 'Additional Fields', problem: 'nothing to update' },
			...badJson('customFieldsJson', 'Custom Fields (JSON)', OMNIDESK_CUSTOM_JSON),
		],
		autoMap: {
			item: { primaryID: 'crm-auto-3', brandID: 1, firstname: 'Grace', custom_plan: 'pro', customerChannelType_0: 'email', customerChannelValue_0: 'grace@example.com' },
			bad: [
				...missing('primaryID', 'External ID'),
				...wrongTypes('primaryID', 'External ID').slice(0, 2),
				tooLong('primaryID', 'External ID'),
				{ kind: 'pattern', name: 'a channel email that is not one', bad: { customerChannelValue_0: 'grace' }, label: 'Channels › Channel 1 › Value', problem: 'is not a valid email address' },
			],
		},
	},
	{
		node: 'omnidesk',
		operation: 'createExternalEvent',
		parameters: {
			customerId: '42',
			brandId: '1',
			message: 'Order 1001 shipped',
			additionalFields: { initiatedBy: 'Webshop', sourceUrl: 'https://shop.example.com/orders/1001' },
		},
		bad: [
			...missing('message', 'Message'),
			{ kind: 'missing', name: 'External ID and Customer ID: both empty', bad: { customerId: '', externalId: '' }, label: 'External ID or Customer ID', problem: 'at least one of' },
			...wrongTypes('message', 'Message'),
			tooLong('message', 'Message'),
			tooLong('additionalFields.initiatedBy', 'Initiated By'),
			...notWholeNumber('customerId', 'Customer ID').slice(0, 4),
			{ kind: 'pattern', name: 'Source URL: javascript:', bad: { 'additionalFields.sourceUrl': 'javascript:alert(1)' }, label: 'Source URL', problem: 'is not an http(s) URL' },
			{ kind: 'pattern', name: 'Source URL: ftp:', bad: { 'additionalFields.sourceUrl': 'ftp://shop.example.com/1' }, label: 'Source URL', problem: 'is not an http(s) URL' },
			{ kind: 'pattern', name: 'Source URL: no scheme', bad: { 'additionalFields.sourceUrl': 'shop.example.com/orders/1' }, label: 'Source URL', problem: 'is not an http(s) URL' },
		],
		good: [{ name: 'a message in several scripts', set: { message: UNICODE_VALUE }, check: 'body', field: 'message', value: UNICODE_VALUE }],
	},
	{
		node: 'omnidesk',
		operation: 'delete',
		parameters: { customerId: '42' },
		bad: [...missing('customerId', 'Customer ID'), ...wrongTypes('customerId', 'Customer ID').slice(0, 2), ...notWholeNumber('customerId', 'Customer ID'), tooLong('customerId', 'Customer ID')],
	},
	{
		node: 'omnidesk',
		operation: 'deleteChannel',
		parameters: { customerId: '42', channelId: '83' },
		bad: [
			...missing('customerId', 'Customer ID').slice(0, 1),
			...missing('channelId', 'Channel ID'),
			...dotSegments('channelId', 'Channel ID'),
			...wrongTypes('channelId', 'Channel ID'),
			tooLong('channelId', 'Channel ID'),
			...notWholeNumber('customerId', 'Customer ID').slice(3, 5),
			{
				kind: 'unicode',
				name: 'Channel ID: half an emoji',
				bad: { channelId: LONE_SURROGATE },
				label: 'Channel ID',
				problem: 'contains half of a character',
			},
		],
	},
	{
		node: 'omnidesk',
		operation: 'get',
		parameters: { customerId: '42' },
		bad: [...missing('customerId', 'Customer ID'), ...wrongTypes('customerId', 'Customer ID'), ...notWholeNumber('customerId', 'Customer ID'), tooLong('customerId', 'Customer ID')],
		good: [{ name: 'a number from an expression', set: { customerId: 43 }, check: 'output', field: 'id', value: 43 }],
	},
	{
		node: 'omnidesk',
		operation: 'getAll',
		parameters: { returnAll: false, limit: 5, filters: { query: 'Anna' } },
		bad: [
			{ kind: 'pattern', name: 'Search Query: an apostrophe', bad: { 'filters.query': "O'Brien" }, label: 'Filters › Search Query', problem: 'does not match the pattern ^[0-9a-zA-Z ]+$' },
			{ kind: 'pattern', name: 'Search Query: an email address', bad: { 'filters.query': 'ada@example.com' }, label: 'Filters › Search Query', problem: 'does not match the pattern' },
			{ kind: 'unicode', name: 'Search Query: an accented letter', bad: { 'filters.query': 'Zoë' }, label: 'Filters › Search Query', problem: 'does not match the pattern' },
			{ kind: 'unicode', name: 'Search Query: an emoji', bad: { 'filters.query': '😀' }, label: 'Filters › Search Query', problem: 'does not match the pattern' },
			...wrongTypes('filters.query', 'Filters › Search Query').slice(0, 2),
			tooLong('filters.query', 'Filters › Search Query'),
			{ kind: 'type', name: 'Limit: 0', bad: { limit: 0 }, label: 'Limit', problem: 'must be a whole number of at least 1' },
			{ kind: 'type', name: 'Limit: a fraction', bad: { limit: 2.5 }, label: 'Limit', problem: 'must be a whole number of at least 1' },
			{ kind: 'type', name: 'Limit: a word', bad: { limit: 'ten' }, label: 'Limit', problem: 'must be a number, got "ten"' },
			{ kind: 'type', name: 'Limit: an object', bad: { limit: { a: 1 } }, label: 'Limit', problem: 'must be a number, got an object' },
			...notBoolean('returnAll', 'Return All'),
		],
	},
	{
		node: 'omnidesk',
		operation: 'getTimeline',
		parameters: { externalId: 'ext-42', brandId: '1', includeTicketHistory: true },
		bad: [
			...missing('externalId', 'External ID'),
			...missing('brandId', 'Brand ID').slice(0, 1),
			...notWholeNumber('brandId', 'Brand ID').slice(0, 2),
			...wrongTypes('externalId', 'External ID'),
			tooLong('externalId', 'External ID'),
			...notBoolean('includeTicketHistory', 'Include Ticket History'),
		],
	},
	{
		node: 'omnidesk',
		operation: 'purgeData',
		parameters: { externalPrimaryId: 'ext-42', brandId: '1' },
		bad: [
			{ kind: 'missing', name: 'External ID and Customer ID: both empty', bad: { externalPrimaryId: '', customerId: '' }, label: 'External ID or Customer ID', problem: 'at least one of' },
			{ kind: 'missing', name: 'External ID and Customer ID: both absent', bad: { externalPrimaryId: undefined, customerId: undefined }, label: 'External ID or Customer ID', problem: 'at least one of' },
			...notWholeNumber('customerId', 'Customer ID').slice(0, 2),
			...notWholeNumber('brandId', 'Brand ID').slice(1, 2),
			...wrongTypes('externalPrimaryId', 'External ID'),
			tooLong('externalPrimaryId', 'External ID'),
		],
		good: [{ name: 'an external ID with query-string characters', set: { externalPrimaryId: 'ext-&x=1#?' }, check: 'query', field: 'externalPrimaryID', value: 'ext-&x=1#?', refused: 'Customer not found' }],
	},
	{
		node: 'omnidesk',
		operation: 'searchByChannelValue',
		parameters: { channelValue: 'customer42@example.com', brandId: '1' },
		bad: [...missing('channelValue', 'Channel Value'), ...wrongTypes('channelValue', 'Channel Value'), tooLong('channelValue', 'Channel Value'), ...notWholeNumber('brandId', 'Brand ID').slice(0, 3)],
	},
	{
		node: 'omnidesk',
		operation: 'searchByExternalId',
		parameters: { primaryId: 'ext-42', brandId: '1' },
		bad: [...missing('primaryId', 'External ID'), ...wrongTypes('primaryId', 'External ID'), tooLong('primaryId', 'External ID'), ...notWholeNumber('brandId', 'Brand ID').slice(0, 3)],
		good: [{ name: 'a primary ID in several scripts is found as sent', set: { primaryId: UNICODE_VALUE }, check: 'body', field: 'primary_id', value: UNICODE_VALUE }],
	},
	{
		node: 'omnidesk',
		operation: 'syncWithCrm',
		parameters: { brandId: '1', channel: 'phoneNumber', address: '+31612345678' },
		bad: [
			...missing('address', 'Address'),
			...missing('channel', 'Channel').slice(0, 1),
			...missing('brandId', 'Brand ID').slice(0, 2),
			...notWholeNumber('brandId', 'Brand ID').slice(0, 2),
			...omnideskTelephone('address', 'Address'),
			{ kind: 'pattern', name: 'Address: not an email for the email channel', bad: { channel: 'email', address: '+31612345678' }, label: 'Address', problem: 'is not a valid email address' },
			...wrongTypes('address', 'Address').slice(0, 2),
			tooLong('address', 'Address'),
		],
	},
	{
		node: 'omnidesk',
		operation: 'update',
		parameters: { customerId: '42', updateFields: { brandId: '1', firstName: 'Ada', lastName: 'Lovelace' } },
		bad: [
			...missing('customerId', 'Customer ID'),
			...notWholeNumber('customerId', 'Customer ID'),
			...notWholeNumber('updateFields.brandId', 'Brand ID').slice(0, 1),
			{ kind: 'missing', name: 'nothing to update', bad: { 'updateFields.firstName': '', 'updateFields.lastName': undefined }, label: 'Update Fields', problem: 'nothing to update' },
			...omnideskName('updateFields.firstName', 'First Name'),
			...wrongTypes('updateFields.lastName', 'Last Name'),
			tooLong('updateFields.lastName', 'Last Name'),
			...badJson('customFieldsJson', 'Custom Fields (JSON)', OMNIDESK_CUSTOM_JSON).slice(0, 4),
			{
				kind: 'pattern',
				name: 'a channel value in the wrong format',
				bad: { 'channels.channel.0.value': '0612345678' },
				with: { channels: { channel: [{ type: 'telephone', value: '+31612345678' }] } },
				label: 'Channels › Channel 1 › Value',
				problem: 'does not match the pattern',
			},
		],
		good: [{ name: 'accented names', set: { 'updateFields.firstName': 'Zoë', 'updateFields.lastName': 'Šimon' }, check: 'body', field: 'lastname', value: 'Šimon' }],
		autoMap: {
			item: { id: 42, brandID: 1, firstname: 'Ada', lastname: 'Lovelace' },
			bad: [
				...missing('id', 'Customer ID'),
				...notWholeNumber('id', 'Customer ID').slice(0, 5),
				{ kind: 'missing', name: 'nothing to update', bad: { firstname: '', lastname: null }, label: 'Update Fields', problem: 'nothing to update' },
				...omnideskName('firstname', 'First Name').slice(0, 2),
				...wrongTypes('lastname', 'Last Name').slice(0, 2),
			],
		},
	},
	{
		node: 'omnidesk',
		operation: 'updateByExternalId',
		parameters: { externalPrimaryId: 'ext-42', brandId: '1', updateFields: { firstName: 'Ada' } },
		bad: [
			...missing('externalPrimaryId', 'External ID'),
			...wrongTypes('externalPrimaryId', 'External ID'),
			tooLong('externalPrimaryId', 'External ID'),
			{ kind: 'missing', name: 'nothing to update', bad: { 'updateFields.firstName': '' }, label: 'Update Fields', problem: 'nothing to update' },
			...omnideskName('updateFields.firstName', 'First Name').slice(3),
			...notWholeNumber('brandId', 'Brand ID').slice(0, 1),
			...badJson('customFieldsJson', 'Custom Fields (JSON)', OMNIDESK_CUSTOM_JSON),
		],
		autoMap: {
			item: { externalPrimaryID: 'ext-42', brandID: 1, firstname: 'Ada' },
			bad: [
				...missing('externalPrimaryID', 'External ID'),
				...wrongTypes('externalPrimaryID', 'External ID').slice(0, 2),
				tooLong('externalPrimaryID', 'External ID'),
				{ kind: 'missing', name: 'nothing to update', bad: { firstname: '' }, label: 'Update Fields', problem: 'nothing to update' },
				...notWholeNumber('brandID', 'Brand ID').slice(0, 1),
			],
		},
	},
	{
		node: 'omnidesk',
		operation: 'updateName',
		parameters: { customerId: '42', brandId: '1', firstName: 'Ada', lastName: 'Lovelace' },
		bad: [
			{ kind: 'missing', name: 'no ID to find the customer by', bad: { customerId: '', brandId: undefined, primaryId: '' }, label: 'External ID or Brand ID or Customer ID', problem: 'at least one of' },
			{ kind: 'missing', name: 'nothing to update', bad: { firstName: '', lastName: '' }, label: 'First Name', problem: 'nothing to update' },
			...notWholeNumber('customerId', 'Customer ID').slice(0, 3),
			...omnideskName('firstName', 'First Name'),
			...omnideskName('lastName', 'Last Name').slice(0, 2),
			...wrongTypes('lastName', 'Last Name'),
			tooLong('firstName', 'First Name'),
			...badJson('customFieldsJson', 'Custom Fields (JSON)', OMNIDESK_CUSTOM_JSON).slice(0, 4),
		],
		good: [{ name: 'accented names', set: { firstName: 'Ångström', lastName: 'Øster-Ñúñez' }, check: 'body', field: 'lastname', value: 'Øster-Ñúñez' }],
	},

	// ---- Rehook ----
	{
		node: 'rehook',
		operation: 'createOrUpdate',
		parameters: {
			authentication: 'basic',
			sourceId: 'example-ada',
			referralCode: '',
			metadata: { property: [{ name: 'Name', value: 'Ada Lovelace' }, { name: 'Plan', value: 'Pro' }] },
		},
		bad: [
			...missing('sourceId', 'Source ID'),
			...wrongTypes('sourceId', 'Source ID'),
			tooLong('sourceId', 'Source ID'),
			...wrongTypes('referralCode', 'Referral Code').slice(0, 2),
			tooLong('referralCode', 'Referral Code'),
			{ kind: 'missing', name: 'a user property without a name', bad: { 'metadata.property.1.name': '' }, label: 'User Properties › Property 2', problem: 'needs a name' },
			{ kind: 'pattern', name: 'a user property given twice', bad: { 'metadata.property.1.name': 'Name' }, label: 'User Properties › Property 2', problem: '"Name" is given twice' },
			{ kind: 'type', name: 'a user property name that is a list', bad: { 'metadata.property.0.name': ['Name'] }, label: 'User Properties › Property 1 › Name', problem: 'must be text, got a list' },
			{ kind: 'type', name: 'a user property value that is an object', bad: { 'metadata.property.0.value': { first: 'Ada' } }, label: 'User Properties › Property 1', problem: 'value must be text, a number, true/false or null, got an object' },
			tooLong('metadata.property.1.name', 'User Properties › Property 2 › Name'),
			tooLong('metadata.property.0.value', 'User Properties › Property 1'),
			...badJson('metadataJson', 'User Properties (JSON)', REHOOK_METADATA_JSON),
			{ kind: 'json', name: 'User Properties (JSON): a nested list', bad: { metadataJson: '{"Tags": ["a", "b"]}' }, with: REHOOK_METADATA_JSON, label: 'User Properties (JSON) › Tags', problem: 'got a list' },
		],
		good: [
			{ name: 'a source ID in several scripts', set: { sourceId: UNICODE_VALUE }, check: 'body', field: 'source_id', value: UNICODE_VALUE },
			{ name: 'a user property value in several scripts', set: { 'metadata.property.0.value': UNICODE_VALUE }, check: 'body', field: 'metadata.Name', value: UNICODE_VALUE },
		],
		autoMap: {
			item: { source_id: 'example-ada', referral_code: '', metadata: { Name: 'Ada Lovelace', Plan: 'Pro' } },
			bad: [
				...missing('source_id', 'Source ID'),
				...wrongTypes('source_id', 'Source ID'),
				tooLong('referral_code', 'Referral Code'),
				{ kind: 'type', name: 'metadata with a nested list', bad: { metadata: { Tags: ['a', 'b'] } }, label: 'User Properties (JSON) › Tags', problem: 'got a list' },
				{ kind: 'json', name: 'metadata: text that is not JSON', bad: { metadata: '{Name: Ada}' }, label: 'User Properties (JSON)', problem: 'is not valid JSON' },
				{ kind: 'json', name: 'metadata: a list', bad: { metadata: [1] }, label: 'User Properties (JSON)', problem: 'must be a JSON object, got a list' },
			],
		},
	},
	{
		node: 'rehook',
		operation: 'create',
		parameters: {
			authentication: 'appSecret',
			metadata: { property: [{ name: 'Name', value: 'Grace Hopper' }] },
			otherFieldsJson: '{"source_id": "example-grace"}',
		},
		bad: [
			...badJson('otherFieldsJson', 'Other Fields (JSON)', {}),
			{ kind: 'json', name: 'Other Fields (JSON): holds Metadata', bad: { otherFieldsJson: '{"Metadata": {"a": 1}}' }, label: 'Other Fields (JSON)', problem: 'holds "Metadata"' },
			{ kind: 'json', name: 'Other Fields (JSON): holds metadata (lower case)', bad: { otherFieldsJson: '{"metadata": 1}' }, label: 'Other Fields (JSON)', problem: 'holds "metadata"' },
			...badJson('metadataJson', 'User Properties (JSON)', REHOOK_METADATA_JSON).slice(0, 5),
			{ kind: 'missing', name: 'a user property without a name', bad: { 'metadata.property.0.name': '   ' }, label: 'User Properties › Property 1', problem: 'needs a name' },
			{ kind: 'type', name: 'a user property value that is a list', bad: { 'metadata.property.0.value': [1, 2] }, label: 'User Properties › Property 1', problem: 'got a list' },
			tooLong('metadata.property.0.name', 'User Properties › Property 1 › Name'),
		],
		good: [{ name: 'a user property value in several scripts', set: { 'metadata.property.0.value': UNICODE_VALUE }, check: 'body', field: 'Metadata.Name', value: UNICODE_VALUE }],
	},

	// ---- Hyfin ----
	{
		node: 'hyfin',
		operation: 'addUpdate',
		parameters: {
			externalId: 'example-ada',
			firstName: 'Ada',
			lastName: 'Lovelace',
			active: true,
			additionalFields: { email: 'ada@example.com', mobilePhone: '111-222-3333', notes: 'Prefers email', accountName: 'Analytical Engines' },
			notificationOptions: { notifyEmail: true, notifyPhone: false },
		},
		bad: [
			...missing('externalId', 'External ID'),
			...missing('firstName', 'First Name').slice(0, 1),
			...missing('lastName', 'Last Name').slice(2),
			...wrongTypes('externalId', 'External ID'),
			...wrongTypes('firstName', 'First Name').slice(0, 2),
			tooLong('additionalFields.notes', 'Notes'),
			tooLong('lastName', 'Last Name'),
			tooLong('additionalFields.accountName', 'Account Name'),
			...emailAddress('additionalFields.email', 'Email'),
			...phoneNumber('additionalFields.mobilePhone', 'Mobile Phone'),
			...notBoolean('active', 'Active'),
			...notBoolean('notificationOptions.notifyEmail', 'Notification Options › Notify by Email').slice(0, 1),
			{ kind: 'missing', name: 'Notify by Phone without a mobile phone', bad: { 'notificationOptions.notifyPhone': true, 'additionalFields.mobilePhone': '' }, label: 'Mobile Phone', problem: REQUIRED },
			{ kind: 'missing', name: 'Notify by Email without an email', bad: { 'additionalFields.email': undefined }, label: 'Email', problem: REQUIRED },
			...dotSegments('options.siteId', 'Options › Site ID').slice(0, 2),
			{ kind: 'type', name: 'Options › Site ID: an object', bad: { 'options.siteId': { a: 1 } }, label: 'Options › Site ID', problem: 'must be text, got an object' },
			tooLong('options.siteId', 'Options › Site ID'),
		],
		good: [
			{ name: 'accented names', set: { firstName: 'Zoë', lastName: 'Ångström' }, check: 'body', field: 'last_name', value: 'Ångström' },
			{ name: 'right-to-left notes with an emoji', set: { 'additionalFields.notes': 'مرحبا 😀 \u202Eabc' }, check: 'body', field: 'notes', value: 'مرحبا 😀 \u202Eabc' },
		],
		autoMap: {
			item: {
				external_id: 'example-ada',
				first_name: 'Ada',
				last_name: 'Lovelace',
				email: 'ada@example.com',
				mobile_phone: '111-222-3333',
				notes: 'Prefers email',
				active: true,
				'notification_options.notify_email': true,
			},
			bad: [
				...missing('external_id', 'External ID'),
				...wrongTypes('first_name', 'First Name').slice(0, 2),
				tooLong('notes', 'Notes'),
				...emailAddress('email', 'Email').slice(0, 2),
				...phoneNumber('mobile_phone', 'Mobile Phone').slice(0, 2),
				...notBoolean('active', 'Active'),
				{ kind: 'missing', name: 'notify_email without an email', bad: { email: null }, label: 'Email', problem: REQUIRED },
				{ kind: 'type', name: 'notification_options: text', bad: { notification_options: 'yes' }, label: 'Input Mode', problem: 'Map Automatically needs "notification_options" to be an object' },
			],
		},
	},
	{
		node: 'hyfin',
		operation: 'get',
		parameters: { externalId: 'example-ada' },
		setup: hyfinCustomers,
		bad: [
			...missing('externalId', 'External ID'),
			...dotSegments('externalId', 'External ID'),
			...wrongTypes('externalId', 'External ID'),
			tooLong('externalId', 'External ID'),
			...dotSegments('options.siteId', 'Options › Site ID').slice(1, 2),
			{
				kind: 'unicode',
				name: 'External ID: half an emoji',
				bad: { externalId: `ada${LONE_SURROGATE}` },
				label: 'External ID',
				problem: 'contains half of a character',
			},
		],
		good: [{ name: 'an external ID with a slash, a space, ? and # (encoded into the path)', set: { externalId: HYFIN_IDS[1] }, check: 'output', field: 'external_id', value: HYFIN_IDS[1] }],
	},
];

/** The unknown-column case every Map Automatically table gets, beside its own cases. */
export function autoMapCases(op: OperationCases): BadCase[] {
	if (!op.autoMap) return [];
	return [
		...op.autoMap.bad,
		{ kind: 'unknown', name: 'an unknown column', bad: { row_number: 2 }, label: 'Input Mode', problem: 'Map Automatically found a field the API does not document: "row_number"' },
	];
}

/** The item of a Map Automatically case: the valid item with the bad columns set (undefined removes one). */
export function autoMapItem(item: IDataObject, bad: Record<string, unknown>): IDataObject {
	const result = { ...item };
	for (const [name, value] of Object.entries(bad)) {
		if (value === undefined) delete result[name];
		else result[name] = value as IDataObject[string];
	}
	return result;
}

/** The operations each node offers, from the code (a new operation without cases fails the coverage test). */
export function operationsInCode(): Record<NodeName, string[]> {
	return {
		bik: Object.keys(bikOperations),
		omnidesk: Object.keys(omnideskOperations),
		rehook: Object.keys(rehookOperations),
		hyfin: Object.keys(hyfinOperations),
	};
}

/** An operation's implementation, for the property tests. */
export function operationOf(node: NodeName, operation: string): Operation {
	const maps: Record<NodeName, Record<string, Operation>> = {
		bik: bikOperations,
		omnidesk: omnideskOperations,
		rehook: rehookOperations,
		hyfin: hyfinOperations,
	};
	return maps[node][operation];
}

export const NODE_TYPES: Record<NodeName, INodeType> = { bik: new Bik(), omnidesk: new Omnidesk(), rehook: new Rehook(), hyfin: new Hyfin() };

/** Every display name in a node's panel, nested ones (collection options, list entries) included. */
export function panelNames(node: NodeName): Set<string> {
	const names = new Set<string>();
	const walk = (entries: unknown[] | undefined) => {
		for (const entry of entries ?? []) {
			const property = entry as INodeProperties & { values?: INodeProperties[] };
			if (typeof property.displayName === 'string') names.add(property.displayName);
			if (Array.isArray(property.values)) walk(property.values);
			if (property.type === 'collection' || property.type === 'fixedCollection') walk(property.options as unknown[]);
		}
	};
	walk(NODE_TYPES[node].description.properties);
	return names;
}

/**
 * The parts of an error's field label that must be names in the panel: "Addresses › Address 1 ›
 * Zip" gives Addresses, Address 1 (an entry of Address), Zip; "Email or Phone Number" gives both; a
 * key the user typed into a JSON field ("Custom Fields (JSON) › plan") is the user's own and is left out.
 */
export function labelParts(label: string): string[] {
	const parts: string[] = [];
	for (const segment of label.split(' › ')) {
		if (parts.length && parts[parts.length - 1].endsWith('(JSON)')) break;
		for (const part of segment.split(' or ')) parts.push(part.replace(/ \(entry \d+\)$/, ''));
	}
	return parts;
}

// ---- Parameters for two items ---------------------------------------------------------------

function pathOf(path: string): Array<string | number> {
	return path.split('.').map((key) => (/^[0-9]+$/.test(key) ? Number(key) : key));
}

export function getPath(source: unknown, path: string): unknown {
	let current = source;
	for (const key of pathOf(path)) {
		if (current === null || typeof current !== 'object') return undefined;
		current = (current as Record<string | number, unknown>)[key];
	}
	return current;
}

function setPath(target: IDataObject, path: string, value: unknown): void {
	const keys = pathOf(path);
	let current = target as Record<string | number, unknown>;
	keys.slice(0, -1).forEach((key, index) => {
		if (current[key] === undefined || current[key] === null || typeof current[key] !== 'object') {
			current[key] = typeof keys[index + 1] === 'number' ? [] : {};
		}
		current = current[key] as Record<string | number, unknown>;
	});
	current[keys[keys.length - 1]] = value;
}

/**
 * Parameters and input items for a run where each path in `values` is an expression reading the
 * item: item 0 gets the valid value of `parameters`, item 1 the value given (left out when
 * undefined; NaN through the expression itself, since NaN is not JSON).
 */
export function twoItems(parameters: IDataObject, values: Record<string, unknown>): { parameters: IDataObject; items: IDataObject[] } {
	const result = structuredClone(parameters);
	const valid: IDataObject = {};
	const other: IDataObject = {};
	Object.entries(values).forEach(([path, value], index) => {
		const key = `v${index}`;
		const original = getPath(result, path);
		if (original !== undefined) valid[key] = original as IDataObject[string];
		const isNaN = typeof value === 'number' && Number.isNaN(value);
		if (value !== undefined && !isNaN) other[key] = value as IDataObject[string];
		setPath(result, path, isNaN ? `={{ $json.${key} ?? NaN }}` : `={{ $json.${key} }}`);
	});
	return { parameters: result, items: [valid, other] };
}

/** A value at a dotted path of a logged request's body or query. */
export function sentValue(entry: LoggedRequest, where: 'body' | 'query', path: string): unknown {
	return getPath(where === 'body' ? entry.body : entry.query, path);
}

// ---- Figures --------------------------------------------------------------------------------

/** Merges figures into the bad-input suite's summary (shared by bad-input and properties). */
export const recordBadInputFigures = (figures: Record<string, unknown>) => recordFigures('reliability-bad-input.json', figures);
