import type { IDataObject } from 'n8n-workflow';

import type { CallFailed } from '../../../nodes/shared/transport/errors';
import { offsetPaging, pageWalk, type OffsetPagingSpec } from '../../../nodes/shared/transport/paging';
import type { ApiRequest, Paging } from '../../../nodes/shared/types';

/** The spec Omnidesk's Get Many uses. */
const SPEC: OffsetPagingSpec = {
	startParam: 'itemStart',
	limitParam: 'itemLimit',
	maxPageSize: 99,
	itemsField: 'items',
	totalField: 'itemTotal',
};

const BASE: ApiRequest = { method: 'GET', path: '/api/v2/customer', qs: {} };

interface FakeServer {
	/** What the server holds, in order (entries need not be objects). */
	entries: unknown[];
	/** Whether answers carry itemTotal. */
	sendTotal: boolean;
	/** The largest page the server really serves, whatever was asked. */
	servesAtMost?: number;
}

const customers = (n: number): IDataObject[] => Array.from({ length: n }, (_, index) => ({ id: index + 1 }));

function serve(server: FakeServer, request: ApiRequest): IDataObject {
	const start = Number(request.qs?.itemStart);
	const asked = Number(request.qs?.itemLimit);
	const size = Math.min(asked, server.servesAtMost ?? Infinity);
	const page = server.entries.slice(start, start + size);
	return server.sendTotal ? { items: page, itemTotal: server.entries.length } : { items: page };
}

interface Walk {
	/** (itemStart, itemLimit) of every request, in order. */
	requests: Array<[number, number]>;
	/** The query strings sent, in order. */
	queries: IDataObject[];
	collected: IDataObject[];
}

/**
 * Walks the pages exactly as the runner's sendPaged does: items beyond maxItems are dropped,
 * and next() is given the number of items kept so far.
 */
function walk(paging: Paging, first: ApiRequest, answer: (request: ApiRequest) => unknown): Walk {
	const result: Walk = { requests: [], queries: [], collected: [] };
	for (let request: ApiRequest | undefined = first; request; ) {
		if (result.requests.length > 50) throw new Error('the walk does not end');
		result.requests.push([Number(request.qs?.itemStart), Number(request.qs?.itemLimit)]);
		result.queries.push({ ...request.qs });
		const body = answer(request);
		const items = paging.itemsOf(body);
		const room = request.maxItems === undefined ? items.length : Math.max(0, request.maxItems - result.collected.length);
		for (let k = 0; k < items.length && k < room; k++) result.collected.push(items[k]);
		request = paging.next(request, body, result.collected.length);
	}
	return result;
}

function walkServer(server: FakeServer, limit: number | undefined, base: ApiRequest = BASE, spec = SPEC): Walk {
	const paging = offsetPaging(spec);
	return walk(paging, paging.first(base, limit), (request) => serve(server, request));
}

