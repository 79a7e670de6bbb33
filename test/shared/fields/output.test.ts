import { answerFields, confirmation, oneRecord, record, resultsOrNotFound } from '../../../nodes/shared/fields/output';

describe('answerFields', () => {
	it('returns a JSON object as it is', () => {
		const body = { id: 5, name: 'Ann', nested: { a: [1] } };
		expect(answerFields(body)).toBe(body);
	});

	it('turns a text answer into message, trimmed', () => {
		expect(answerFields('OK')).toEqual({ message: 'OK' });
		expect(answerFields('  Customer deleted\r\n')).toEqual({ message: 'Customer deleted' });
	});

	it.each([
		['undefined', undefined],
		['null', null],
		['an empty text', ''],
		['a blank text', ' \r\n\t '],
		['an array', [{ id: 1 }]],
		['an empty array', []],
		['a number', 42],
		['zero', 0],
		['true', true],
		['false', false],
	])('gives no fields for %s', (_name, body) => {
		expect(answerFields(body)).toEqual({});
	});
});

describe('confirmation', () => {
	it('is the facts alone for a "No content" answer', () => {
		expect(confirmation('', { deleted: true, customerId: '17' })).toEqual({ deleted: true, customerId: '17' });
		expect(confirmation(undefined, { deleted: true, customerId: '17' })).toEqual({ deleted: true, customerId: '17' });
		expect(confirmation(null, { deleted: true })).toEqual({ deleted: true });
	});

	it('adds the provider’s answer to the facts', () => {
		expect(confirmation({ customer: { customer_id: 17 }, status: 'ok' }, { updated: true, customerId: '17' })).toEqual({
			updated: true,
			customerId: '17',
			customer: { customer_id: 17 },
			status: 'ok',
		});
	});

	it('lets the facts win on a name clash', () => {
		expect(confirmation({ deleted: false, customerId: 99, extra: 'x' }, { deleted: true, customerId: '17' })).toEqual({
			deleted: true,
			customerId: '17',
			extra: 'x',
		});
	});

	it('puts the facts first', () => {
		expect(Object.keys(confirmation({ z: 1, deleted: false, a: 2 }, { deleted: true, id: '1' }))).toEqual(['deleted', 'id', 'z', 'a']);
	});

	it('drops undefined and empty facts, and then the answer’s field of that name shows', () => {
		expect(confirmation({}, { updated: true, brandId: undefined, email: '', customerId: '17' })).toEqual({
			updated: true,
			customerId: '17',
		});
		expect(confirmation({ email: 'a@b.co' }, { updated: true, email: '' })).toEqual({ updated: true, email: 'a@b.co' });
	});

	it('keeps facts that are falsy but meaningful', () => {
		expect(confirmation('', { deleted: false, count: 0, note: null })).toEqual({ deleted: false, count: 0, note: null });
	});

	it('turns a text answer into message', () => {
		expect(confirmation('Customer was deleted', { deleted: true, customerId: '17' })).toEqual({
			deleted: true,
			customerId: '17',
			message: 'Customer was deleted',
		});
		expect(confirmation('  OK\n', { deleted: true })).toEqual({ deleted: true, message: 'OK' });
	});

	it('lets a message fact win over a text answer', () => {
		expect(confirmation('from the server', { message: 'ours' })).toEqual({ message: 'ours' });
	});

	it('ignores an answer that is a list or a scalar', () => {
		expect(confirmation([{ id: 1 }], { created: true })).toEqual({ created: true });
		expect(confirmation(1, { created: true })).toEqual({ created: true });
		expect(confirmation(true, { created: true })).toEqual({ created: true });
	});

	it('changes neither the facts nor the answer', () => {
		const body = { deleted: false, extra: 1 };
		const facts = { deleted: true, email: '' };
		confirmation(body, facts);
		expect(body).toEqual({ deleted: false, extra: 1 });
		expect(facts).toEqual({ deleted: true, email: '' });
	});
});

describe('resultsOrNotFound', () => {
	const query = { email: 'ann@example.com', brandId: '3' };

	it('gives one item per object of a list', () => {
		expect(resultsOrNotFound([{ id: 1 }, { id: 2 }], query)).toEqual([{ id: 1 }, { id: 2 }]);
	});

	it('drops the entries of a list that are not objects', () => {
		expect(resultsOrNotFound([{ id: 1 }, null, 3, 'x', undefined, { id: 2 }], query)).toEqual([{ id: 1 }, { id: 2 }]);
	});

	it('gives one item per object of items', () => {
		expect(resultsOrNotFound({ items: [{ id: 1 }, { id: 2 }], itemTotal: 2 }, query)).toEqual([{ id: 1 }, { id: 2 }]);
		expect(resultsOrNotFound({ items: [{ id: 1 }, null, 'x'] }, query)).toEqual([{ id: 1 }]);
	});

	it.each([
		['an empty list', []],
		['a list of non-objects', [null, 1, 'x']],
		['empty items', { items: [] }],
		['empty items with a total', { items: [], itemTotal: 0 }],
		['items of non-objects', { items: [null, 'x'] }],
		['an empty object', {}],
		['an empty text', ''],
		['a blank text', '  \n'],
		['undefined', undefined],
		['null', null],
		['zero', 0],
		['false', false],
	])('gives found: false with the query for %s', (_name, body) => {
		expect(resultsOrNotFound(body, query)).toEqual({ found: false, email: 'ann@example.com', brandId: '3' });
	});

	it('gives just found: false when the query is empty', () => {
		expect(resultsOrNotFound(undefined, {})).toEqual({ found: false });
	});

	it('gives a single object as one item', () => {
		expect(resultsOrNotFound({ customer: { customer_id: 17 } }, query)).toEqual([{ customer: { customer_id: 17 } }]);
	});

	it('gives an object whose items is not a list as itself', () => {
		expect(resultsOrNotFound({ items: { id: 1 } }, query)).toEqual([{ items: { id: 1 } }]);
		expect(resultsOrNotFound({ items: null, note: 'x' }, query)).toEqual([{ items: null, note: 'x' }]);
	});

	it('gives a text answer as one message item', () => {
		expect(resultsOrNotFound(' No timeline yet ', query)).toEqual([{ message: 'No timeline yet' }]);
	});
});

describe('oneRecord and record: a single record however it is wrapped', () => {
	const customer = { id: 7, firstname: 'Anna' };

	it.each([
		['a bare object', customer],
		['{item: {...}}', { type: 'result', item: customer }],
		['{data: {...}}', { data: customer }],
		['a one-element items list', { itemTotal: 1, items: [customer] }],
	])('unwraps %s', (_shape, body) => {
		expect(oneRecord(body)).toEqual(customer);
		expect(record(body)).toEqual(customer);
	});

	it.each([
		['a record with a field named data', { id: 7, data: { note: 'x' } }],
		['a record with a field named item', { id: 7, item: { sku: 'x' } }],
		['two items', { items: [customer, { id: 8 }] }],
		['no items', { items: [] }],
		['data that is a list', { data: [customer] }],
		['data that is text', { data: 'x' }],
	])('leaves %s as it is', (_shape, body) => {
		expect(oneRecord(body)).toBe(body);
	});

	it('a text answer becomes message, no answer no fields', () => {
		expect(record('Customer updated.')).toEqual({ message: 'Customer updated.' });
		expect(record(undefined)).toEqual({});
	});

	it('a bare list stays a list of its objects', () => {
		expect(record([customer, 3])).toEqual([customer]);
	});
});
