import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { RawServer } from '../helpers/raw-server';
import { runNode, type RunResult } from '../helpers/run-node';
import { recordFigures } from '../helpers/figures';

/**
 * Where requests go. A credential's Base URL is normalised (trailing slashes never make "//api",
 * a path prefix is kept) and must be an http(s) URL without query or fragment; anything else is
 * refused, naming the credential's Base URL, before a request is sent. IDs and other values a
 * user types into the path or the query cannot leave the provider's path: each is refused before
 * sending, naming the field, or arrives percent-encoded as exactly one path segment (or one query
 * value) under the provider's prefix.
 */

const server = new RawServer();
let root: string;
let host: string;

beforeAll(async () => {
	root = await server.start();
	host = root.replace('http://', '');
});

const figures = { baseUrlCasesTried: 0, pathValueCasesTried: 0, baseUrlRuns: 0, refusedBeforeSending: 0 };

afterAll(async () => {
	await server.stop();
	await recordFigures('reliability-secrets.json', figures);
});


type NodeType = 'bik' | 'rehook' | 'omnidesk' | 'hyfin';

async function run(
	type: NodeType,
	credential: string,
	data: ICredentialDataDecryptedObject,
	parameters: IDataObject,
	onError?: 'continueRegularOutput',
): Promise<RunResult> {
	figures.baseUrlRuns++;
	return runNode({ type, parameters: { resource: 'customer', ...parameters }, credentials: { [credential]: data }, onError });
}

/** Fills in the test server's address. */
const at = (template: string) => template.replace('{root}', root).replace('{host}', host);

// ---- Base URLs ---------------------------------------------------------------------------------

interface CredentialCase {
	credential: string;
	type: NodeType;
	/** The provider's name, as the error message says it. */
	provider: string;
	fields: ICredentialDataDecryptedObject;
	parameters: IDataObject;
	method: string;
	/** The operation's path below the Base URL. */
	path: string;
	reply: unknown;
}

const CREDENTIALS: CredentialCase[] = [
	{
		credential: 'bikApi',
		type: 'bik',
		provider: 'BIK',
		fields: { apiKey: 'bik-key', apiSecret: 'bik-secret' },
		parameters: { operation: 'createOrUpdate', email: 'ann@example.com' },
		method: 'POST',
		path: '/bikPlatformFunctions-customers/createOrUpdate',
		reply: { status: 200, success: true, data: { customer: { id: 1 } } },
	},
	{
		credential: 'rehookApi',
		type: 'rehook',
		provider: 'Rehook',
		fields: { apiKey: 'rk-key', secretKey: 'rk-secret' },
		parameters: { authentication: 'basic', operation: 'createOrUpdate', sourceId: 's-1' },
		method: 'POST',
		path: '/customers',
		reply: { message: 'Customer Created' },
	},
	{
		credential: 'rehookAppApi',
		type: 'rehook',
		provider: 'Rehook',
		fields: { appId: 'rk-app', appSecret: 'rk-app-secret' },
		parameters: { authentication: 'appSecret', operation: 'create' },
		method: 'POST',
		path: '/api/customers',
		reply: { message: 'Customer Created' },
	},
	{
		credential: 'omnideskApi',
		type: 'omnidesk',
		provider: 'Omnidesk',
		fields: { apiKey: 'omni-key' },
		parameters: { operation: 'get', customerId: '42' },
		method: 'GET',
		path: '/api/v2/customer/42',
		reply: { id: 42 },
	},
	{
		credential: 'hyfinApi',
		type: 'hyfin',
		provider: 'Hyfin',
		fields: { accessToken: 'hyfin-token', siteId: 'site-1' },
		parameters: { operation: 'addUpdate', externalId: 'e-1', firstName: 'Ann', lastName: 'Lee' },
		method: 'POST',
		path: '/api/v3.1/site/site-1/customer/addUpdate',
		reply: { success: true, action: 'added', _id: 'h-1' },
	},
];

/** Base URLs that are used, and the path prefix each keeps. */
const ACCEPTED: Array<[string, string]> = [
	['{root}', ''],
	['{root}/', ''],
	['{root}///', ''],
	['{root}/prefix', '/prefix'],
	['{root}/prefix/', '/prefix'],
	['{root}/prefix//', '/prefix'],
	['{root}/a/b/', '/a/b'],
	['  {root}/prefix/  ', '/prefix'],
	['HTTP://{host}/prefix', '/prefix'],
];

