import { DEFAULT_BRAND, type Customer, type NewChannel, type TimelineEvent } from './model';

/**
 * The Omnidesk sandbox's customers: generated seed, stored changes, lookups, the index's search
 * cache and the counters GET /_sandbox/state reports.
 *
 * Seeded customers are not stored: customer n (1..seeded) is generated from n when read, and only
 * stored once changed. Created customers get the ids after the seeded ones.
 */

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

/** Does the customer match an index search: names, external ID or a channel address, case-insensitive. */
function matches(customer: Customer, needle: string): boolean {
	const texts = [customer.firstname, customer.lastname, `${customer.firstname} ${customer.lastname}`, customer.external_primary_id ?? ''];
	for (const channel of customer.channels) texts.push(channel.value);
	return texts.some((text) => text.toLowerCase().includes(needle));
}

export class OmnideskStore {
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

	/** Counts a create refused because the customer already exists. */
	countDuplicateCreate(): void {
		this.duplicateCreates++;
	}

	customer(id: number): Customer | undefined {
		const stored = this.stored.get(id);
		if (stored) return stored;
		if (id >= 1 && id <= this.seeded && !this.deleted.has(id)) return generated(id);
		return undefined;
	}

	/** The customer as a stored record that can be changed (a seeded one is stored from now on). */
	editable(id: number): Customer | undefined {
		const customer = this.customer(id);
		if (customer && !this.stored.has(id)) this.stored.set(id, customer);
		this.version++;
		return customer;
	}

	insert(primary: string | null, brand: number, firstname: string, lastname: string, custom: Record<string, string>): Customer {
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

	remove(customer: Customer): void {
		this.stored.delete(customer.id);
		if (customer.id <= this.seeded) this.deleted.add(customer.id);
		if (customer.external_primary_id !== null) this.byPrimary.get(customer.external_primary_id)?.delete(customer.id);
		this.eventCount -= this.events.get(customer.id)?.length ?? 0;
		this.events.delete(customer.id);
		this.count--;
		this.version++;
	}

	/** Adds channels; an identical one (same type and address) is not added twice. */
	addChannels(customer: Customer, channels: NewChannel[]): void {
		for (const { type, value } of channels) {
			const same = customer.channels.some((c) => c.type === type && c.value.toLowerCase() === value.toLowerCase());
			if (!same) customer.channels.push({ id: this.nextChannelId++, type, value });
		}
	}

	/** Applies names (when given) and custom fields to a customer from editable(). */
	applyChanges(customer: Customer, firstname: string | undefined, lastname: string | undefined, custom: Record<string, string>): void {
		if (firstname !== undefined) customer.firstname = firstname;
		if (lastname !== undefined) customer.lastname = lastname;
		Object.assign(customer.custom, custom);
	}

	/** The first (lowest ID) customer with this external primary ID, in `brand` if given. */
	findByPrimary(primary: string, brand?: number): Customer | undefined {
		const candidates = [...(this.byPrimary.get(primary) ?? [])];
		const seeded = SEEDED_PRIMARY.exec(primary);
		if (seeded) candidates.push(Number(seeded[1]));
		return this.first(candidates, (c) => c.external_primary_id === primary && (brand === undefined || c.brand_id === brand));
	}

	/** The first customer with a channel of this address (case-insensitive), in `brand` if given. */
	findByChannel(value: string, brand?: number): Customer | undefined {
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

	/** Finds a customer by Omnidesk ID or external primary ID, in `brand` if given. */
	findBy(customerId: number | undefined, primary: string | undefined, brand: number | undefined): Customer | undefined {
		if (customerId !== undefined) {
			const customer = this.customer(customerId);
			return customer && (brand === undefined || customer.brand_id === brand) ? customer : undefined;
		}
		return primary === undefined ? undefined : this.findByPrimary(primary, brand);
	}

	/** The lowest-ID customer of a brand (every brand when undefined). */
	firstInBrand(brand: number | undefined): Customer | undefined {
		for (let id = 1; id < this.nextId; id++) {
			const candidate = this.customer(id);
			if (candidate && (brand === undefined || candidate.brand_id === brand)) return candidate;
		}
		return undefined;
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
	ids(query: string): Int32Array {
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

	/** The timeline events of a customer (copies). */
	eventsOf(customerId: number): TimelineEvent[] {
		return (this.events.get(customerId) ?? []).map((event) => ({ ...event }));
	}

	addEvent(customer: Customer, event: Omit<TimelineEvent, 'id' | 'type' | 'customer_id' | 'created_at'>): void {
		const list = this.events.get(customer.id) ?? [];
		list.push({
			id: this.nextEventId++,
			type: 'external_event',
			customer_id: customer.id,
			brand_id: event.brand_id,
			initiated_by: event.initiated_by,
			message: event.message,
			source_url: event.source_url,
			created_at: new Date().toISOString(),
		});
		this.events.set(customer.id, list);
		this.eventCount++;
	}
}
