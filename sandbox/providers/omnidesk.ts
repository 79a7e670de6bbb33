import { SANDBOX_CREDENTIALS } from '../credentials';
import { reply, type ProviderSim, type SimReply, type SimRequest } from '../types';

/**
 * Omnidesk (doc 003 and PROVIDERS.md): the Customer controller below /api/v2/customer, key in the
 * `apiKey` header (or `?apiKey=`). The POST calls take multipart/form-data, the PUT calls
 * application/x-www-form-urlencoded. Errors: {"status": "error", "message": "..."}.
 *
 * The three DELETE paths and the ticket-history flag are cut off in the documentation; the sandbox
 * uses the client's choices (nodes/Omnidesk/provider.ts): DELETE /api/v2/customer/{id},
 * DELETE /api/v2/customer/{id}/channel/{channelId}, DELETE /api/v2/customer/purgedata and
 * `ticket_history` on the timeline.
 *
 * Seeded customers are not stored: customer n (1..seeded) is generated from n when read, and only
 * stored once changed. Created customers get the ids after the seeded ones.
 */
interface Channel {
	id: number;
	type: string;
	value: string;
}

interface Customer {
	id: number;
	external_primary_id: string | null;
	brand_id: number;
	firstname: string;
	lastname: string;
	channels: Channel[];
	/** Custom fields by name, without the custom_ prefix. */
	custom: Record<string, string>;
}

interface TimelineEvent {
	id: number;
	type: 'external_event';
	customer_id: number;
	brand_id: number;
	initiated_by: string | null;
	message: string;
	source_url: string | null;
	created_at: string;
}

interface NewChannel {
	type: string;
	value: string;
}

type Fields = Record<string, string>;
type BodyType = 'multipart/form-data' | 'application/x-www-form-urlencoded';
interface Route {
	body?: BodyType;
	run: (request: SimRequest, fields: Fields) => SimReply;
}

const BASE = '/api/v2/customer';
const DEFAULT_BRAND = 1;
const MAX_ITEM_LIMIT = 99;
const DEFAULT_ITEM_LIMIT = 15;

