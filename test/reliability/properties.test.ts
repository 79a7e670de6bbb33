import fc from 'fast-check';
import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData } from 'n8n-workflow';

import { bik } from '../../nodes/Bik/provider';
import { hyfin } from '../../nodes/Hyfin/provider';
import { omnidesk } from '../../nodes/Omnidesk/provider';
import { rehook } from '../../nodes/Rehook/provider';
import { readSettings } from '../../nodes/shared/fields/options';
import { MAX_TEXT_LENGTH, Params } from '../../nodes/shared/fields/params';
import { httpOptions, normaliseBaseUrl, publicFieldsOf } from '../../nodes/shared/transport';
import type { ApiRequest, Provider } from '../../nodes/shared/types';
import { SANDBOX_CREDENTIALS, credentialData } from '../../sandbox/credentials';
import { Sandbox, type LoggedRequest } from '../../sandbox/server';
import { runNode } from '../helpers/run-node';
import { AUTH_HEADERS, OMNIDESK_SEEDED, operationOf, recordBadInputFigures, type NodeName } from '../helpers/bad-input-cases';

/**
 * Any valid input yields a request the provider accepts. fast-check generates valid parameters
 * for each request builder; the request is built (Operation.build), encoded as the transport
 * encodes it (httpOptions, encodeForm) and sent to the sandbox, which must answer 2xx. A few
 * properties run whole batches of generated items through n8n as well.
 */

/** Fixed, so that a failure reproduces: fast-check prints the seed and the shrunk counterexample. */
const SEED = 20_250_117;
const RUNS = 50;

jest.setTimeout(60_000);

let sandbox: Sandbox;
let url: string;
const runsByProperty: Record<string, number> = {};
let itemsThroughN8n = 0;

beforeAll(async () => {
	sandbox = new Sandbox({ seed: 5, omnideskCustomers: OMNIDESK_SEEDED });
	url = await sandbox.start();
});

afterAll(async () => {
	await sandbox.stop();
	await recordBadInputFigures({
		propertyRuns: Object.values(runsByProperty).reduce((sum, runs) => sum + runs, 0),
		propertyRunsByProperty: runsByProperty,
		propertyItemsThroughN8n: itemsThroughN8n,
		propertySeed: SEED,
		propertiesUpdatedAt: new Date().toISOString(),
	});
});

/** Runs a property with the suite's seed and counts its runs for the figures. */
async function holds<T>(name: string, arbitrary: fc.Arbitrary<T>, predicate: (value: T) => Promise<void>, numRuns = RUNS): Promise<void> {
	let runs = 0;
	await fc.assert(
		fc.asyncProperty(arbitrary, async (value) => {
			await predicate(value);
			runs++;
		}),
		{ seed: SEED, numRuns },
	);
	runsByProperty[name] = runs;
}

// ---- Sending a built request ----------------------------------------------------------------

type CredentialType = 'bikApi' | 'rehookApi' | 'rehookAppApi' | 'omnideskApi' | 'hyfinApi';

const PROVIDERS: Record<CredentialType, Provider> = { bikApi: bik, rehookApi: rehook, rehookAppApi: rehook, omnideskApi: omnidesk, hyfinApi: hyfin };
const AUTH: Record<CredentialType, Record<string, string>> = {
	bikApi: AUTH_HEADERS.bik,
	rehookApi: AUTH_HEADERS.rehook,
	rehookAppApi: AUTH_HEADERS.rehookApp,
	omnideskApi: AUTH_HEADERS.omnidesk,
	hyfinApi: AUTH_HEADERS.hyfin,
};
const CREDENTIAL_OF: Record<string, CredentialType> = {
	'bik.createOrUpdate': 'bikApi',
	'rehook.createOrUpdate': 'rehookApi',
	'rehook.create': 'rehookAppApi',
	'hyfin.addUpdate': 'hyfinApi',
	'hyfin.get': 'hyfinApi',
};

interface Delivered {
	request: ApiRequest;
	status: number;
	body: unknown;
	/** The request as the sandbox logged it. */
	entry: LoggedRequest;
}

/** Builds the request for `values` and sends it as the transport would, with the credential's auth headers. */
async function deliver(node: NodeName, operation: string, values: IDataObject): Promise<Delivered> {
	const credentialType = CREDENTIAL_OF[`${node}.${operation}`] ?? 'omnideskApi';
	const provider = PROVIDERS[credentialType];
	const credentials = credentialData(url)[credentialType] as ICredentialDataDecryptedObject;
	const publicFields = publicFieldsOf(credentials, provider.secretFields);
	const request = operationOf(node, operation).build(Params.of(values), { credentials: publicFields, item: {} });
	const options = httpOptions(
		{ baseUrl: normaliseBaseUrl(credentials.baseUrl)!, settings: readSettings(Params.of({})) },
		request,
	);
	const target = new URL(options.url);
	for (const [name, value] of Object.entries(options.qs ?? {})) target.searchParams.append(name, String(value));
	const body = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
	const before = sandbox.log.length;
	const response = await fetch(target, { method: options.method, headers: { ...(options.headers as Record<string, string>), ...AUTH[credentialType] }, body });
	const text = await response.text();
	let parsed: unknown = text;
	try {
		parsed = text === '' ? undefined : JSON.parse(text);
	} catch {
		parsed = text;
	}
	expect(sandbox.log.length).toBe(before + 1);
	return { request, status: response.status, body: parsed, entry: sandbox.log[before] };
}