describe('offsetPaging: walking a server', () => {
	type Row = [number, number | undefined, Array<[number, number]>, Array<[number, number]>];
	// N items on the server, limit (undefined = Return All), requests with itemTotal, requests without it.
	const rows: Row[] = [
		[0, undefined, [[0, 99]], [[0, 99]]],
		[1, undefined, [[0, 99]], [[0, 99]]],
		[98, undefined, [[0, 99]], [[0, 99]]],
		[99, undefined, [[0, 99]], [[0, 99], [99, 99]]],
		[100, undefined, [[0, 99], [99, 99]], [[0, 99], [99, 99]]],
		[250, undefined, [[0, 99], [99, 99], [198, 99]], [[0, 99], [99, 99], [198, 99]]],

		[0, 1, [[0, 1]], [[0, 1]]],
		[1, 1, [[0, 1]], [[0, 1]]],
		[98, 1, [[0, 1]], [[0, 1]]],
		[99, 1, [[0, 1]], [[0, 1]]],
		[100, 1, [[0, 1]], [[0, 1]]],
		[250, 1, [[0, 1]], [[0, 1]]],

		[0, 50, [[0, 50]], [[0, 50]]],
		[1, 50, [[0, 50]], [[0, 50]]],
		[98, 50, [[0, 50]], [[0, 50]]],
		[99, 50, [[0, 50]], [[0, 50]]],
		[100, 50, [[0, 50]], [[0, 50]]],
		[250, 50, [[0, 50]], [[0, 50]]],

		[0, 99, [[0, 99]], [[0, 99]]],
		[1, 99, [[0, 99]], [[0, 99]]],
		[98, 99, [[0, 99]], [[0, 99]]],
		[99, 99, [[0, 99]], [[0, 99]]],
		[100, 99, [[0, 99]], [[0, 99]]],
		[250, 99, [[0, 99]], [[0, 99]]],

		[0, 100, [[0, 99]], [[0, 99]]],
		[1, 100, [[0, 99]], [[0, 99]]],
		[98, 100, [[0, 99]], [[0, 99]]],
		[99, 100, [[0, 99]], [[0, 99], [99, 1]]],
		[100, 100, [[0, 99], [99, 1]], [[0, 99], [99, 1]]],
		[250, 100, [[0, 99], [99, 1]], [[0, 99], [99, 1]]],

		[0, 150, [[0, 99]], [[0, 99]]],
		[1, 150, [[0, 99]], [[0, 99]]],
		[98, 150, [[0, 99]], [[0, 99]]],
		[99, 150, [[0, 99]], [[0, 99], [99, 51]]],
		[100, 150, [[0, 99], [99, 51]], [[0, 99], [99, 51]]],
		[250, 150, [[0, 99], [99, 51]], [[0, 99], [99, 51]]],
	];

	describe.each(rows)('%i items, limit %p', (n, limit, withTotal, withoutTotal) => {
		const expected = customers(Math.min(n, limit ?? Infinity));

		it('with itemTotal: asks for exactly the pages needed and collects min(N, limit) items', () => {
			const result = walkServer({ entries: customers(n), sendTotal: true }, limit);
			expect(result.requests).toEqual(withTotal);
			expect(result.collected).toEqual(expected);
		});

		it('without itemTotal: stops on a short page and collects min(N, limit) items', () => {
			const result = walkServer({ entries: customers(n), sendTotal: false }, limit);
			expect(result.requests).toEqual(withoutTotal);
			expect(result.collected).toEqual(expected);
		});
	});

	it('never asks for more than the page size, nor for more than the limit still missing', () => {
		for (const limit of [undefined, 1, 2, 50, 98, 99, 100, 101, 197, 198, 199, 300]) {
			for (const sendTotal of [true, false]) {
				const result = walkServer({ entries: customers(1000), sendTotal }, limit);
				const asked = result.requests.reduce((sum, [, size]) => sum + size, 0);
				for (const [, size] of result.requests) {
					expect(size).toBeGreaterThanOrEqual(1);
					expect(size).toBeLessThanOrEqual(99);
				}
				if (limit !== undefined) {
					expect(asked).toBe(limit);
					expect(result.collected).toEqual(customers(limit));
				} else {
					expect(result.collected).toEqual(customers(1000));
				}
			}
		}
	});

	it('keeps walking while itemTotal says more remain, even when the server serves smaller pages', () => {
		const server = { entries: customers(100), sendTotal: true, servesAtMost: 40 };
		const all = walkServer(server, undefined);
		expect(all.requests).toEqual([
			[0, 99],
			[40, 99],
			[80, 99],
		]);
		expect(all.collected).toEqual(customers(100));

		const limited = walkServer(server, 90);
		expect(limited.requests).toEqual([
			[0, 90],
			[40, 50],
			[80, 10],
		]);
		expect(limited.collected).toEqual(customers(90));
	});

	it('reads itemTotal sent as text', () => {
		const paging = offsetPaging(SPEC);
		const result = walk(paging, paging.first(BASE, undefined), (request) => ({
			...serve({ entries: customers(150), sendTotal: false, servesAtMost: 60 }, request),
			itemTotal: '150',
		}));
		expect(result.requests).toEqual([
			[0, 99],
			[60, 99],
			[120, 99],
		]);
		expect(result.collected).toEqual(customers(150));
	});

	it('ends on a short page when the server sends no total (smaller pages end the walk early)', () => {
		const result = walkServer({ entries: customers(100), sendTotal: false, servesAtMost: 40 }, undefined);
		expect(result.requests).toEqual([[0, 99]]);
		expect(result.collected).toEqual(customers(40));
	});

	it('stops on an empty page even when itemTotal says more remain', () => {
		const paging = offsetPaging(SPEC);
		const result = walk(paging, paging.first(BASE, undefined), (request) =>
			Number(request.qs?.itemStart) === 0 ? { items: customers(99), itemTotal: 500 } : { items: [], itemTotal: 500 },
		);
		expect(result.requests).toEqual([
			[0, 99],
			[99, 99],
		]);
		expect(result.collected).toEqual(customers(99));
	});

	it('stops when itemTotal is reached even though the page was full', () => {
		const paging = offsetPaging(SPEC);
		const request = paging.first(BASE, undefined);
		expect(paging.next(request, { items: customers(99), itemTotal: 99 }, 99)).toBeUndefined();
		expect(paging.next(request, { items: customers(99), itemTotal: 50 }, 99)).toBeUndefined();
	});

	it('walks without a total field in the spec, stopping on a short page', () => {
		const spec: OffsetPagingSpec = { ...SPEC, totalField: undefined };
		const paging = offsetPaging(spec);
		const first = paging.first(BASE, undefined);
		// An itemTotal in the answer is ignored when the spec names no total field.
		const second = paging.next(first, { items: customers(99), itemTotal: 99 }, 99);
		expect(second?.qs).toEqual({ itemStart: 99, itemLimit: 99 });
		expect(paging.next(second as ApiRequest, { items: customers(98), itemTotal: 500 }, 197)).toBeUndefined();
	});

	it('keeps other query entries on every page', () => {
		const base: ApiRequest = { method: 'GET', path: '/api/v2/customer', qs: { query: 'ann lee', sort: 'asc' }, headers: { 'X-A': '1' } };
		const result = walkServer({ entries: customers(250), sendTotal: true }, undefined, base);
		expect(result.queries).toEqual([
			{ query: 'ann lee', sort: 'asc', itemStart: 0, itemLimit: 99 },
			{ query: 'ann lee', sort: 'asc', itemStart: 99, itemLimit: 99 },
			{ query: 'ann lee', sort: 'asc', itemStart: 198, itemLimit: 99 },
		]);
		expect(base.qs).toEqual({ query: 'ann lee', sort: 'asc' });
	});
});