/** Base URLs that are refused. */
const REFUSED = [
	'ftp://{host}/prefix',
	'file:///etc/passwd',
	'javascript:alert(1)',
	'data:text/plain,hello',
	'ws://{host}/prefix',
	'mailto:ops@example.com',
	'{host}/prefix',
	'//{host}/prefix',
	'http:{host}/prefix',
	'https:/{host}/prefix',
	'http:\\\\{host}\\prefix',
	'http://',
	'',
	'{root}/?x=1',
	'{root}/prefix?token=abc',
	'{root}/prefix#top',
	'{root}/pre fix',
];

describe.each(CREDENTIALS.map((c) => [c.credential, c] as const))('the %s Base URL', (_name, c) => {
	test.each(ACCEPTED)('"%s" sends to its prefix, without a double slash', async (template, prefix) => {
		figures.baseUrlCasesTried++;
		server.reset(c.reply);
		const result = await run(c.type, c.credential, { ...c.fields, baseUrl: at(template) }, c.parameters);
		expect(result.error).toBeUndefined();
		expect(server.received).toEqual([{ method: c.method, url: `${prefix}${c.path}` }]);
		expect(server.received[0].url).not.toContain('//');
	});

	test.each(REFUSED.map((template) => [template]))('"%s" is refused, naming the Base URL, and nothing is sent', async (template) => {
		for (const onError of [undefined, 'continueRegularOutput'] as const) {
			figures.baseUrlCasesTried++;
			server.reset(c.reply);
			const result = await run(c.type, c.credential, { ...c.fields, baseUrl: at(template) }, c.parameters, onError);
			const message = `The Base URL in the ${c.provider} credential is not a valid http(s) URL`;
			if (onError === undefined) {
				expect(result.error?.message).toBe(message);
				expect(result.error?.description).toBe('Open the credential and enter a URL such as https://api.example.com, without a query string.');
			} else {
				// Continue On Fail cannot continue without a credential: the run still says why.
				expect(JSON.stringify(result.items) + (result.error?.message ?? '')).toContain(message);
			}
			expect(server.received).toEqual([]);
			figures.refusedBeforeSending++;
		}
	});
});

// ---- Values typed into the path or the query ----------------------------------------------------

/** Values that try to leave their path segment or change the query; "{v}" cases below show how each ends. */
const VALUES = [
	'../../admin',
	'..%2F..%2Fadmin',
	'%2e%2e',
	'%2E%2E%2Fadmin',
	'a/b',
	'/admin',
	'x/../../..',
	'a?b=c',
	'a#b',
	'a&b=c',
	'a;b',
	'a\\b',
	'.',
	'..',
	' .. ',
	'...',
	'．．',
	'Zoë & 名前',
	'a b',
	'a\nb',
];

/** The prefix every path-value case uses, to show a value cannot climb out of it. */
const PREFIX = '/tenant/7';

interface ValueField {
	/** The operation and field, as a user sees them. */
	name: string;
	type: NodeType;
	credential: string;
	fields: ICredentialDataDecryptedObject;
	/** The field's label in the error message. */
	label: string;
	parameters: (value: string) => IDataObject;
	/** Puts the value into the credential instead of the parameters. */
	inCredential?: (value: string) => ICredentialDataDecryptedObject;
	method: string;
	/** Whether the field refuses the value (trimmed), and why, as the message says. */
	refuses: (value: string) => string | undefined;
	/** Path fields: the request line path for an accepted value, given it percent-encoded. */
	path?: (encoded: string) => string;
	/** Query fields: the fixed path and the query an accepted value gives. */
	query?: { path: string; expected: (value: string) => Record<string, string> };
	reply: unknown;
}

const OMNIDESK = { credential: 'omnideskApi', type: 'omnidesk' as const, fields: { apiKey: 'omni-key' } };
const HYFIN = { credential: 'hyfinApi', type: 'hyfin' as const, fields: { accessToken: 'hyfin-token', siteId: 'site-1' } };
const notWholeNumber = () => 'is not a whole number';
const dotSegment = (value: string) => (value === '.' || value === '..' ? 'cannot be used as an ID' : undefined);