/** Sends `values` to a fresh sandbox and fails, with what was sent, unless the provider accepted it. */
async function accepted(node: NodeName, operation: string, values: IDataObject): Promise<Delivered> {
	sandbox.reset();
	const delivered = await deliver(node, operation, values);
	const provider = PROVIDERS[CREDENTIAL_OF[`${node}.${operation}`] ?? 'omnideskApi'];
	if (delivered.status < 200 || delivered.status > 299 || provider.isFailure?.(delivered.body)) {
		throw new Error(
			`${node} ${operation} refused a valid request: ${delivered.status} ${JSON.stringify(delivered.body)}\nsent: ${JSON.stringify(delivered.entry.body ?? delivered.entry.query)}`,
		);
	}
	return delivered;
}

/** Drops undefined values (fields the user left out). */
function compact<T extends object>(value: T): IDataObject {
	return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as IDataObject;
}

// ---- Valid input ----------------------------------------------------------------------------

const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });
/** Any printable text, in any script, emoji included. */
const text = (maxLength = 30) => fc.string({ unit: 'grapheme', maxLength });
const nonBlank = (maxLength = 30) =>
	fc.string({ unit: 'grapheme', minLength: 1, maxLength }).filter((value) => value.trim() !== '' && value.trim() !== '__proto__');
const email = fc.emailAddress().filter((value) => value.length <= 254);
/** The shared phone rule: an optional +, 7 to 15 digits, with spaces, dots, dashes or brackets between. */
const phone = fc
	.tuple(fc.boolean(), fc.stringMatching(/^[0-9]{7,15}$/), fc.array(fc.tuple(fc.nat(), fc.constantFrom(' ', '-', '.', '(', ')')), { maxLength: 3 }))
	.map(([plus, digits, separators]) => {
		let result = digits;
		for (const [at, separator] of separators) {
			const index = 1 + (at % result.length);
			result = `${result.slice(0, index)}${separator}${result.slice(index)}`;
		}
		return `${plus ? '+' : ''}${result}`;
	});
/** Omnidesk: + and up to 15 digits. */
const telephone = fc.stringMatching(/^[0-9]{1,15}$/).map((digits) => `+${digits}`);
/** The characters doc 003 lists for names, read as ranges: a–z, A–Z, À–Ö, Ø–Þ, ß–ö, ø–ÿ, Š, š, dot, dash, apostrophe, space. */
const NAME_CHARACTERS = [
	...[['a', 'z'], ['A', 'Z'], ['À', 'Ö'], ['Ø', 'Þ'], ['ß', 'ö'], ['ø', 'ÿ']].flatMap(([first, last]) =>
		Array.from({ length: last.charCodeAt(0) - first.charCodeAt(0) + 1 }, (_, i) => String.fromCharCode(first.charCodeAt(0) + i)),
	),
	'Š', 'š', '.', '-', "'", ' ',
];
/** A name Omnidesk's documentation allows, accented letters included. */
const personName = fc
	.array(fc.constantFrom(...NAME_CHARACTERS), { minLength: 1, maxLength: 30 })
	.map((characters) => characters.join(''))
	.filter((value) => value.trim() !== '');
const twitter = fc.stringMatching(/^[a-zA-Z0-9_]{1,15}$/);
const seededId = fc.integer({ min: 1, max: OMNIDESK_SEEDED }).map(String);
const brandId = fc.integer({ min: 1, max: 9 }).map(String);

const customFieldValue = fc.oneof(text(40), fc.string({ unit: 'binary', maxLength: 20 }));
const customFields = fc.record({
	json: fc.boolean(),
	fields: fc.uniqueArray(
		fc.record({
			name: fc.stringMatching(/^[a-z][a-z0-9_]{0,15}$/).filter((name) => !name.startsWith('custom_')),
			value: customFieldValue,
		}),
		{ selector: (field) => field.name, maxLength: 3 },
	),
});
type CustomFields = { json: boolean; fields: Array<{ name: string; value: string }> };

/** Custom fields as parameters, in the list or the JSON mode. */
function customParameters({ json, fields }: CustomFields): IDataObject {
	if (json) return { customFieldsInput: 'json', customFieldsJson: JSON.stringify(Object.fromEntries(fields.map((f) => [f.name, f.value]))) };
	return { customFields: { field: fields } };
}
const customSent = ({ fields }: CustomFields) => Object.fromEntries(fields.map((f) => [`custom_${f.name}`, f.value]));