describe('offsetPaging.first', () => {
	const paging = offsetPaging(SPEC);

	it('asks for a full page from 0 for Return All', () => {
		expect(paging.first({ method: 'GET', path: '/x', qs: { query: 'a' } }, undefined)).toEqual({
			method: 'GET',
			path: '/x',
			qs: { query: 'a', itemStart: 0, itemLimit: 99 },
			maxItems: undefined,
		});
	});

	it('asks for only the limit when it is below the page size, and records it as maxItems', () => {
		expect(paging.first(BASE, 7)).toEqual({ ...BASE, qs: { itemStart: 0, itemLimit: 7 }, maxItems: 7 });
		expect(paging.first(BASE, 99)).toEqual({ ...BASE, qs: { itemStart: 0, itemLimit: 99 }, maxItems: 99 });
		expect(paging.first(BASE, 500)).toEqual({ ...BASE, qs: { itemStart: 0, itemLimit: 99 }, maxItems: 500 });
	});

	it('works without a query string', () => {
		expect(paging.first({ method: 'GET', path: '/x' }, undefined).qs).toEqual({ itemStart: 0, itemLimit: 99 });
	});

	it('overrides offset and page size already in the query string', () => {
		expect(paging.first({ method: 'GET', path: '/x', qs: { itemStart: 40, itemLimit: 5 } }, 10).qs).toEqual({
			itemStart: 0,
			itemLimit: 10,
		});
	});

	it('does not change the request it was given', () => {
		const base: ApiRequest = { method: 'GET', path: '/x', qs: { query: 'a' } };
		paging.first(base, 3);
		expect(base).toEqual({ method: 'GET', path: '/x', qs: { query: 'a' } });
	});
});

describe('offsetPaging.itemsOf', () => {
	const paging = offsetPaging(SPEC);

	it('returns the items of the page', () => {
		expect(paging.itemsOf({ items: [{ id: 1 }, { id: 2 }], itemTotal: 2 })).toEqual([{ id: 1 }, { id: 2 }]);
	});

	it('filters out entries that are not objects', () => {
		expect(paging.itemsOf({ items: [{ id: 1 }, null, 2, 'x', undefined, true, { id: 2 }] })).toEqual([{ id: 1 }, { id: 2 }]);
	});

	it.each([
		['null', null],
		['undefined', undefined],
		['a text', 'Internal error'],
		['an empty text', ''],
		['a number', 42],
		['an array', [{ id: 1 }]],
		['an object without items', { itemTotal: 5 }],
		['items that are not a list', { items: { id: 1 } }],
		['items as text', { items: 'none' }],
		['an empty list', { items: [] }],
	])('gives no items for %s', (_name, body) => {
		expect(paging.itemsOf(body)).toEqual([]);
	});

	it('reads the field the spec names', () => {
		const other = offsetPaging({ ...SPEC, itemsField: 'customers' });
		expect(other.itemsOf({ customers: [{ id: 3 }], items: [{ id: 4 }] })).toEqual([{ id: 3 }]);
	});
});