const FIELDS: ValueField[] = [
	...(['get', 'update', 'delete'] as const).map(
		(operation): ValueField => ({
			...OMNIDESK,
			name: `Omnidesk ${operation} › Customer ID`,
			label: 'Customer ID',
			parameters: (value) => ({ operation, customerId: value, updateFields: { firstName: 'Anna' } }),
			method: { get: 'GET', update: 'PUT', delete: 'DELETE' }[operation],
			refuses: notWholeNumber,
			path: (encoded) => `/api/v2/customer/${encoded}`,
			reply: { id: 42 },
		}),
	),
	{
		...OMNIDESK,
		name: 'Omnidesk deleteChannel › Customer ID',
		label: 'Customer ID',
		parameters: (value) => ({ operation: 'deleteChannel', customerId: value, channelId: '9' }),
		method: 'DELETE',
		refuses: notWholeNumber,
		path: (encoded) => `/api/v2/customer/${encoded}/channel/9`,
		reply: {},
	},
	{
		...OMNIDESK,
		name: 'Omnidesk deleteChannel › Channel ID',
		label: 'Channel ID',
		parameters: (value) => ({ operation: 'deleteChannel', customerId: '42', channelId: value }),
		method: 'DELETE',
		refuses: dotSegment,
		path: (encoded) => `/api/v2/customer/42/channel/${encoded}`,
		reply: {},
	},
	{
		...HYFIN,
		name: 'Hyfin get › External ID',
		label: 'External ID',
		parameters: (value) => ({ operation: 'get', externalId: value }),
		method: 'GET',
		refuses: dotSegment,
		path: (encoded) => `/api/v3.1/site/site-1/customer/${encoded}`,
		reply: { external_id: 'e-1' },
	},
	{
		...HYFIN,
		name: 'Hyfin addUpdate › Options › Site ID',
		label: 'Options › Site ID',
		parameters: (value) => ({ operation: 'addUpdate', externalId: 'e-1', firstName: 'Ann', lastName: 'Lee', options: { siteId: value } }),
		method: 'POST',
		refuses: dotSegment,
		path: (encoded) => `/api/v3.1/site/${encoded}/customer/addUpdate`,
		reply: { success: true, action: 'added', _id: 'h-1' },
	},
	{
		...HYFIN,
		name: 'Hyfin get › the credential’s Site ID',
		label: 'Site ID',
		parameters: () => ({ operation: 'get', externalId: 'e-1' }),
		inCredential: (value) => ({ accessToken: 'hyfin-token', siteId: value }),
		method: 'GET',
		refuses: dotSegment,
		path: (encoded) => `/api/v3.1/site/${encoded}/customer/e-1`,
		reply: { external_id: 'e-1' },
	},
	{
		...OMNIDESK,
		name: 'Omnidesk getTimeline › External ID (query)',
		label: 'External ID',
		parameters: (value) => ({ operation: 'getTimeline', externalId: value, brandId: '1' }),
		method: 'GET',
		refuses: () => undefined,
		query: { path: '/api/v2/customer/timelineByCustomerExternalID', expected: (value) => ({ brand_id: '1', external_id: value }) },
		reply: { type: 'timeline', events: [] },
	},
	{
		...OMNIDESK,
		name: 'Omnidesk purgeData › External ID (query)',
		label: 'External ID',
		parameters: (value) => ({ operation: 'purgeData', externalPrimaryId: value, brandId: '1' }),
		method: 'DELETE',
		refuses: () => undefined,
		query: { path: '/api/v2/customer/purgedata', expected: (value) => ({ externalPrimaryID: value, brandID: '1' }) },
		reply: {},
	},
	{
		...OMNIDESK,
		name: 'Omnidesk getAll › Filters › Search Query (query)',
		label: 'Filters › Search Query',
		parameters: (value) => ({ operation: 'getAll', returnAll: false, limit: 5, filters: { query: value } }),
		method: 'GET',
		// PROVIDERS.md › Index: the query is ASCII letters, digits and spaces (one or more).
		refuses: (value) => (value !== '' && [...value].every(isQueryCharacter) ? undefined : 'does not match the pattern'),
		query: { path: '/api/v2/customer', expected: (value) => ({ itemStart: '0', itemLimit: '5', query: value }) },
		reply: { type: 'customers', itemStart: 0, itemTotal: 0, itemLimit: 5, items: [] },
	},
];

