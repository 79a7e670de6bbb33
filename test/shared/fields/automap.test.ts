import { AUTO_MAP_MODE, autoMapped, nearMiss, pickFields, specFor, type AutoMapSpec } from '../../../nodes/shared/fields/automap';
import { FieldError, Params } from '../../../nodes/shared/fields/params';

const spec: AutoMapSpec = {
	fields: { name: 'name', city: 'address.city', 'flags.vip': 'extra.vip', 'flags.beta': 'extra.beta' },
	families: [{ pattern: /^custom_./, shown: 'custom_<name>' }],
	preset: { mode: 'json', list: {} },
	extra(known, parameters) {
		parameters.custom = Object.keys(known).filter((name) => name.startsWith('custom_'));
	},
};

const context = (item: Record<string, unknown>) => ({ credentials: {}, item: item as never });

describe('pickFields', () => {
	test('keeps documented fields by name, family members included; leaves out null, empty and blank values', () => {
		expect(pickFields({ name: 'Ada', city: null, custom_plan: 'pro', custom_x: '', 'flags.vip': '  ' }, spec, false)).toEqual({ name: 'Ada', custom_plan: 'pro' });
	});

	test('a dotted name is taken flat or nested', () => {
		expect(pickFields({ 'flags.vip': true }, spec, false)).toEqual({ 'flags.vip': true });
		expect(pickFields({ flags: { beta: false } }, spec, false)).toEqual({ 'flags.beta': false });
	});

	test('unknown fields are refused, every one named, with the accepted names in the hint', () => {
		let error: FieldError | undefined;
		try {
			pickFields({ name: 'Ada', Name: 'x', flags: { gamma: 1 }, custom_: 'y' }, spec, false);
		} catch (thrown) {
			error = thrown as FieldError;
		}
		expect(error).toBeInstanceOf(FieldError);
		expect(error?.field).toBe('Input Mode');
		expect(error?.problem).toBe('Map Automatically found fields the API does not document: "Name" (did you mean "name"?), "flags.gamma", "custom_"');
		expect(error?.hint).toContain("the API's own field names: name, city, flags.vip, flags.beta, custom_<name>.");
	});

	test('with Ignore Unknown Fields they are dropped, near misses too unless they are to be reported (version 2)', () => {
		expect(pickFields({ name: 'Ada', Name: 'x', flags: { gamma: 1, vip: true } }, spec, true)).toEqual({ name: 'Ada', 'flags.vip': true });
		expect(pickFields({ name: 'Ada', country: 'x', flags: { gamma: 1, vip: true } }, spec, true, false)).toEqual({ name: 'Ada', 'flags.vip': true });
		expect(() => pickFields({ name: 'Ada', Name: 'x', flags: { Vip: true }, 'flags.BETA': 1 }, spec, true, false)).toThrow(
			'Map Automatically found fields named almost like a documented one: "Name" (did you mean "name"?), "flags.Vip" (did you mean "flags.vip"?), "flags.BETA" (did you mean "flags.beta"?)',
		);
	});

	test('a near miss of a group name, or inside a list of objects, is named with the documented name', () => {
		const lists: AutoMapSpec = { fields: { email: 'email', addresses: 'addresses', 'flags.vip': 'x' }, lists: { addresses: ['address1', 'city'] } };
		expect(() => pickFields({ Flags: { vip: true }, addresses: [{ city: 'c' }, { address_1: 'a', street: 's' }] }, lists, true, false)).toThrow(
			'found fields named almost like a documented one: "Flags" (did you mean "flags"?), "addresses[1].address_1" (did you mean "addresses[1].address1"?)',
		);
	});

	test('a group that is not an object is refused', () => {
		expect(() => pickFields({ flags: 'yes' }, spec, false)).toThrow('Map Automatically needs "flags" to be an object with vip and/or beta');
		expect(pickFields({ flags: null }, spec, false)).toEqual({});
	});
});