const channel = fc.oneof(
	fc.record({ type: fc.constant('email'), value: email }),
	fc.record({ type: fc.constant('telephone'), value: telephone }),
	fc.record({ type: fc.constant('twitter'), value: twitter }),
	fc.record({ type: fc.constant('facebook'), value: nonBlank() }),
	fc.record({ type: fc.integer({ min: 1, max: 999 }).map(String), value: nonBlank() }),
);
const channels = fc.array(channel, { maxLength: 3 });
type Channel = { type: string; value: string };
const channelsSent = (list: Channel[]) =>
	Object.fromEntries(list.flatMap((c, n) => [[`customerChannelType_${n}`, c.type], [`customerChannelValue_${n}`, c.value.trim()]]));

/** The fields of a logged form that start with a prefix. */
const formFields = (entry: LoggedRequest, pattern: RegExp) =>
	Object.fromEntries(Object.entries(entry.body as Record<string, string>).filter(([name]) => pattern.test(name)));

// ---- Properties: one per request builder ----------------------------------------------------

describe('any valid input yields a request the sandbox accepts', () => {
	test('BIK Create or Update', async () => {
		const address = fc.record({
			address1: nonBlank(),
			city: nonBlank(),
			country: nonBlank(),
			countryCode: fc.stringMatching(/^[A-Z]{2}$/),
			state: nonBlank(),
			zip: fc.stringMatching(/^[0-9A-Z]{3,8}$/),
			latitude: optional(fc.double({ min: -90, max: 90, noNaN: true }).map(String)),
			longitude: optional(fc.double({ min: -180, max: 180, noNaN: true }).map(String)),
			isDefault: optional(fc.boolean()),
		});
		const customer = fc.record({
			identity: fc.oneof(fc.record({ email, phoneNumber: phone }), fc.record({ email }), fc.record({ phoneNumber: phone })),
			firstName: optional(text()),
			lastName: optional(text()),
			partnerCustomerId: optional(nonBlank()),
			tags: optional(fc.array(nonBlank(15).filter((tag) => !tag.includes(',')), { maxLength: 4 })),
			alternateEmails: optional(fc.array(email, { minLength: 1, maxLength: 2 })),
			secondaryPhoneNumber: optional(phone),
			overWriteAssets: optional(fc.boolean()),
			addresses: fc.array(address, { maxLength: 2 }),
		});
		await holds('bik.createOrUpdate', customer, async (c) => {
			const { entry } = await accepted('bik', 'createOrUpdate', {
				...c.identity,
				additionalFields: compact({
					firstName: c.firstName,
					lastName: c.lastName,
					partnerCustomerId: c.partnerCustomerId,
					tags: c.tags?.join(', '),
					alternateEmails: c.alternateEmails?.join(','),
					secondaryPhoneNumber: c.secondaryPhoneNumber,
					overWriteAssets: c.overWriteAssets,
				}),
				addresses: { address: c.addresses.map(compact) },
			});
			const sent = entry.body as IDataObject;
			expect(sent.email).toBe('email' in c.identity ? c.identity.email : undefined);
			expect(sent.phoneNumber).toBe('phoneNumber' in c.identity ? c.identity.phoneNumber.trim() : undefined);
			if (c.tags) expect(sent.tags).toEqual(c.tags.map((tag) => tag.trim()));
			expect((sent.addresses as IDataObject[] | undefined)?.length ?? 0).toBe(c.addresses.length);
		});
	});

	test('Omnidesk Create', async () => {
		const link = fc.oneof(
			fc.record({ channelId: fc.constant('email'), customerLinkChannel: email }),
			fc.record({ channelId: fc.constant('telephone'), customerLinkChannel: telephone }),
			fc.record({ channelId: fc.constant('twitter'), customerLinkChannel: twitter }),
			fc.record({ channelId: fc.constant('facebook'), customerLinkChannel: nonBlank() }),
		);
		const input = fc.record({
			identity: fc.oneof(
				fc.record({ primaryId: nonBlank(40).filter((id) => !/^ext-[0-9]+$/.test(id.trim())) }),
				fc.record({ searchCustomerChannelValue: email }),
			),
			brandId: optional(brandId),
			firstName: optional(personName),
			lastName: optional(personName),
			link: optional(link),
			extraEmail: optional(email),
			extraTelephone: optional(telephone),
			ticketId: optional(fc.integer({ min: 1, max: 1e9 }).map(String)),
			noSync: optional(fc.boolean()),
			custom: customFields,
		});
		await holds('omnidesk.create', input, async (c) => {
			const { entry } = await accepted('omnidesk', 'create', {
				primaryId: 'primaryId' in c.identity ? c.identity.primaryId : '',
				brandId: c.brandId ?? '',
				additionalFields: compact({
					searchCustomerChannelValue: 'searchCustomerChannelValue' in c.identity ? c.identity.searchCustomerChannelValue : undefined,
					firstName: c.firstName,
					lastName: c.lastName,
					...c.link,
					extraEmail: c.extraEmail,
					extraTelephone: c.extraTelephone,
					ticketId: c.ticketId,
					noSync: c.noSync,
				}),
				...customParameters(c.custom),
			});
			expect(entry.contentType).toBe('multipart/form-data');
			const sent = entry.body as Record<string, string>;
			expect(sent.primary_id).toBe('primaryId' in c.identity ? c.identity.primaryId.trim() : undefined);
			expect(sent.firstname).toBe(c.firstName?.trim() || undefined);
			expect(formFields(entry, /^custom_/)).toEqual(customSent(c.custom));
		});
	});

	test('Omnidesk Create (CRUD)', async () => {
		const input = fc.record({
			primaryId: nonBlank(40).filter((id) => !/^ext-[0-9]+$/.test(id.trim())),
			brandId: optional(brandId),
			firstName: optional(personName),
			lastName: optional(personName),
			custom: customFields,
			channels,
		});
		await holds('omnidesk.createCrud', input, async (c) => {
			const { entry } = await accepted('omnidesk', 'createCrud', {
				primaryId: c.primaryId,
				brandId: c.brandId ?? '',
				additionalFields: compact({ firstName: c.firstName, lastName: c.lastName }),
				...customParameters(c.custom),
				channels: { channel: c.channels },
			});
			const sent = entry.body as Record<string, string>;
			expect(sent.primaryID).toBe(c.primaryId.trim());
			expect(sent.lastname).toBe(c.lastName?.trim() || undefined);
			expect(formFields(entry, /^custom_/)).toEqual(customSent(c.custom));
			expect(formFields(entry, /^customerChannel/)).toEqual(channelsSent(c.channels));
		});
	});

	test('Omnidesk Update', async () => {
		const input = fc
			.record({
				customerId: seededId,
				brandId: optional(brandId),
				firstName: optional(personName),
				lastName: optional(personName),
				custom: customFields,
				channels,
			})
			.filter((c) => c.firstName !== undefined || c.lastName !== undefined || c.custom.fields.length > 0 || c.channels.length > 0);
		await holds('omnidesk.update', input, async (c) => {
			const { entry } = await accepted('omnidesk', 'update', {
				customerId: c.customerId,
				updateFields: compact({ brandId: c.brandId, firstName: c.firstName, lastName: c.lastName }),
				...customParameters(c.custom),
				channels: { channel: c.channels },
			});
			expect(entry.method).toBe('PUT');
			expect(entry.path).toBe(`/api/v2/customer/${c.customerId}`);
			expect(entry.contentType).toBe('application/x-www-form-urlencoded');
			expect(formFields(entry, /^custom_/)).toEqual(customSent(c.custom));
			expect(formFields(entry, /^customerChannel/)).toEqual(channelsSent(c.channels));
		});
	});

	test('Omnidesk Add Channel', async () => {
		const input = fc
			.record({
				customerId: optional(seededId),
				primaryId: optional(seededId.map((id) => `ext-${id}`)),
				brandId: optional(fc.constant('1')),
				extraEmail: optional(email),
				extraTelephone: optional(telephone),
				extraTwitter: optional(twitter),
				extraFacebook: optional(nonBlank()),
				noSync: optional(fc.boolean()),
			})
			.filter((c) => (c.customerId ?? c.primaryId) !== undefined)
			.filter((c) => [c.extraEmail, c.extraTelephone, c.extraTwitter, c.extraFacebook].some((v) => v !== undefined));
		await holds('omnidesk.addChannel', input, async (c) => {
			const { entry } = await accepted('omnidesk', 'addChannel', {
				...compact({ customerId: c.customerId, primaryId: c.primaryId, brandId: c.brandId, noSync: c.noSync }),
				channelsToAdd: compact({ extraEmail: c.extraEmail, extraTelephone: c.extraTelephone, extraTwitter: c.extraTwitter, extraFacebook: c.extraFacebook }),
			});
			const sent = entry.body as Record<string, string>;
			expect(sent.extra_facebook).toBe(c.extraFacebook?.trim());
			expect(sent.noSync).toBe(c.noSync ? 'true' : undefined);
		});
	});

	test('Omnidesk Create External Event', async () => {
		const input = fc.record({
			identity: fc.oneof(fc.record({ customerId: seededId }), fc.record({ externalId: seededId.map((id) => `ext-${id}`) })),
			brandId: optional(fc.constant('1')),
			message: nonBlank(80),
			initiatedBy: optional(text()),
			sourceUrl: optional(fc.webUrl({ withQueryParameters: true, withFragments: true })),
		});
		await holds('omnidesk.createExternalEvent', input, async (c) => {
			const { entry } = await accepted('omnidesk', 'createExternalEvent', {
				...c.identity,
				...compact({ brandId: c.brandId }),
				message: c.message,
				additionalFields: compact({ initiatedBy: c.initiatedBy, sourceUrl: c.sourceUrl }),
			});
			const sent = entry.body as Record<string, string>;
			expect(sent.message).toBe(c.message.trim());
			expect(sent.source_url).toBe(c.sourceUrl);
			expect(sandbox.sims.omnidesk.state()).toEqual(expect.objectContaining({ events: 1 }));
		});
	});

	test('Omnidesk Update by External ID', async () => {
		const input = fc
			.record({
				id: seededId,
				brandId: optional(fc.constant('1')),
				firstName: optional(personName),
				lastName: optional(personName),
				custom: customFields,
				channels,
			})
			.filter((c) => c.firstName !== undefined || c.lastName !== undefined || c.custom.fields.length > 0 || c.channels.length > 0);
		await holds('omnidesk.updateByExternalId', input, async (c) => {
			const { entry } = await accepted('omnidesk', 'updateByExternalId', {
				externalPrimaryId: `ext-${c.id}`,
				...compact({ brandId: c.brandId }),
				updateFields: compact({ firstName: c.firstName, lastName: c.lastName }),
				...customParameters(c.custom),
				channels: { channel: c.channels },
			});
			expect(formFields(entry, /^custom_/)).toEqual(customSent(c.custom));
			expect(formFields(entry, /^customerChannel/)).toEqual(channelsSent(c.channels));
		});
	});

	test('Omnidesk Update Name', async () => {
		const input = fc
			.record({
				id: seededId,
				by: fc.record({ customerId: fc.boolean(), primaryId: fc.boolean(), brandId: fc.boolean() }),
				firstName: optional(personName),
				lastName: optional(personName),
				custom: customFields,
			})
			.filter((c) => c.by.customerId || c.by.primaryId || c.by.brandId)
			.filter((c) => c.firstName !== undefined || c.lastName !== undefined || c.custom.fields.length > 0);
		await holds('omnidesk.updateName', input, async (c) => {
			const { entry } = await accepted('omnidesk', 'updateName', {
				...compact({
					customerId: c.by.customerId ? c.id : undefined,
					primaryId: c.by.primaryId ? `ext-${c.id}` : undefined,
					brandId: c.by.brandId ? '1' : undefined,
					firstName: c.firstName,
					lastName: c.lastName,
				}),
				...customParameters(c.custom),
			});
			expect((entry.body as IDataObject).firstname).toBe(c.firstName?.trim() || undefined);
			expect(formFields(entry, /^custom_/)).toEqual(customSent(c.custom));
		});
	});

	test('Omnidesk Sync with CRM, Get Timeline and Delete Channel', async () => {
		const sync = fc.oneof(
			fc.record({ channel: fc.constantFrom('phoneNumber', 'telephone'), address: telephone }),
			fc.record({ channel: fc.constant('email'), address: email }),
			fc.record({ channel: fc.stringMatching(/^[a-z]{3,12}$/).filter((name) => !['telephone', 'email'].includes(name)), address: nonBlank() }),
		);
		const input = fc.record({ id: seededId, brandId, sync, history: fc.boolean(), second: fc.boolean() });
		await holds('omnidesk.syncTimelineDeleteChannel', input, async (c) => {
			const synced = await accepted('omnidesk', 'syncWithCrm', { brandId: c.brandId, ...c.sync });
			expect(synced.entry.body).toEqual({ brandID: c.brandId, channel: c.sync.channel, address: c.sync.address.trim() });
			const timeline = await accepted('omnidesk', 'getTimeline', { externalId: `ext-${c.id}`, brandId: '1', includeTicketHistory: c.history });
			expect(Object.keys(timeline.entry.query).includes('ticket_history')).toBe(c.history);
			const channelId = String(2 * Number(c.id) - (c.second ? 0 : 1));
			const deleted = await accepted('omnidesk', 'deleteChannel', { customerId: c.id, channelId });
			expect(deleted.entry.path).toBe(`/api/v2/customer/${c.id}/channel/${channelId}`);
		});
	});

	/** User properties: a list of unique names (text values), or JSON with text, numbers, booleans and null. */
	const userProperties = fc.oneof(
		fc
			.uniqueArray(fc.record({ name: nonBlank(20), value: text(40) }), { selector: (p) => p.name.trim(), maxLength: 4 })
			.map((list) => ({ parameters: { metadata: { property: list } } as IDataObject, sent: Object.fromEntries(list.map((p) => [p.name.trim(), p.value])) })),
		fc
			.uniqueArray(fc.tuple(nonBlank(20).map((name) => name.trim()), fc.oneof(text(40), fc.integer(), fc.boolean(), fc.constant(null))), {
				selector: ([name]) => name,
				maxLength: 4,
			})
			.map((entries) => {
				const json = Object.fromEntries(entries);
				return { parameters: { metadataInput: 'json', metadataJson: JSON.stringify(json) } as IDataObject, sent: json };
			}),
	);

	test('Rehook Create or Update', async () => {
		const input = fc.record({ sourceId: nonBlank(40), referralCode: optional(text(20)), properties: userProperties });
		await holds('rehook.createOrUpdate', input, async (c) => {
			const { entry } = await accepted('rehook', 'createOrUpdate', {
				sourceId: c.sourceId,
				...compact({ referralCode: c.referralCode }),
				...c.properties.parameters,
			});
			expect(entry.body).toEqual({ metadata: c.properties.sent, referral_code: c.referralCode?.trim() ?? '', source_id: c.sourceId.trim() });
		});
	});

	test('Rehook Create', async () => {
		const other = fc.dictionary(
			fc.stringMatching(/^[a-z][a-z0-9_]{0,10}$/).filter((key) => key !== 'metadata'),
			fc.jsonValue({ maxDepth: 2 }),
			{ maxKeys: 4 },
		);
		const input = fc.record({ properties: userProperties, other });
		await holds('rehook.create', input, async (c) => {
			const { entry } = await accepted('rehook', 'create', { ...c.properties.parameters, otherFieldsJson: JSON.stringify(c.other) });
			expect(entry.body).toEqual(JSON.parse(JSON.stringify({ Metadata: c.properties.sent, ...c.other })));
			expect(sandbox.sims.rehook.state()).toEqual(expect.objectContaining({ appCustomers: 1 }));
		});
	});

	test('Hyfin Add or Update', async () => {
		const input = fc
			.record({
				externalId: nonBlank(40),
				firstName: nonBlank(),
				lastName: nonBlank(),
				active: optional(fc.boolean()),
				accountName: optional(text()),
				email: optional(email),
				mobilePhone: optional(phone),
				notes: optional(text(200)),
				notifyEmail: optional(fc.boolean()),
				notifyPhone: optional(fc.boolean()),
			})
			// Notifications need the address they go to.
			.map((c) => ({ ...c, notifyEmail: c.email ? c.notifyEmail : undefined, notifyPhone: c.mobilePhone ? c.notifyPhone : undefined }));
		await holds('hyfin.addUpdate', input, async (c) => {
			const { entry } = await accepted('hyfin', 'addUpdate', {
				externalId: c.externalId,
				firstName: c.firstName,
				lastName: c.lastName,
				...compact({ active: c.active }),
				additionalFields: compact({ accountName: c.accountName, email: c.email, mobilePhone: c.mobilePhone, notes: c.notes }),
				notificationOptions: compact({ notifyEmail: c.notifyEmail, notifyPhone: c.notifyPhone }),
			});
			const sent = entry.body as IDataObject;
			expect(sent.external_id).toBe(c.externalId.trim());
			expect(sent.notes).toBe(c.notes?.trim() || undefined);
			expect(sent.active).toBe(c.active ?? true);
		});
	});
});