function isQueryCharacter(character: string): boolean {
	return (character >= '0' && character <= '9') || (character >= 'a' && character <= 'z') || (character >= 'A' && character <= 'Z') || character === ' ';
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe.each(FIELDS.map((f) => [f.name, f] as const))('%s', (_name, field) => {
	test.each(VALUES.map((value) => [JSON.stringify(value), value]))('%s is refused before sending or stays one encoded value', async (_label, value) => {
		figures.pathValueCasesTried++;
		server.reset(field.reply);
		const credentials = { ...(field.inCredential ? field.inCredential(value) : field.fields), baseUrl: `${root}${PREFIX}/` };
		const result = await run(field.type, field.credential, credentials, field.parameters(value));
		const trimmed = value.trim();
		const reason = field.refuses(trimmed);
		if (reason) {
			expect(result.error?.message).toMatch(new RegExp(`^Invalid "${escapeRegExp(field.label)}": [\\s\\S]*${reason}[\\s\\S]* \\[item 0\\]$`));
			expect(server.received).toEqual([]);
			figures.refusedBeforeSending++;
			return;
		}
		expect(result.error).toBeUndefined();
		expect(server.received).toHaveLength(1);
		const [{ method, url }] = server.received;
		expect(method).toBe(field.method);
		if (field.path) {
			// Exactly the provider's path under the prefix, the value one percent-encoded segment.
			const encoded = encodeURIComponent(trimmed);
			expect(url).toBe(`${PREFIX}${field.path(encoded)}`);
			const template = `${PREFIX}${field.path('\u0000')}`.split('/');
			const segments = url.split('/');
			expect(segments).toHaveLength(template.length);
			expect(decodeURIComponent(segments[template.indexOf('\u0000')])).toBe(trimmed);
			// No segment that a URL parser would read as "this folder" or "the folder above".
			expect(segments.filter((segment) => /^(\.|%2e){1,2}$/i.test(segment))).toEqual([]);
		} else {
			// The path is fixed and the value is one query value: nothing added, nothing cut off.
			const [path, query = ''] = url.split('?');
			expect(path).toBe(`${PREFIX}${field.query!.path}`);
			expect(url).not.toContain('#');
			expect(Object.fromEntries(new URLSearchParams(query))).toEqual(field.query!.expected(trimmed));
			expect([...new URLSearchParams(query).keys()]).toHaveLength(Object.keys(field.query!.expected(trimmed)).length);
		}
	});

	test('a plain value arrives as it is', async () => {
		server.reset(field.reply);
		const plain = field.name.includes('Customer ID') ? '42' : 'crm 1';
		const credentials = { ...(field.inCredential ? field.inCredential(plain) : field.fields), baseUrl: `${root}${PREFIX}/` };
		const result = await run(field.type, field.credential, credentials, field.parameters(plain));
		expect(result.error).toBeUndefined();
		const [{ url }] = server.received;
		if (field.path) expect(url).toBe(`${PREFIX}${field.path(encodeURIComponent(plain))}`);
		else expect(Object.fromEntries(new URLSearchParams(url.split('?')[1]))).toEqual(field.query!.expected(plain));
	});
});

describe('fields that never reach the path', () => {
	/** BIK and Rehook put every user value into the JSON body: the path is fixed whatever the ID. */
	test.each([
		['BIK get › Customer ID', 'bik', 'bikApi', { apiKey: 'k', apiSecret: 's' }, { operation: 'get', lookUpBy: 'partnerCustomerId', customerId: '../../admin?x=1#y' }, '/bikPlatformFunctions-customers/get', { status: 200, success: true, data: { customer: { id: 1 } } }],
		['BIK createOrUpdate › Partner Customer ID', 'bik', 'bikApi', { apiKey: 'k', apiSecret: 's' }, { operation: 'createOrUpdate', email: 'a@b.co', additionalFields: { partnerCustomerId: '../../admin?x=1#y' } }, '/bikPlatformFunctions-customers/createOrUpdate', { status: 200, success: true, data: { customer: { id: 1 } } }],
		['Rehook createOrUpdate › Source ID', 'rehook', 'rehookApi', { apiKey: 'k', secretKey: 's' }, { authentication: 'basic', operation: 'createOrUpdate', sourceId: '../../admin?x=1#y' }, '/customers', { message: 'Customer Created' }],
	] as const)('%s', async (_name, type, credential, fields, parameters, path, reply) => {
		figures.pathValueCasesTried++;
		server.reset(reply);
		const result = await run(type, credential, { ...fields, baseUrl: `${root}${PREFIX}` }, parameters as IDataObject);
		expect(result.error).toBeUndefined();
		expect(server.received).toEqual([{ method: 'POST', url: `${PREFIX}${path}` }]);
	});
});