describe('offsetPaging.next', () => {
	const paging = offsetPaging(SPEC);
	const first = paging.first({ method: 'GET', path: '/x', qs: { query: 'q' } }, undefined);

	it.each([
		['null', null],
		['a text', 'oops'],
		['a number', 0],
		['an array', customers(99)],
		['an object without items', { itemTotal: 500 }],
		['an empty page', { items: [], itemTotal: 500 }],
	])('ends the walk when the answer is %s', (_name, body) => {
		expect(paging.next(first, body, 0)).toBeUndefined();
	});

	it('counts non-object entries as the server does: a page of them moves the offset on', () => {
		expect(paging.next(first, { items: [null, 1, 'x'], itemTotal: 500 }, 0)?.qs).toEqual({ query: 'q', itemStart: 3, itemLimit: 99 });
		expect(paging.itemsOf({ items: [null, 1, 'x'] })).toEqual([]);
	});

	it('asks for the page after a full one, keeping the rest of the request', () => {
		expect(paging.next(first, { items: customers(99), itemTotal: 300 }, 99)).toEqual({
			method: 'GET',
			path: '/x',
			qs: { query: 'q', itemStart: 99, itemLimit: 99 },
			maxItems: undefined,
		});
	});

	it('ends the walk once the limit is reached', () => {
		const limited = paging.first(BASE, 10);
		expect(paging.next(limited, { items: customers(10), itemTotal: 300 }, 10)).toBeUndefined();
		expect(paging.next(limited, { items: customers(10), itemTotal: 300 }, 11)).toBeUndefined();
	});

	it('asks only for what is still missing', () => {
		const limited = paging.first(BASE, 120);
		expect(paging.next(limited, { items: customers(99), itemTotal: 300 }, 99)?.qs).toEqual({ itemStart: 99, itemLimit: 21 });
	});

	it('does not change the request it was given', () => {
		const request = paging.first({ method: 'GET', path: '/x', qs: { query: 'q' } }, undefined);
		paging.next(request, { items: customers(99), itemTotal: 300 }, 99);
		expect(request.qs).toEqual({ query: 'q', itemStart: 0, itemLimit: 99 });
	});

	// The offset advances by the entries the server sent, not by the objects kept: otherwise a page
	// holding a non-object entry would make the next page overlap, or end the walk early.
	it('advances the offset past non-object entries too', () => {
		const request = paging.first(BASE, undefined);
		const page = [...customers(49), null, ...customers(49)];
		expect(paging.next(request, { items: page, itemTotal: 300 }, 98)?.qs).toEqual({ itemStart: 99, itemLimit: 99 });
	});

	it('does not end the walk on a full page holding a non-object entry when there is no total', () => {
		const request = paging.first(BASE, undefined);
		const page = [...customers(49), null, ...customers(49)];
		expect(paging.next(request, { items: page }, 98)).toBeDefined();
	});

	// itemTotal: null must not read as 0 (which would end the walk after the first page).
	it('treats itemTotal: null like a missing total', () => {
		const request = paging.first(BASE, undefined);
		expect(paging.next(request, { items: customers(99), itemTotal: null }, 99)?.qs).toEqual({ itemStart: 99, itemLimit: 99 });
	});
});

describe('pageWalk: a walk that would never end', () => {
	const page = (start: number) => ({ method: 'GET' as const, path: '/customers', qs: { itemStart: start, itemLimit: 2 } });
	const failure = (run: () => void) => {
		try {
			run();
		} catch (error) {
			return (error as CallFailed).failure;
		}
		return undefined;
	};

	test('a page with the items of an earlier page stops it, naming the page', () => {
		const walk = pageWalk();
		walk.check(page(0), [{ id: 1 }, { id: 2 }]);
		walk.check(page(2), [{ id: 3 }, { id: 4 }]);
		expect(failure(() => walk.check(page(4), [{ id: 1 }, { id: 2 }]))).toEqual({ kind: 'paging', page: 'itemStart=4, itemLimit=2' });
	});

	test('empty pages and distinct pages pass', () => {
		const walk = pageWalk();
		for (let k = 0; k < 5; k++) walk.check(page(k * 2), [{ id: k }]);
		walk.check(page(10), []);
		walk.check(page(12), []);
	});

	test('a next page asked with the same request stops it', () => {
		const walk = pageWalk();
		expect(failure(() => walk.next(page(0), page(0)))).toEqual({ kind: 'paging', page: 'itemStart=0, itemLimit=2' });
		expect(failure(() => walk.next(page(0), page(2)))).toBeUndefined();
		expect(failure(() => walk.next(page(0), undefined))).toBeUndefined();
	});
});
