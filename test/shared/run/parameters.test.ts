import { ExecuteContext } from 'n8n-core';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { RunParameters, fieldSteps, holdsExpression } from '../../../nodes/shared/run/parameters';
import { ApiServer } from '../../helpers/api-server';
import { runNode } from '../../helpers/run-node';

/**
 * Parameters without an expression are read from n8n once per run, not once per item (issue 24):
 * the values and errors are those of a read per item.
 */

/** A stand-in for n8n's reads: resolves "=item.<field>" against the item, counts every read. */
function fakeN8n(parameters: IDataObject, items: IDataObject[]) {
	const reads: string[] = [];
	const resolve = (value: unknown, item: IDataObject): unknown => {
		if (typeof value === 'string' && value.startsWith('=item.')) return item[value.slice(6)];
		if (Array.isArray(value)) return value.map((inner) => resolve(inner, item));
		if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, resolve(inner, item)]));
		return value;
	};
	const raw = (name: string, fallback: unknown) => (name in parameters ? parameters[name] : fallback);
	const run = new RunParameters(
		(name, itemIndex, fallback) => {
			reads.push(`${name}#${itemIndex}`);
			if (name === 'broken') throw new Error(`n8n cannot read "broken" [item ${itemIndex}]`);
			return resolve(raw(name, fallback), items[itemIndex]);
		},
		raw,
	);
	return { run, reads };
}

describe('RunParameters', () => {
	const items = [{ email: 'a@x.io' }, { email: 'b@x.io' }, { email: 'c@x.io' }];

	test('a value without an expression is read once; an expression is read for every item', () => {
		const { run, reads } = fakeN8n({ operation: 'createOrUpdate', email: '=item.email', options: { timeout: 5 } }, items);
		const seen = items.map((_, i) => {
			const params = run.forItem(i);
			return [params.string('operation', 'Operation'), params.string('email', 'Email'), params.collection('options')];
		});
		expect(seen).toEqual(items.map((item) => ['createOrUpdate', item.email, { timeout: 5 }]));
		expect(reads).toEqual(['operation#0', 'email#0', 'options#0', 'email#1', 'email#2']);
	});

	test('an expression anywhere inside a collection, a list or a resource locator makes it read per item', () => {
		const parameters = {
			additionalFields: { firstName: 'Ann', tags: ['vip', '=item.email'] },
			customer: { __rl: true, mode: 'id', value: '=item.email' },
			addresses: { address: [{ city: 'Pune', zip: '411001' }] },
		};
		const { run, reads } = fakeN8n(parameters, items);
		for (let i = 0; i < items.length; i++) {
			expect(run.get('additionalFields', i, {})).toEqual({ firstName: 'Ann', tags: ['vip', items[i].email] });
			expect(run.get('customer', i, {})).toEqual({ __rl: true, mode: 'id', value: items[i].email });
			expect(run.get('addresses', i, {})).toEqual({ address: [{ city: 'Pune', zip: '411001' }] });
		}
		expect(reads.filter((read) => read.startsWith('additionalFields'))).toHaveLength(3);
		expect(reads.filter((read) => read.startsWith('customer'))).toHaveLength(3);
		expect(reads.filter((read) => read.startsWith('addresses'))).toEqual(['addresses#0']);
	});

	test('each item gets its own copy: changing one item\'s value never reaches the next', () => {
		const { run } = fakeN8n({ additionalFields: { tags: ['a', 'b'] } }, items);
		const first = run.get('additionalFields', 0, {}) as { tags: string[] };
		first.tags.push('changed');
		(first as IDataObject).extra = true;
		expect(run.get('additionalFields', 1, {})).toEqual({ tags: ['a', 'b'] });
		const second = run.get('additionalFields', 1, {}) as { tags: string[] };
		second.tags.length = 0;
		expect(run.get('additionalFields', 2, {})).toEqual({ tags: ['a', 'b'] });
	});

	test('a read that fails is not kept: it fails again for every item, naming that item', () => {
		const { run, reads } = fakeN8n({ broken: 'x' }, items);
		for (let i = 0; i < items.length; i++) expect(() => run.get('broken', i, '')).toThrow(`[item ${i}]`);
		expect(reads).toEqual(['broken#0', 'broken#1', 'broken#2']);
	});

	test('a parameter that is not set reads as the fallback it is asked with', () => {
		const { run } = fakeN8n({}, items);
		expect(run.get('inputMode', 0, 'fields')).toBe('fields');
		expect(run.get('inputMode', 1, 'json')).toBe('json');
		expect(run.get('options', 1, {})).toEqual({});
		expect(run.get('options', 2, { a: 1 })).toEqual({ a: 1 });
	});

	test('holdsExpression finds "=" text at any depth, and nothing else', () => {
		expect(holdsExpression('={{ $json.email }}')).toBe(true);
		expect(holdsExpression({ a: [{ b: '=1' }] })).toBe(true);
		expect(holdsExpression({ a: [{ b: 'x = 1' }], n: 5, t: true, z: null })).toBe(false);
		expect(holdsExpression('')).toBe(false);
	});
});