// ---- Round trips ----------------------------------------------------------------------------

/** Text of every kind Params.string accepts: any script, control characters, long runs up to the limit. */
const anyText = fc.oneof(
	fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }),
	fc.string({ unit: 'grapheme-composite', minLength: 1, maxLength: 60 }),
	fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }),
	fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 60 }),
	// Long: a piece repeated to just under the limit (whole pieces, so no emoji is cut in half).
	fc
		.tuple(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }), fc.integer({ min: MAX_TEXT_LENGTH - 200, max: MAX_TEXT_LENGTH }))
		.map(([piece, length]) => piece.repeat(Math.max(1, Math.floor(length / piece.length)))),
);

/** Encoded text that fits a URL: Node's HTTP server takes request lines up to 16 KB. */
const MAX_URL_TEXT = 4_000;

/** What Params.string makes of `value` (trimmed), or undefined if it refuses it. */
function acceptedText(value: string): string | undefined {
	try {
		return Params.of({ value }).string('value', 'Value');
	} catch {
		return undefined;
	}
}

describe('any text Params.string accepts reaches the provider unchanged (only trimmed)', () => {
	test('in a JSON body, a multipart form, a urlencoded form, a query string and a URL path', async () => {
		await holds(
			'roundTrip.text',
			anyText,
			async (value) => {
				const expected = acceptedText(value);
				fc.pre(expected !== undefined && expected !== '' && expected !== '.' && expected !== '..' && !/^ext-[0-9]+$/.test(expected));
				expect(expected).toBe(value.trim());

				// A URL (path or query) this long would pass the server's limit for a request line; only
				// bodies take text of any accepted length.
				const fitsUrl = encodeURIComponent(expected!).length <= MAX_URL_TEXT;

				// JSON (Hyfin), then the same ID as a URL path segment: the customer is found under it.
				const added = await accepted('hyfin', 'addUpdate', { externalId: value, firstName: value, lastName: 'L', additionalFields: { notes: value } });
				expect(added.entry.body).toEqual(expect.objectContaining({ external_id: expected, first_name: expected, notes: expected }));
				if (fitsUrl) {
					const found = await deliver('hyfin', 'get', { externalId: value });
					expect(found.status).toBe(200);
					expect(found.body).toEqual(expect.objectContaining({ external_id: expected, notes: expected }));
				}

				// Multipart (Omnidesk create).
				const created = await accepted('omnidesk', 'create', { primaryId: value });
				expect((created.entry.body as IDataObject).primary_id).toBe(expected);

				// Urlencoded and query string: Omnidesk finds no such customer (404), but receives the ID intact.
				sandbox.reset();
				const updated = await deliver('omnidesk', 'updateByExternalId', { externalPrimaryId: value, updateFields: { firstName: 'Ada' } });
				expect(updated.entry.contentType).toBe('application/x-www-form-urlencoded');
				expect((updated.entry.body as IDataObject).externalPrimaryID).toBe(expected);
				if (fitsUrl) {
					const purged = await deliver('omnidesk', 'purgeData', { externalPrimaryId: value });
					expect(purged.entry.query.externalPrimaryID).toBe(expected);
				}
			},
			60,
		);
	});

	test('a text one character over the limit is refused, at the limit it is accepted', () => {
		expect(acceptedText('é'.repeat(MAX_TEXT_LENGTH))).toHaveLength(MAX_TEXT_LENGTH);
		expect(acceptedText(` ${'é'.repeat(MAX_TEXT_LENGTH)} `)).toHaveLength(MAX_TEXT_LENGTH);
		expect(acceptedText('é'.repeat(MAX_TEXT_LENGTH + 1))).toBeUndefined();
	});
});