export const OMNIDESK_PATTERNS = {
	name: /^[a-zA-ZÀ-ÖØ-Þß-öø-ÿŠš.\-' ]+$/,
	telephone: /^\+[0-9]+$/,
	channelId: /^([0-9]+|email|telephone|facebook|twitter)$/,
	query: /^[0-9a-zA-Z ]+$/,
	twitter: /^[a-zA-Z0-9_ ]+$/,
	email: /^[^\s@",;<>]+@[^\s@",;<>]+\.[^\s@",;<>]+$/,
	wholeNumber: /^[0-9]+$/,
};
const P = OMNIDESK_PATTERNS;

/** The formats Omnidesk documents per channel type (email: a plain address check). */
const CHANNEL_VALUE: Record<string, RegExp> = { telephone: P.telephone, twitter: P.twitter, email: P.email };

const FIRST_NAMES = [
	'Anna', 'Bram', 'Chloé', 'Daan', 'Emma', 'Finn', 'Gerrit', 'Hélène', 'Iris', 'Jens',
	'Karin', 'Lars', 'Marieke', 'Noah', 'Olga', 'Pieter', 'Renée', 'Sander', 'Tess', 'Ünal',
];
const LAST_NAMES = [
	'de Vries', 'Jansen', 'van Dijk', 'Bakker', 'Visser', 'Smit', 'Meijer', 'de Boer', 'Mulder', 'de Groot',
	'Bos', 'Vos', 'Peters', 'Hendriks', "O'Brien", 'Müller', 'Dupont-Leroy', 'St. Clair', 'Björk', 'Núñez',
];
const SEEDED_EMAIL = /^customer([0-9]+)@example\.com$/;
const SEEDED_TELEPHONE = /^\+316([0-9]{8})$/;
const SEEDED_PRIMARY = /^ext-([0-9]+)$/;

const error = (status: number, message: string): SimReply => reply(status, { status: 'error', message });
const notFound = () => error(404, 'Customer not found');
const brandName = (brand: number) => (brand === DEFAULT_BRAND ? 'Sandbox' : `Brand ${brand}`);

/** Customer `id` of a seeded set: generated, never stored until changed. */
function generated(id: number): Customer {
	const first = FIRST_NAMES[(id - 1) % FIRST_NAMES.length];
	const last = LAST_NAMES[Math.floor((id - 1) / FIRST_NAMES.length) % LAST_NAMES.length];
	return {
		id,
		external_primary_id: `ext-${id}`,
		brand_id: DEFAULT_BRAND,
		firstname: first,
		lastname: last,
		channels: [
			{ id: 2 * id - 1, type: 'email', value: `customer${id}@example.com` },
			{ id: 2 * id, type: 'telephone', value: `+316${String(id).padStart(8, '0')}` },
		],
		custom: {},
	};
}

/** Reads and checks the fields of a form or query, collecting every problem. */
class Input {
	readonly problems: string[] = [];

	constructor(readonly values: Fields) {}

	/** A value, or undefined when absent or empty (Omnidesk's defaults are ""). */
	text(name: string): string | undefined {
		const value = this.values[name];
		return value === undefined || value === '' ? undefined : value;
	}

	required(name: string, hint = ''): string | undefined {
		const value = this.text(name);
		if (value === undefined) this.problems.push(`${name} is required${hint}`);
		return value;
	}

	number(name: string, required = false): number | undefined {
		const value = required ? this.required(name) : this.text(name);
		if (value === undefined) return undefined;
		if (!P.wholeNumber.test(value)) {
			this.problems.push(`${name} must be a whole number, got "${value}"`);
			return undefined;
		}
		return Number(value);
	}

	matching(name: string, pattern: RegExp): string | undefined {
		const value = this.text(name);
		if (value !== undefined && !pattern.test(value)) this.problems.push(`${name} does not match the pattern ${pattern.source}`);
		return value;
	}

	personName(name: string): string | undefined {
		return this.matching(name, P.name);
	}

	/** A channel address in field `name`, checked by the channel type's format. */
	channel(name: string, type: string): string | undefined {
		const value = this.text(name);
		if (value !== undefined) this.checkChannel(name, type, value);
		return value;
	}

	checkChannel(name: string, type: string, value: string): void {
		const pattern = CHANNEL_VALUE[type];
		if (pattern && !pattern.test(value)) this.problems.push(`${name} is not a valid ${type} address: it must match ${pattern.source}`);
	}

	/** custom_<name> fields, by name without the prefix. */
	custom(): Record<string, string> {
		const result: Record<string, string> = {};
		for (const [name, value] of Object.entries(this.values)) {
			if (name.startsWith('custom_') && name.length > 'custom_'.length) result[name.slice('custom_'.length)] = value;
		}
		return result;
	}

	/** customerChannelType_N / customerChannelValue_N pairs, in the order of N. */
	channelPairs(): NewChannel[] {
		const numbers = new Set<number>();
		for (const name of Object.keys(this.values)) {
			const match = /^customerChannel(?:Type|Value)_([0-9]+)$/.exec(name);
			if (match) numbers.add(Number(match[1]));
		}
		const result: NewChannel[] = [];
		for (const n of [...numbers].sort((a, b) => a - b)) {
			const typeName = `customerChannelType_${n}`;
			const valueName = `customerChannelValue_${n}`;
			const type = this.text(typeName);
			const value = this.text(valueName);
			if (type === undefined && value === undefined) continue;
			if (type === undefined) {
				this.problems.push(`${typeName} is required with ${valueName}`);
				continue;
			}
			if (value === undefined) {
				this.problems.push(`${valueName} is required with ${typeName}`);
				continue;
			}
			if (!P.channelId.test(type)) {
				this.problems.push(`${typeName} does not match the pattern ${P.channelId.source}`);
				continue;
			}
			this.checkChannel(valueName, type, value);
			result.push({ type, value });
		}
		return result;
	}

	/** The 400 answer when there were problems. */
	failure(): SimReply | undefined {
		return this.problems.length ? error(400, this.problems.join('; ')) : undefined;
	}
}

/** email or telephone, when an address shows which it is. */
function inferType(value: string): string | undefined {
	if (P.email.test(value)) return 'email';
	if (P.telephone.test(value)) return 'telephone';
	return undefined;
}

export class OmnideskSim implements ProviderSim {
	readonly name = 'omnidesk' as const;
	readonly secretHeaders = ['apikey'];

	/** Customers 1..seeded are generated unless stored (changed) or deleted. */
	private seeded = 0;
	private readonly stored = new Map<number, Customer>();
	private readonly deleted = new Set<number>();
	/** Created customers by external primary ID (seeded ones are found from the ID's form). */
	private readonly byPrimary = new Map<string, Set<number>>();
	private readonly events = new Map<number, TimelineEvent[]>();
	private nextId = 1;
	private nextChannelId = 1;
	private nextEventId = 1;
	private count = 0;
	private eventCount = 0;
	private duplicateCreates = 0;
	/** Bumped by every change: the index's cached list of IDs depends on it. */
	private version = 0;
	private cache?: { version: number; query: string; ids: Int32Array };

	private readonly named: Record<string, Route> = {
		'DELETE purgedata': { run: (request) => this.purge(request) },
		'PUT updateCustomer': { body: 'application/x-www-form-urlencoded', run: (_, fields) => this.updateCustomer(fields) },
		'POST SearchByPrimaryExternalID': { body: 'multipart/form-data', run: (_, fields) => this.searchByPrimary(fields) },
		'POST SearchByCustomerChannelValue': { body: 'multipart/form-data', run: (_, fields) => this.searchByChannel(fields) },
		'POST addChannelOnly': { body: 'multipart/form-data', run: (_, fields) => this.addChannelOnly(fields) },
		'GET timelineByCustomerExternalID': { run: (request) => this.timeline(request) },
		'POST externalEvent': { body: 'multipart/form-data', run: (_, fields) => this.externalEvent(fields) },
		'POST syncWithCRM': { body: 'multipart/form-data', run: (_, fields) => this.syncWithCrm(fields) },
		'POST createCustomerCRUD': { body: 'multipart/form-data', run: (_, fields) => this.createCrud(fields) },
	};

	reset(): void {
		this.seed(0);
	}

	/** Replaces every customer with `count` generated ones: IDs 1..count, external IDs ext-<id>, brand 1. */
	seed(count: number): void {
		this.seeded = Math.max(0, Math.floor(count));
		this.stored.clear();
		this.deleted.clear();
		this.byPrimary.clear();
		this.events.clear();
		this.nextId = this.seeded + 1;
		this.nextChannelId = 2 * this.seeded + 1;
		this.nextEventId = 1;
		this.count = this.seeded;
		this.eventCount = 0;
		this.duplicateCreates = 0;
		this.version++;
		this.cache = undefined;
	}

	state() {
		return { customers: this.count, duplicateCreates: this.duplicateCreates, events: this.eventCount };
	}

	handle(request: SimRequest): SimReply {
		const route = this.route(request.method, request.path);
		if (!route) return error(404, `No endpoint ${request.method} ${request.path}`);
		const key = SANDBOX_CREDENTIALS.omnidesk.apiKey;
		const header = request.headers.apikey;
		if (header !== key && request.query.apiKey !== key) {
			return error(401, header === undefined && request.query.apiKey === undefined ? 'No API key given' : 'Invalid API key');
		}
		if (route.body) {
			if (request.contentType !== route.body) {
				return error(400, `This endpoint expects Content-Type ${route.body}, got ${request.contentType || 'none'}`);
			}
			if (request.badForm) return error(400, `The ${route.body} body could not be read`);
		}
		return route.run(request, request.form ?? {});
	}

	// ---- Routing ------------------------------------------------------------------------------

	private route(method: string, path: string): Route | undefined {
		if (path === BASE) {
			if (method === 'GET') return { run: (request) => this.index(request) };
			if (method === 'POST') return { body: 'multipart/form-data', run: (_, fields) => this.create(fields) };
			if (method === 'PUT') return { body: 'application/x-www-form-urlencoded', run: (_, fields) => this.updateName(fields) };
			return undefined;
		}
		if (!path.startsWith(`${BASE}/`)) return undefined;
		let segments: string[];
		try {
			segments = path.slice(BASE.length + 1).split('/').map(decodeURIComponent);
		} catch {
			return undefined;
		}
		if (segments.some((segment) => segment === '')) return undefined;
		if (segments.length === 1) {
			const [name] = segments;
			const named = this.named[`${method} ${name}`];
			if (named) return named;
			// A named endpoint asked with another method.
			if (Object.keys(this.named).some((known) => known.endsWith(` ${name}`))) return undefined;
			if (method === 'GET') return { run: () => this.getItem(name) };
			if (method === 'PUT') return { body: 'application/x-www-form-urlencoded', run: (_, fields) => this.updateItem(name, fields) };
			if (method === 'DELETE') return { run: () => this.deleteItem(name) };
			return undefined;
		}
		if (segments.length === 3 && segments[1] === 'channel' && method === 'DELETE') {
			return { run: () => this.deleteChannel(segments[0], segments[2]) };
		}
		return undefined;
	}

	// ---- Store --------------------------------------------------------------------------------

	private customer(id: number): Customer | undefined {
		const stored = this.stored.get(id);
		if (stored) return stored;
		if (id >= 1 && id <= this.seeded && !this.deleted.has(id)) return generated(id);
		return undefined;
	}

	/** The customer as a stored record that can be changed (a seeded one is stored from now on). */
	private editable(id: number): Customer | undefined {
		const customer = this.customer(id);
		if (customer && !this.stored.has(id)) this.stored.set(id, customer);
		this.version++;
		return customer;
	}

	private insert(primary: string | null, brand: number, firstname: string, lastname: string, custom: Record<string, string>): Customer {
		const customer: Customer = { id: this.nextId++, external_primary_id: primary, brand_id: brand, firstname, lastname, channels: [], custom };
		this.stored.set(customer.id, customer);
		if (primary !== null) {
			const ids = this.byPrimary.get(primary) ?? new Set<number>();
			ids.add(customer.id);
			this.byPrimary.set(primary, ids);
		}
		this.count++;
		this.version++;
		return customer;
	}

	private remove(customer: Customer): void {
		this.stored.delete(customer.id);
		if (customer.id <= this.seeded) this.deleted.add(customer.id);
		if (customer.external_primary_id !== null) this.byPrimary.get(customer.external_primary_id)?.delete(customer.id);
		this.eventCount -= this.events.get(customer.id)?.length ?? 0;
		this.events.delete(customer.id);
		this.count--;
		this.version++;
	}

	/** Adds channels; an identical one (same type and address) is not added twice. */
	private addChannels(customer: Customer, channels: NewChannel[]): void {
		for (const { type, value } of channels) {
			const same = customer.channels.some((c) => c.type === type && c.value.toLowerCase() === value.toLowerCase());
			if (!same) customer.channels.push({ id: this.nextChannelId++, type, value });
		}
	}

	private applyCustom(customer: Customer, custom: Record<string, string>): void {
		Object.assign(customer.custom, custom);
	}

	/** The first (lowest ID) customer with this external primary ID, in `brand` if given. */
	private findByPrimary(primary: string, brand?: number): Customer | undefined {
		const candidates = [...(this.byPrimary.get(primary) ?? [])];
		const seeded = SEEDED_PRIMARY.exec(primary);
		if (seeded) candidates.push(Number(seeded[1]));
		return this.first(candidates, (c) => c.external_primary_id === primary && (brand === undefined || c.brand_id === brand));
	}

	/** The first customer with a channel of this address (case-insensitive), in `brand` if given. */
	private findByChannel(value: string, brand?: number): Customer | undefined {
		const address = value.toLowerCase();
		const candidates: number[] = [];
		for (const customer of this.stored.values()) {
			if (customer.channels.some((c) => c.value.toLowerCase() === address)) candidates.push(customer.id);
		}
		const seeded = SEEDED_EMAIL.exec(address) ?? SEEDED_TELEPHONE.exec(address);
		if (seeded) candidates.push(Number(seeded[1]));
		return this.first(
			candidates,
			(c) => (brand === undefined || c.brand_id === brand) && c.channels.some((channel) => channel.value.toLowerCase() === address),
		);
	}

	private first(ids: number[], test: (customer: Customer) => boolean): Customer | undefined {
		let best: Customer | undefined;
		for (const id of ids) {
			const customer = this.customer(id);
			if (customer && test(customer) && (!best || customer.id < best.id)) best = customer;
		}
		return best;
	}

	/** IDs of the customers that match `query` (all when empty), in ID order; cached until a change. */
	private ids(query: string): Int32Array {
		if (this.cache && this.cache.version === this.version && this.cache.query === query) return this.cache.ids;
		const needle = query.toLowerCase();
		const ids = new Int32Array(this.nextId - 1);
		let n = 0;
		for (let id = 1; id < this.nextId; id++) {
			if (needle === '') {
				if (this.stored.has(id) || (id <= this.seeded && !this.deleted.has(id))) ids[n++] = id;
				continue;
			}
			const customer = this.customer(id);
			if (customer && matches(customer, needle)) ids[n++] = id;
		}
		this.cache = { version: this.version, query, ids: ids.subarray(0, n) };
		return this.cache.ids;
	}

	private indexView(customer: Customer) {
		return {
			id: customer.id,
			external_primary_id: customer.external_primary_id,
			brand_name: brandName(customer.brand_id),
			firstname: customer.firstname,
			lastname: customer.lastname,
			channels: customer.channels.map((channel) => ({ ...channel })),
		};
	}

	private itemView(customer: Customer) {
		const custom = Object.fromEntries(Object.entries(customer.custom).map(([name, value]) => [`custom_${name}`, value]));
		return { ...this.indexView(customer), brand_id: customer.brand_id, ...custom };
	}

	// ---- Endpoints ----------------------------------------------------------------------------

	/** GET /api/v2/customer */
	private index(request: SimRequest): SimReply {
		const input = new Input(request.query);
		const query = input.matching('query', P.query) ?? '';
		const start = input.number('itemStart') ?? 0;
		const limit = input.number('itemLimit') ?? DEFAULT_ITEM_LIMIT;
		if (limit < 1 || limit > MAX_ITEM_LIMIT) input.problems.push(`itemLimit must be from 1 to ${MAX_ITEM_LIMIT}, got ${limit}`);
		const failure = input.failure();
		if (failure) return failure;
		const ids = this.ids(query);
		const items = Array.from(ids.subarray(Math.min(start, ids.length), Math.min(start + limit, ids.length)), (id) =>
			this.indexView(this.customer(id)!),
		);
		return reply(200, { type: 'result', itemStart: start, itemTotal: ids.length, itemLimit: limit, items });
	}

	/** POST /api/v2/customer (multipart) */
	private create(fields: Fields): SimReply {
		const input = new Input(fields);
		const channelId = input.matching('channel_id', P.channelId);
		const link = input.text('customer_link_channel');
		const search = input.text('search_customer_channel_value');
		const brand = input.number('brand_id') ?? DEFAULT_BRAND;
		const primary = input.text('primary_id');
		const firstname = input.personName('firstname');
		const lastname = input.personName('lastname');
		input.number('ticket_id');
		const extraEmail = input.channel('extra_email', 'email');
		const extraTelephone = input.channel('extra_telephone', 'telephone');
		const custom = input.custom();
		if (primary === undefined && search === undefined) {
			input.problems.push('primary_id is required (or search_customer_channel_value when the brand searches customers by channel)');
		}
		let linkType: string | undefined;
		if (channelId !== undefined && link === undefined) {
			input.problems.push('channel_id can only be processed together with customer_link_channel');
		}
		if (link !== undefined) {
			linkType = channelId ?? inferType(link);
			if (linkType === undefined) input.problems.push('channel_id is required to link customer_link_channel: its address is not an email address or a telephone number');
			else if (P.channelId.test(linkType)) input.checkChannel('customer_link_channel', linkType, link);
		}
		const failure = input.failure();
		if (failure) return failure;

		if (primary !== undefined ? this.findByPrimary(primary, brand) : this.findByChannel(search!, brand)) {
			this.duplicateCreates++;
			return error(400, primary !== undefined ? 'A customer with this primary ID already exists' : 'A customer with this channel value already exists');
		}
		const customer = this.insert(primary ?? null, brand, firstname ?? '', lastname ?? '', custom);
		const channels: NewChannel[] = [];
		if (primary === undefined) channels.push({ type: inferType(search!) ?? (search === link ? linkType! : 'other'), value: search! });
		if (link !== undefined) channels.push({ type: linkType!, value: link });
		if (extraEmail !== undefined) channels.push({ type: 'email', value: extraEmail });
		if (extraTelephone !== undefined) channels.push({ type: 'telephone', value: extraTelephone });
		this.addChannels(customer, channels);
		return reply(200, { type: 'result', message: link !== undefined ? 'User created and channel linked.' : 'User created.' });
	}

	/** POST /api/v2/customer/createCustomerCRUD (multipart) */
	private createCrud(fields: Fields): SimReply {
		const input = new Input(fields);
		const primary = input.required('primaryID');
		const brand = input.number('brandID') ?? DEFAULT_BRAND;
		const firstname = input.personName('firstname');
		const lastname = input.personName('lastname');
		const custom = input.custom();
		const channels = input.channelPairs();
		const failure = input.failure();
		if (failure) return failure;
		if (this.findByPrimary(primary!, brand)) {
			this.duplicateCreates++;
			return error(400, 'A customer with this primary ID already exists');
		}
		const customer = this.insert(primary!, brand, firstname ?? '', lastname ?? '', custom);
		this.addChannels(customer, channels);
		return reply(204);
	}

	/** GET /api/v2/customer/{id} */
	private getItem(idText: string): SimReply {
		if (!P.wholeNumber.test(idText)) return error(400, `id must be a whole number, got "${idText}"`);
		const customer = this.customer(Number(idText));
		return customer ? reply(200, this.itemView(customer)) : notFound();
	}

	/** PUT /api/v2/customer/{id} (urlencoded) */
	private updateItem(idText: string, fields: Fields): SimReply {
		if (!P.wholeNumber.test(idText)) return error(400, `id must be a whole number, got "${idText}"`);
		const input = new Input(fields);
		const brand = input.number('brandID');
		const firstname = input.personName('firstname');
		const lastname = input.personName('lastname');
		const custom = input.custom();
		const channels = input.channelPairs();
		const failure = input.failure();
		if (failure) return failure;
		const found = this.customer(Number(idText));
		if (!found) return notFound();
		if (brand !== undefined && brand !== found.brand_id && found.external_primary_id !== null && this.findByPrimary(found.external_primary_id, brand)) {
			return error(400, `A customer with this primary ID already exists in brand ${brand}`);
		}
		const customer = this.editable(found.id)!;
		if (brand !== undefined) customer.brand_id = brand;
		this.applyNames(customer, firstname, lastname);
		this.applyCustom(customer, custom);
		this.addChannels(customer, channels);
		return reply(200, { message: 'Customer updated.', type: 'result' });
	}

	/** PUT /api/v2/customer (urlencoded): found by primaryID, brandID and/or customerID. */
	private updateName(fields: Fields): SimReply {
		const input = new Input(fields);
		const primary = input.text('primaryID');
		const brand = input.number('brandID');
		const customerId = input.number('customerID');
		const firstname = input.personName('firstname');
		const lastname = input.personName('lastname');
		const custom = input.custom();
		if (primary === undefined && input.text('brandID') === undefined && input.text('customerID') === undefined) {
			input.problems.push('primaryID, brandID or customerID is required');
		}
		const failure = input.failure();
		if (failure) return failure;
		const inBrand = (c: Customer) => brand === undefined || c.brand_id === brand;
		let found: Customer | undefined;
		if (customerId !== undefined) {
			const candidate = this.customer(customerId);
			if (candidate && inBrand(candidate) && (primary === undefined || candidate.external_primary_id === primary)) found = candidate;
		} else if (primary !== undefined) {
			found = this.findByPrimary(primary, brand);
		} else {
			// Only a brand: its first customer, as a lookup by brand alone can only give.
			for (let id = 1; id < this.nextId && !found; id++) {
				const candidate = this.customer(id);
				if (candidate && inBrand(candidate)) found = candidate;
			}
		}
		if (!found) return notFound();
		const customer = this.editable(found.id)!;
		this.applyNames(customer, firstname, lastname);
		this.applyCustom(customer, custom);
		return reply(204);
	}

	/** PUT /api/v2/customer/updateCustomer (urlencoded) */
	private updateCustomer(fields: Fields): SimReply {
		const input = new Input(fields);
		const primary = input.required('externalPrimaryID');
		const brand = input.number('brandID');
		const firstname = input.personName('firstname');
		const lastname = input.personName('lastname');
		const custom = input.custom();
		const channels = input.channelPairs();
		const failure = input.failure();
		if (failure) return failure;
		const found = this.findByPrimary(primary!, brand);
		if (!found) return notFound();
		const customer = this.editable(found.id)!;
		this.applyNames(customer, firstname, lastname);
		this.applyCustom(customer, custom);
		this.addChannels(customer, channels);
		return reply(204);
	}

	private applyNames(customer: Customer, firstname?: string, lastname?: string): void {
		if (firstname !== undefined) customer.firstname = firstname;
		if (lastname !== undefined) customer.lastname = lastname;
	}

	/** POST /api/v2/customer/SearchByPrimaryExternalID (multipart): the customer, or 204. */
	private searchByPrimary(fields: Fields): SimReply {
		const input = new Input(fields);
		const primary = input.required('primary_id');
		const brand = input.number('brand_id');
		const failure = input.failure();
		if (failure) return failure;
		const customer = this.findByPrimary(primary!, brand);
		return customer ? reply(200, this.itemView(customer)) : reply(204);
	}

	/** POST /api/v2/customer/SearchByCustomerChannelValue (multipart): the customer, or 204. */
	private searchByChannel(fields: Fields): SimReply {
		const input = new Input(fields);
		const value = input.required('customerChannelValue');
		const brand = input.number('brand_id');
		const failure = input.failure();
		if (failure) return failure;
		const customer = this.findByChannel(value!, brand);
		return customer ? reply(200, this.itemView(customer)) : reply(204);
	}

	/** Finds a customer by Omnidesk ID or external primary ID, in `brand` if given. */
	private findBy(customerId: number | undefined, primary: string | undefined, brand: number | undefined): Customer | undefined {
		if (customerId !== undefined) {
			const customer = this.customer(customerId);
			return customer && (brand === undefined || customer.brand_id === brand) ? customer : undefined;
		}
		return primary === undefined ? undefined : this.findByPrimary(primary, brand);
	}

	/** POST /api/v2/customer/addChannelOnly (multipart) */
	private addChannelOnly(fields: Fields): SimReply {
		const input = new Input(fields);
		const customerId = input.number('customer_id');
		const primary = input.text('primary_id');
		const brand = input.number('brand_id');
		const email = input.channel('extra_email', 'email');
		const telephone = input.channel('extra_telephone', 'telephone');
		const twitter = input.channel('extra_twitter', 'twitter');
		const facebook = input.text('extra_facebook');
		if (input.text('customer_id') === undefined && primary === undefined) input.problems.push('customer_id or primary_id is required');
		if ([email, telephone, twitter, facebook].every((value) => value === undefined)) {
			input.problems.push('extra_email, extra_telephone, extra_twitter or extra_facebook is required');
		}
		const failure = input.failure();
		if (failure) return failure;
		const found = this.findBy(customerId, primary, brand);
		if (!found) return notFound();
		const channels: NewChannel[] = [];
		if (email !== undefined) channels.push({ type: 'email', value: email });
		if (telephone !== undefined) channels.push({ type: 'telephone', value: telephone });
		if (twitter !== undefined) channels.push({ type: 'twitter', value: twitter });
		if (facebook !== undefined) channels.push({ type: 'facebook', value: facebook });
		this.addChannels(this.editable(found.id)!, channels);
		return reply(204);
	}

	/** GET /api/v2/customer/timelineByCustomerExternalID?brand_id&external_id[&ticket_history] */
	private timeline(request: SimRequest): SimReply {
		const input = new Input(request.query);
		const brand = input.number('brand_id', true);
		const primary = input.required('external_id');
		const failure = input.failure();
		if (failure) return failure;
		const customer = this.findByPrimary(primary!, brand);
		if (!customer) return notFound();
		const items = (this.events.get(customer.id) ?? []).map((event) => ({ ...event }));
		// "Include this with any value": its presence is what counts.
		const history = Object.prototype.hasOwnProperty.call(request.query, 'ticket_history');
		return reply(200, history ? { type: 'result', items, tickets: [] } : { type: 'result', items });
	}

	/** POST /api/v2/customer/externalEvent (multipart) */
	private externalEvent(fields: Fields): SimReply {
		const input = new Input(fields);
		const customerId = input.number('customer_id');
		const primary = input.text('external_id');
		// The documentation marks none of these as required but the message (the event itself).
		const brand = input.number('brand_id');
		const initiatedBy = input.text('initiated_by');
		const message = input.required('message');
		const sourceUrl = input.text('source_url');
		if (input.text('customer_id') === undefined && primary === undefined) input.problems.push('customer_id or external_id is required');
		const failure = input.failure();
		if (failure) return failure;
		const customer = this.findBy(customerId, primary, brand);
		if (!customer) return notFound();
		const list = this.events.get(customer.id) ?? [];
		list.push({
			id: this.nextEventId++,
			type: 'external_event',
			customer_id: customer.id,
			brand_id: brand ?? customer.brand_id,
			initiated_by: initiatedBy ?? null,
			message: message!,
			source_url: sourceUrl ?? null,
			created_at: new Date().toISOString(),
		});
		this.events.set(customer.id, list);
		this.eventCount++;
		return reply(204);
	}

	/** POST /api/v2/customer/syncWithCRM (multipart): the sandbox has no CRM, so nothing changes. */
	private syncWithCrm(fields: Fields): SimReply {
		const input = new Input(fields);
		input.number('brandID', true);
		input.required('channel');
		input.required('address');
		return input.failure() ?? reply(204);
	}

	/** DELETE /api/v2/customer/{id} */
	private deleteItem(idText: string): SimReply {
		if (!P.wholeNumber.test(idText)) return error(400, `id must be a whole number, got "${idText}"`);
		const customer = this.customer(Number(idText));
		if (!customer) return notFound();
		this.remove(customer);
		return reply(204);
	}

	/** DELETE /api/v2/customer/{id}/channel/{channelId} */
	private deleteChannel(idText: string, channelText: string): SimReply {
		if (!P.wholeNumber.test(idText)) return error(400, `id must be a whole number, got "${idText}"`);
		if (!P.wholeNumber.test(channelText)) return error(400, `channelId must be a whole number, got "${channelText}"`);
		const found = this.customer(Number(idText));
		if (!found) return notFound();
		const channelId = Number(channelText);
		if (!found.channels.some((channel) => channel.id === channelId)) return error(404, 'Channel not found');
		const customer = this.editable(found.id)!;
		customer.channels = customer.channels.filter((channel) => channel.id !== channelId);
		return reply(204);
	}

	/** DELETE /api/v2/customer/purgedata?externalPrimaryID&brandID or ?customerID */
	private purge(request: SimRequest): SimReply {
		const input = new Input(request.query);
		const primary = input.text('externalPrimaryID');
		const brand = input.number('brandID');
		const customerId = input.number('customerID');
		if (primary === undefined && input.text('customerID') === undefined) input.problems.push('externalPrimaryID or customerID is required');
		const failure = input.failure();
		if (failure) return failure;
		let customer = this.findBy(customerId, primary, brand);
		if (customer && primary !== undefined && customer.external_primary_id !== primary) customer = undefined;
		if (!customer) return notFound();
		this.remove(customer);
		return reply(204);
	}
}

/** Does the customer match an index search: names, external ID or a channel address, case-insensitive. */
function matches(customer: Customer, needle: string): boolean {
	const texts = [customer.firstname, customer.lastname, `${customer.firstname} ${customer.lastname}`, customer.external_primary_id ?? ''];
	for (const channel of customer.channels) texts.push(channel.value);
	return texts.some((text) => text.toLowerCase().includes(needle));
}