/** The provider the node talks to in the tests that run it through n8n-core. */
const api = new ApiServer();
let baseUrl: string;
beforeAll(async () => {
	baseUrl = await api.start();
});
afterAll(async () => api.stop());
afterEach(() => jest.restoreAllMocks());

describe('through n8n-core: values and errors as a read per item gives them', () => {
	const bik = (parameters: IDataObject, items: IDataObject[], onError?: 'continueRegularOutput') =>
		runNode({
			type: 'bik',
			typeVersion: 2,
			parameters: { resource: 'customer', operation: 'createOrUpdate', ...parameters } as never,
			credentials: { bikApi: { apiKey: 'k', apiSecret: 's', baseUrl: `${baseUrl}/integrations` } },
			items,
			onError,
		});

	test('50 items with an email expression: n8n reads the node parameters once, not six times an item', async () => {
		api.reset((request) => ({ status: 200, body: { status: 200, success: true, data: { customer: request.json } } }));
		const reads = jest.spyOn(ExecuteContext.prototype as unknown as { _getNodeParameter: () => unknown }, '_getNodeParameter');
		const items = Array.from({ length: 50 }, (_, i) => ({ value: `p${i}@example.com` }));
		const result = await bik({ email: '={{ $json.value }}', additionalFields: { firstName: 'Ann', tags: 'vip, new' } }, items);
		expect(result.error).toBeUndefined();
		// Requests travel over several connections at once, so they may reach the provider in any order;
		// the items come out in input order.
		const byEmail = (a: IDataObject, b: IDataObject) => String(a.email).localeCompare(String(b.email));
		expect(api.received.map((request) => request.json as IDataObject).sort(byEmail)).toEqual(
			items.map((item) => ({ email: item.value, firstName: 'Ann', tags: ['vip', 'new'] })).sort(byEmail),
		);
		expect(result.items.map((item) => item.json.email)).toEqual(items.map((item) => item.value));
		// The first item reads its email from n8n, the others take it from their JSON (the expression only
		// names a field); every other parameter is read once, plus one raw read to see whether it holds an
		// expression (before: 6 reads an item, 303 in all).
		const byName = new Map<string, number>();
		for (const [name] of reads.mock.calls as unknown as Array<[string]>) byName.set(name, (byName.get(name) ?? 0) + 1);
		expect(byName.get('email')).toBe(1 + 1);
		expect(Math.max(...[...byName].filter(([name]) => name !== 'email').map(([, count]) => count))).toBeLessThanOrEqual(2);
	});

	test('a fixed value that is wrong fails every item, each error naming its own item', async () => {
		api.reset(() => ({ status: 200, body: { status: 200, success: true, data: { customer: {} } } }));
		const result = await bik({ email: 'not-an-email', additionalFields: { tags: 'vip' } }, [{}, {}, {}], 'continueRegularOutput');
		expect(api.received).toHaveLength(0);
		expect(result.items.map((item) => item.json.error)).toEqual([0, 1, 2].map(() => expect.stringContaining('Email')));
		expect(result.items.map((item) => (item.json.error as string).match(/\[item (\d+)\]/)?.[1] ?? item.json)).toEqual(['0', '1', '2']);
	});
});

describe('fieldSteps: the expressions taken from the item', () => {
	test('one field of the item, by name, in brackets or by position', () => {
		expect(fieldSteps('={{ $json.email }}')).toEqual(['email']);
		expect(fieldSteps('={{$json.contact.email}}')).toEqual(['contact', 'email']);
		expect(fieldSteps('={{ $json["e-mail"] }}')).toEqual(['e-mail']);
		expect(fieldSteps("={{ $json['first name'].value }}")).toEqual(['first name', 'value']);
		expect(fieldSteps('={{ $json.list[0] }}')).toEqual(['list', '0']);
	});

	test('anything else goes to n8n: more than a field, text around it, another source, a step the sandbox refuses', () => {
		for (const expression of [
			'={{ $json }}',
			'={{ $json.email.toLowerCase() }}',
			'={{ $json.email }} ',
			'=mail: {{ $json.email }}',
			'= {{ $json.email }}',
			'={{ $json.a }}{{ $json.b }}',
			'={{ $json.email || "none" }}',
			'={{ $("Other").item.json.email }}',
			'={{ $json.constructor }}',
			'={{ $json["__proto__"] }}',
			'={{ $json.a["b\\"c"] }}',
			'={{ $json[index] }}',
			'={{ $fromAI("email") }}',
			'{{ $json.email }}',
		]) {
			expect([expression, fieldSteps(expression)]).toEqual([expression, undefined]);
		}
	});
});