// ---- Batches through n8n --------------------------------------------------------------------

const paired = (item: INodeExecutionData) => (item.pairedItem as { item: number }).item;

/** Runs a node over `items` with Continue On Fail, against a fresh sandbox. */
async function runBatch(type: NodeName, parameters: IDataObject, items: IDataObject[]) {
	sandbox.reset();
	const result = await runNode({ type, parameters: { resource: 'customer', ...parameters } as never, credentials: credentialData(url), items, onError: 'continueRegularOutput' });
	itemsThroughN8n += items.length;
	expect(result.error).toBeUndefined();
	return result;
}

const errorsOf = (items: INodeExecutionData[]) => items.filter((item) => item.json.error !== undefined).map((item) => item.json.error);

describe('batches of valid items through n8n: every item is accepted, in order', () => {
	const BATCH_RUNS = 5;

	test('BIK Create or Update', async () => {
		const customer = fc.record({ email, phoneNumber: optional(phone), firstName: text(), tags: fc.array(nonBlank(12), { maxLength: 3 }) });
		await holds(
			'n8n.bik.createOrUpdate',
			fc.array(customer, { minLength: 5, maxLength: 15 }),
			async (customers) => {
				const result = await runBatch(
					'bik',
					{
						operation: 'createOrUpdate',
						email: '={{ $json.email }}',
						phoneNumber: '={{ $json.phoneNumber }}',
						additionalFields: { firstName: '={{ $json.firstName }}', tags: '={{ $json.tags }}' },
					},
					customers.map(compact),
				);
				expect(errorsOf(result.items)).toEqual([]);
				expect(result.items.map(paired)).toEqual(customers.map((_, index) => index));
				expect(sandbox.log.map((entry) => (entry.body as IDataObject).email).sort()).toEqual(customers.map((c) => c.email).sort());
				expect(sandbox.log.every((entry) => entry.outcome === 200)).toBe(true);
			},
			BATCH_RUNS,
		);
	});

	test('Omnidesk Create (CRUD) with custom fields as JSON from an expression', async () => {
		const customer = fc.record({
			primaryId: nonBlank(30),
			firstName: optional(personName),
			custom: fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9_]{0,10}$/).filter((name) => !name.startsWith('custom_')), text(30), { maxKeys: 3 }),
		});
		await holds(
			'n8n.omnidesk.createCrud',
			fc.uniqueArray(customer, { selector: (c) => c.primaryId.trim(), minLength: 5, maxLength: 15 }).filter((list) => list.every((c) => !/^ext-[0-9]+$/.test(c.primaryId.trim()))),
			async (customers) => {
				const result = await runBatch(
					'omnidesk',
					{
						operation: 'createCrud',
						primaryId: '={{ $json.primaryId }}',
						additionalFields: { firstName: '={{ $json.firstName }}' },
						customFieldsInput: 'json',
						customFieldsJson: '={{ $json.custom }}',
					},
					customers.map(compact),
				);
				expect(errorsOf(result.items)).toEqual([]);
				expect(result.items.map((item) => item.json.primaryId)).toEqual(customers.map((c) => c.primaryId.trim()));
				const sent = new Map(sandbox.log.map((entry) => [(entry.body as IDataObject).primaryID, formFields(entry, /^custom_/)]));
				for (const c of customers) expect(sent.get(c.primaryId.trim())).toEqual(Object.fromEntries(Object.entries(c.custom).map(([k, v]) => [`custom_${k}`, v])));
				expect(sandbox.sims.omnidesk.state()).toEqual(expect.objectContaining({ customers: OMNIDESK_SEEDED + customers.length, duplicateCreates: 0 }));
			},
			BATCH_RUNS,
		);
	});

	test('Rehook Create or Update with user properties as JSON from an expression', async () => {
		const customer = fc.record({
			sourceId: nonBlank(30),
			metadata: fc.dictionary(fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ]{0,10}[A-Za-z0-9]$/), fc.oneof(text(30), fc.integer(), fc.boolean()), { maxKeys: 3 }),
		});
		await holds(
			'n8n.rehook.createOrUpdate',
			fc.uniqueArray(customer, { selector: (c) => c.sourceId.trim(), minLength: 5, maxLength: 15 }),
			async (customers) => {
				const result = await runBatch(
					'rehook',
					{ authentication: 'basic', operation: 'createOrUpdate', sourceId: '={{ $json.sourceId }}', metadataInput: 'json', metadataJson: '={{ $json.metadata }}' },
					customers,
				);
				expect(errorsOf(result.items)).toEqual([]);
				expect(result.items.map((item) => [item.json.sourceId, item.json.action])).toEqual(customers.map((c) => [c.sourceId.trim(), 'created']));
				for (const c of customers) {
					expect((sandbox.sims.rehook as unknown as { customer(id: string): { metadata: unknown } }).customer(c.sourceId.trim())?.metadata).toEqual(c.metadata);
				}
			},
			BATCH_RUNS,
		);
	});

	test('Hyfin Add or Update, then Get by the same IDs (encoded into the path)', async () => {
		const customer = fc.record({ externalId: nonBlank(30), firstName: nonBlank(), lastName: nonBlank(), notes: text(60) });
		await holds(
			'n8n.hyfin.addUpdateGet',
			fc
				.uniqueArray(customer, { selector: (c) => c.externalId.trim(), minLength: 5, maxLength: 12 })
				.filter((list) => list.every((c) => c.externalId.trim() !== '.' && c.externalId.trim() !== '..')),
			async (customers) => {
				const added = await runBatch(
					'hyfin',
					{ operation: 'addUpdate', externalId: '={{ $json.externalId }}', firstName: '={{ $json.firstName }}', lastName: '={{ $json.lastName }}', additionalFields: { notes: '={{ $json.notes }}' } },
					customers,
				);
				expect(errorsOf(added.items)).toEqual([]);
				const found = await runNode({
					type: 'hyfin',
					parameters: { resource: 'customer', operation: 'get', externalId: '={{ $json.externalId }}' } as never,
					credentials: credentialData(url),
					items: customers,
					onError: 'continueRegularOutput',
				});
				itemsThroughN8n += customers.length;
				expect(errorsOf(found.items)).toEqual([]);
				expect(found.items.map((item) => [item.json.external_id, item.json.notes])).toEqual(customers.map((c) => [c.externalId.trim(), c.notes.trim()]));
				expect(sandbox.log.filter((entry) => entry.method === 'GET').every((entry) => entry.path.startsWith(`/api/v3.1/site/${SANDBOX_CREDENTIALS.hyfin.siteId}/customer/`))).toBe(true);
			},
			BATCH_RUNS,
		);
	});

	test('Omnidesk query and urlencoded values through n8n arrive intact', async () => {
		await holds(
			'n8n.omnidesk.queryAndForm',
			fc.array(
				anyText.filter((value) => (acceptedText(value) ?? '') !== '' && encodeURIComponent(value.trim()).length <= MAX_URL_TEXT / 4),
				{ minLength: 3, maxLength: 10 },
			),
			async (values) => {
				const items = values.map((value) => ({ value }));
				const purged = await runBatch('omnidesk', { operation: 'purgeData', externalPrimaryId: '={{ $json.value }}' }, items);
				expect(purged.items).toHaveLength(values.length);
				expect(sandbox.log.map((entry) => entry.query.externalPrimaryID).sort()).toEqual(values.map((value) => value.trim()).sort());
				await runBatch('omnidesk', { operation: 'updateByExternalId', externalPrimaryId: '={{ $json.value }}', updateFields: { firstName: 'Ada' } }, items);
				expect(sandbox.log.map((entry) => (entry.body as IDataObject).externalPrimaryID).sort()).toEqual(values.map((value) => value.trim()).sort());
			},
			BATCH_RUNS,
		);
	});
});
