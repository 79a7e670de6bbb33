import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import { customerFingerprint, mostRecent } from '../../../nodes/Omnidesk/trigger/customers';
import { Comparison, pack, unpack } from '../../../nodes/shared/poll/fingerprints';

/** A customer as doc 003's index lists it, with a custom field as a server may add it. */
const customer: IDataObject = {
	id: 7,
	external_primary_id: 'crm-7',
	brand_name: 'Main brand',
	firstname: 'Anna',
	lastname: 'de Vries',
	channels: [
		{ id: 13, type: 'email', value: 'anna@example.com' },
		{ id: 14, type: 'telephone', value: '+31612345678' },
	],
	custom_tier: 'gold',
};
const print = customerFingerprint(customer);
const changed = (change: IDataObject) => customerFingerprint({ ...customer, ...change });

test.each([
	['the first name', { firstname: 'Anne' }],
	['the last name', { lastname: 'Jansen' }],
	['the external ID', { external_primary_id: 'crm-8' }],
	['no external ID', { external_primary_id: null }],
	['the brand', { brand_name: 'Other brand' }],
	['a channel’s address', { channels: [{ id: 13, type: 'email', value: 'anna@example.org' }, (customer.channels as IDataObject[])[1]] }],
	['a channel’s type', { channels: [{ id: 13, type: 'twitter', value: 'anna@example.com' }, (customer.channels as IDataObject[])[1]] }],
	['an added channel', { channels: [...(customer.channels as IDataObject[]), { id: 15, type: 'facebook', value: 'anna.dv' }] }],
	['no channels', { channels: [] }],
	['a custom field', { custom_tier: 'silver' }],
	['an added custom field', { custom_since: '2024' }],
])('a change to %s changes the fingerprint', (_what, change) => {
	expect(changed(change)).not.toBe(print);
});

test.each([
	['the channel order', { channels: [...(customer.channels as IDataObject[])].reverse() }],
	['the channel IDs', { channels: (customer.channels as IDataObject[]).map((c, i) => ({ ...c, id: 100 + i })) }],
	['an undocumented field', { updated_at: '2026-12-06T10:00:00Z' }],
	['the ID itself', { id: 8 }],
])('a change to %s alone does not count', (_what, change) => {
	expect(changed(change)).toBe(print);
});

test('a fingerprint is 8 URL-safe characters, and a missing `channels` is no channels', () => {
	expect(print).toMatch(/^[A-Za-z0-9_-]{8}$/);
	const without = { ...customer };
	delete without.channels;
	expect(customerFingerprint(without)).toBe(changed({ channels: [] }));
});

test('pack and unpack give back the same map, in ID order', () => {
	fc.assert(
		fc.property(fc.dictionary(fc.stringMatching(/^[0-9a-z]{1,8}$/), fc.stringMatching(/^[A-Za-z0-9_-]{8}$/)), (record) => {
			const map = new Map(Object.entries(record));
			expect(unpack(pack(map))).toEqual(map);
		}),
	);
	expect(pack(new Map([['10', 'b'], ['9', 'a'], ['100', 'c']]))).toBe('9:a,10:b,100:c');
	expect(unpack('')).toEqual(new Map());
	for (const broken of [undefined, 3, 'no-colon', ':x']) expect(unpack(broken)).toBeUndefined();
});

test('a comparison: new, updated, unchanged, a repeat within one scan, and removed only after a complete scan', () => {
	const comparison = new Comparison(new Map([['1', 'a'], ['2', 'b'], ['3', 'c']]));
	expect(['1', '2', '4', '1'].map((id, i) => comparison.see(id, ['a', 'B', 'd', 'a'][i]))).toEqual(['unchanged', 'updated', 'new', 'repeat']);
	expect(comparison.removed(true)).toEqual(['3']);
	expect(comparison.removed(false)).toEqual([]);
	expect(pack(comparison.next(true))).toBe('1:a,2:B,4:d');
	expect(pack(comparison.next(false))).toBe('1:a,2:B,3:c,4:d');
});

test('the most recent customer is the one with the highest ID, in either order', () => {
	const list = [{ id: 3 }, { id: 250 }, { id: 9 }];
	expect(mostRecent(list)).toEqual({ id: 250 });
	expect(mostRecent([...list].reverse())).toEqual({ id: 250 });
	expect(mostRecent([])).toBeUndefined();
});