/**
 * The oracle is n8n itself: the same workflow runs once as shipped and once with every parameter read
 * from n8n's expression engine (RunParameters without the items' JSON). The requests that reach the
 * provider and the items or errors that come out must match. This is n8n-core's legacy engine; real
 * n8n 2.41's default (vm) engine, which needs Node 22 or later, is compared in
 * test/e2e/retry-and-redirects.test.ts.
 */
describe('through n8n-core: a field expression taken from the item gives what n8n gives', () => {
	const items: IDataObject[] = [
		{ v: 'a@x.io', first: 'Ann', tags: 'vip', contact: { email: 'c@x.io' }, list: ['l0@x.io', 'l1@x.io'], 'e-mail': 'h@x.io' },
		{ v: '  b@x.io  ', first: 7, tags: ['vip', 'new'], contact: { email: 5 }, list: [], 'e-mail': true },
		{ v: 5, first: true, tags: '', contact: null, list: ['only@x.io'] },
		{ v: true, first: '', tags: null, contact: 'flat', list: 'not a list' },
		{ v: '', first: null, tags: { a: 1 }, contact: { email: { nested: 1 } } },
		{ v: null, first: { a: 1 }, tags: 'x' },
		{},
		{ v: { a: 'a@x.io' }, first: ['Ann'], constructor: 'k@x.io' },
		{ v: ['a@x.io'], first: 'Zoë', tags: 'vip, new' },
		{ v: 'not an email', first: 'x'.repeat(10_001) },
		{ v: 'd@x.io', first: '=1+1', tags: '={{ 1 }}' },
	];
	const expressions = [
		'={{ $json.v }}',
		'={{$json.v}}',
		'={{ $json["v"] }}',
		'={{ $json.contact.email }}',
		'={{ $json.list[1] }}',
		"={{ $json['e-mail'] }}",
		'={{ $json.constructor }}',
	];

	async function run(email: string, allFromN8n: boolean) {
		api.reset((request) => ({ status: 200, body: { status: 200, success: true, data: { customer: request.json } } }));
		if (allFromN8n) {
			jest.spyOn(RunParameters, 'of').mockImplementation(
				(ctx: IExecuteFunctions) =>
					new RunParameters(
						(name, itemIndex, fallback) => ctx.getNodeParameter(name, itemIndex, fallback),
						(name, fallback) => ctx.getNodeParameter(name, 0, fallback, { rawExpressions: true }),
					),
			);
		}
		const reads = jest.spyOn(ExecuteContext.prototype as unknown as { _getNodeParameter: () => unknown }, '_getNodeParameter');
		const result = await runNode({
			type: 'bik',
			typeVersion: 2,
			parameters: {
				resource: 'customer',
				operation: 'createOrUpdate',
				email,
				additionalFields: { firstName: '={{ $json.first }}', lastName: 'Lee', tags: '={{ $json.tags }}' },
			} as never,
			credentials: { bikApi: { apiKey: 'k', apiSecret: 's', baseUrl: `${baseUrl}/integrations` } },
			items,
			onError: 'continueRegularOutput',
		});
		const received = api.received.map((request) => JSON.stringify(request.json)).sort();
		const calls = reads.mock.calls.length;
		jest.restoreAllMocks();
		return { error: result.error, items: result.items.map((item) => item.json), received, calls };
	}

	test.each(expressions)('email %s, first name and tags from fields of every shape', async (email) => {
		const n8n = await run(email, true);
		const taken = await run(email, false);
		expect(taken.error).toEqual(n8n.error);
		expect(taken.items).toEqual(n8n.items);
		expect(taken.received).toEqual(n8n.received);
		// Not a comparison of n8n with itself: the shipped run read far less from n8n.
		if (fieldSteps(email)) expect(taken.calls).toBeLessThan(n8n.calls);
	});
});