describe('autoMapped', () => {
	const panel = Params.of({ inputMode: AUTO_MAP_MODE, options: { concurrency: 3 }, name: 'from the panel', ignoreUnknownFields: false });

	test('the other modes read the panel unchanged', () => {
		const params = Params.of({ inputMode: 'fields', name: 'Ada' });
		expect(autoMapped(params, context({ name: 'Bob' }), spec)).toBe(params);
	});

	test('fills the Define Below parameters from the item; Options still come from the panel; the rest is default', () => {
		const params = autoMapped(panel, context({ name: 'Ada', city: 'London', 'flags.vip': true, custom_plan: 'pro' }), spec);
		expect(params.raw('name')).toBe('Ada');
		expect(params.collection('address')).toEqual({ city: 'London' });
		expect(params.collection('extra')).toEqual({ vip: true });
		expect(params.raw('custom')).toEqual(['custom_plan']);
		expect(params.raw('mode')).toBe('json');
		expect(params.collection('options')).toEqual({ concurrency: 3 });
		expect(params.raw('somethingElse', 'default')).toBe('default');
	});

	test('a field the item does not give is its default, never the value left in the panel', () => {
		expect(autoMapped(panel, context({}), spec).string('name', 'Name')).toBe('');
	});

	test('filling one item never changes the spec the next item starts from', () => {
		autoMapped(panel, context({ name: 'Ada' }), spec);
		expect(spec.preset).toEqual({ mode: 'json', list: {} });
		expect(autoMapped(panel, context({}), spec).raw('name', 'none')).toBe('none');
	});
});

describe('a node version that renamed a parameter (AutoMapSpec.versions)', () => {
	const renamed: AutoMapSpec = { fields: { primary_id: 'primaryId', name: 'name' }, versions: { 2: { primary_id: 'externalId' }, 4: { name: 'fullName' } } };
	const panel = (typeVersion: number) => ({ ...context({ primary_id: 'crm-1', name: 'Ada' }), nodeVersion: typeVersion });
	const mapped = (typeVersion: number) => autoMapped(Params.of({ inputMode: AUTO_MAP_MODE, ignoreUnknownFields: false }), panel(typeVersion), renamed);

	test('each version fills its own parameter: version 1 (and an unknown version) the original, from 2 on the new one', () => {
		expect([mapped(1).raw('primaryId'), mapped(1).raw('externalId')]).toEqual(['crm-1', undefined]);
		expect(autoMapped(Params.of({ inputMode: AUTO_MAP_MODE, ignoreUnknownFields: false }), context({ primary_id: 'crm-1' }), renamed).raw('primaryId')).toBe('crm-1');
		expect([mapped(2).raw('primaryId'), mapped(2).raw('externalId'), mapped(2).raw('name')]).toEqual([undefined, 'crm-1', 'Ada']);
	});

	test('a version takes the changes of every listed version up to it', () => {
		expect(specFor(renamed, 3).fields).toEqual({ primary_id: 'externalId', name: 'name' });
		expect(specFor(renamed, 4).fields).toEqual({ primary_id: 'externalId', name: 'fullName' });
		expect([mapped(5).raw('externalId'), mapped(5).raw('fullName')]).toEqual(['crm-1', 'Ada']);
		expect(specFor(spec, 2)).toBe(spec);
	});
});

describe('nearMiss', () => {
	const bik = ['partnerCustomerId', 'firstName', 'lastName', 'email', 'phoneNumber', 'secondaryEmail', 'secondaryPhoneNumber', 'alternateEmails', 'tags', 'addresses'];
	test.each([
		['firstname', 'firstName'],
		['first_name', 'firstName'],
		['FIRST NAME', 'firstName'],
		['e-mail', 'email'],
		['Email', 'email'],
		['emial', 'email'],
		['phone_number', 'phoneNumber'],
		['phoneNumbr', 'phoneNumber'],
		['partnerCustomerID', 'partnerCustomerId'],
		['alternateEmail', 'alternateEmails'],
	])('%s is close to %s', (name, documented) => {
		expect(nearMiss(name, bik)).toBe(documented);
	});

	test.each(['row_number', 'id', 'createdTime', 'Company', 'Status', 'Signed Up', 'name', 'phone', 'tag', 'notes', 'customerId', 'updated_at'])(
		'%s is close to no BIK name',
		(name) => {
			expect(nearMiss(name, bik)).toBeUndefined();
		},
	);
});
