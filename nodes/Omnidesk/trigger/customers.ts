import type { IDataObject } from 'n8n-workflow';

import { fingerprint } from '../../shared/poll/fingerprints';

/**
 * What the Omnidesk Trigger compares of a customer, as GET /api/v2/customer lists it (doc 003:
 * id, external_primary_id, brand_name, firstname, lastname, channels): every documented field but
 * the ID, and the custom fields (`custom_<name>`) when the list carries them. Channels are compared
 * by type and address, in any order; their own IDs and any field the documents do not name (a
 * timestamp a server may add) are not, so they never make a customer "updated".
 */

/** The customer's Omnidesk ID as text, or undefined for an entry without one. */
export function customerKey(customer: IDataObject): string | undefined {
	const { id } = customer;
	if (typeof id === 'number' && Number.isFinite(id)) return String(id);
	if (typeof id === 'string' && id.trim() !== '') return id.trim();
	return undefined;
}

const text = (value: unknown) => (value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value));

/** The channels as sorted `[type, address]` texts: their order and their own IDs do not count. */
function channelsOf(customer: IDataObject): string[] {
	const channels = Array.isArray(customer.channels) ? customer.channels : [];
	return channels
		.map((channel) => {
			const { type, value } = channel && typeof channel === 'object' ? (channel as IDataObject) : { type: '', value: channel };
			return JSON.stringify([text(type), text(value)]);
		})
		.sort();
}

/** The canonical text of the fields that count (tested: a change to any of them changes it). */
export function customerCanonical(customer: IDataObject): string {
	const custom = Object.keys(customer)
		.filter((key) => key.startsWith('custom_'))
		.sort()
		.map((key) => [key, text(customer[key])]);
	return JSON.stringify([
		text(customer.external_primary_id),
		text(customer.brand_name),
		text(customer.brand_id),
		text(customer.firstname),
		text(customer.lastname),
		channelsOf(customer),
		custom,
	]);
}

export const customerFingerprint = (customer: IDataObject) => fingerprint(customerCanonical(customer));

/** The ID as the output shows it: a number when it is one. */
export const outputId = (key: string): number | string => (/^[0-9]{1,15}$/.test(key) ? Number(key) : key);

/**
 * Of several customers, the one with the highest ID, taken as the most recently created (Omnidesk's IDs
 * are numbers; the documents say nothing of their order, nor give a creation date).
 */
export function mostRecent(customers: IDataObject[]): IDataObject | undefined {
	let best: IDataObject | undefined;
	let bestId = -Infinity;
	for (const customer of customers) {
		const key = customerKey(customer);
		const id = key === undefined ? NaN : Number(key);
		if (!best || (Number.isFinite(id) && id > bestId)) {
			best = customer;
			if (Number.isFinite(id)) bestId = id;
		}
	}
	return best;
}
