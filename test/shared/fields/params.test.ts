import {
	FieldError,
	Params,
	asBoolean,
	asJsonObject,
	asNumber,
	asString,
	showValue,
} from '../../../nodes/shared/fields/params';
import { fieldError } from '../../helpers/field-error';

describe('FieldError', () => {
	it('carries the field, the problem and the hint', () => {
		const error = new FieldError('Email', 'is required', 'Fill it in');
		expect(error).toBeInstanceOf(Error);
		expect(error.name).toBe('FieldError');
		expect(error.message).toBe('Email: is required');
		expect(error.field).toBe('Email');
		expect(error.problem).toBe('is required');
		expect(error.hint).toBe('Fill it in');
	});
});

describe('Params.of', () => {
	describe('string', () => {
		it('trims text', () => {
			expect(Params.of({ name: '  Ann Lee  ' }).string('name', 'Name')).toBe('Ann Lee');
		});

		it('turns a finite number into its text', () => {
			expect(Params.of({ id: 42 }).string('id', 'ID')).toBe('42');
			expect(Params.of({ id: 2.5 }).string('id', 'ID')).toBe('2.5');
			expect(Params.of({ id: 0 }).string('id', 'ID')).toBe('0');
		});

		it('uses the fallback, default empty, only when the parameter is absent', () => {
			expect(Params.of({}).string('name', 'Name')).toBe('');
			expect(Params.of({}).string('name', 'Name', 'fallback')).toBe('fallback');
			expect(Params.of({}).string('name', 'Name', '  padded  ')).toBe('padded');
			expect(Params.of({ name: 'given' }).string('name', 'Name', 'fallback')).toBe('given');
			expect(Params.of({ name: '' }).string('name', 'Name', 'fallback')).toBe('');
		});

		it('accepts text up to 10,000 characters and refuses longer, naming the label and the length', () => {
			expect(Params.of({ name: 'é'.repeat(10_000) }).string('name', 'Name')).toHaveLength(10_000);
			// Surrounding spaces are trimmed first, so they do not count.
			expect(Params.of({ name: ` ${'a'.repeat(10_000)} ` }).string('name', 'Name')).toHaveLength(10_000);
			const error = fieldError(() => Params.of({ name: 'a'.repeat(10_001) }).string('name', 'Full Name'));
			expect(error.message).toBe('Full Name: is 10,001 characters long; at most 10,000 are accepted');
			expect(error.hint).toBe('Check which value the expression puts into this field');
		});

		it('refuses half of a character (a text cut inside an emoji) and keeps whole ones', () => {
			expect(Params.of({ name: 'Zoë 😀 عربي' }).string('name', 'Name')).toBe('Zoë 😀 عربي');
			for (const half of ['😀'.slice(0, 1), 'a😀'.slice(0, 2), '😀'.slice(1)]) {
				const error = fieldError(() => Params.of({ name: half }).string('name', 'Name'));
				expect(error.message).toBe('Name: contains half of a character (an unpaired UTF-16 surrogate), which cannot be sent as it is');
			}
		});

		it('reads null as empty text', () => {
			expect(Params.of({ name: null }).string('name', 'Name', 'fallback')).toBe('');
		});

		it.each([
			['an object', { a: 1 }, 'an object'],
			['an array', ['a'], 'a list'],
			['true', true, 'boolean true'],
			['false', false, 'boolean false'],
		])('rejects %s, naming the label', (_name, value, described) => {
			const error = fieldError(() => Params.of({ name: value }).string('name', 'Full Name'));
			expect(error.field).toBe('Full Name');
			expect(error.problem).toBe(`must be text, got ${described}`);
			expect(error.message).toBe(`Full Name: must be text, got ${described}`);
		});
	});

	describe('boolean', () => {
		it('reads booleans and their text', () => {
			const params = Params.of({ a: true, b: false, c: 'true', d: 'false' });
			expect(params.boolean('a', 'A')).toBe(true);
			expect(params.boolean('b', 'B')).toBe(false);
			expect(params.boolean('c', 'C')).toBe(true);
			expect(params.boolean('d', 'D')).toBe(false);
		});

		it('uses the fallback, default false, when absent', () => {
			expect(Params.of({}).boolean('flag', 'Flag')).toBe(false);
			expect(Params.of({}).boolean('flag', 'Flag', true)).toBe(true);
			expect(Params.of({ flag: false }).boolean('flag', 'Flag', true)).toBe(false);
		});

		it.each([
			['other text', 'yes', '"yes"'],
			['upper-case text', 'TRUE', '"TRUE"'],
			['a number', 1, 'number 1'],
			['null', null, 'null'],
			['an object', {}, 'an object'],
		])('rejects %s, naming the label', (_name, value, described) => {
			const error = fieldError(() => Params.of({ flag: value }).boolean('flag', 'Send Welcome'));
			expect(error.message).toBe(`Send Welcome: must be true or false, got ${described}`);
		});
	});

	describe('number', () => {
		it('reads numbers and numeric text', () => {
			const params = Params.of({ a: 5, b: '5', c: ' 2.5 ', d: -3, e: 0 });
			expect(params.number('a', 'A')).toBe(5);
			expect(params.number('b', 'B')).toBe(5);
			expect(params.number('c', 'C')).toBe(2.5);
			expect(params.number('d', 'D')).toBe(-3);
			expect(params.number('e', 'E', 9)).toBe(0);
		});

		it('uses the fallback, default 0, when absent', () => {
			expect(Params.of({}).number('limit', 'Limit')).toBe(0);
			expect(Params.of({}).number('limit', 'Limit', 50)).toBe(50);
		});

		it.each([
			['empty text', '', 'an empty text'],
			['only spaces', '   ', '"   "'],
			['letters', 'abc', '"abc"'],
			['NaN', Number.NaN, 'number NaN'],
			['Infinity', Number.POSITIVE_INFINITY, 'number Infinity'],
			['the text Infinity', 'Infinity', '"Infinity"'],
			['a boolean', true, 'boolean true'],
			['null', null, 'null'],
			['a list', [1], 'a list'],
		])('rejects %s, naming the label', (_name, value, described) => {
			const error = fieldError(() => Params.of({ limit: value }).number('limit', 'Limit'));
			expect(error.message).toBe(`Limit: must be a number, got ${described}`);
		});
	});

	describe('collection', () => {
		it('returns the object itself', () => {
			const options = { concurrency: 2, nested: { a: 1 } };
			expect(Params.of({ options }).collection('options')).toBe(options);
		});

		it.each([
			['absent', {}],
			['null', { options: null }],
			['an array', { options: [1, 2] }],
			['text', { options: 'x' }],
			['a number', { options: 3 }],
		])('is an empty object when %s', (_name, values) => {
			expect(Params.of(values).collection('options')).toEqual({});
		});
	});

	describe('jsonObject', () => {
		it('parses JSON text into an object', () => {
			expect(Params.of({ body: '{"a":1,"b":{"c":[1,"x"]},"d":null}' }).jsonObject('body', 'Body')).toEqual({
				a: 1,
				b: { c: [1, 'x'] },
				d: null,
			});
			expect(Params.of({ body: '  {}  ' }).jsonObject('body', 'Body')).toEqual({});
		});

		it('reads empty text, or an absent parameter, as an empty object', () => {
			expect(Params.of({ body: '' }).jsonObject('body', 'Body')).toEqual({});
			expect(Params.of({}).jsonObject('body', 'Body')).toEqual({});
		});

		it('returns an object from an expression as it is', () => {
			const body = { a: 1 };
			expect(Params.of({ body }).jsonObject('body', 'Body')).toBe(body);
		});

		it.each(['{bad', '{"a":1,}', "{'a':1}", '{"a":1'])('rejects invalid JSON %j, naming the label', (text) => {
			let parseMessage = '';
			try {
				JSON.parse(text);
			} catch (error) {
				parseMessage = (error as Error).message;
			}
			const error = fieldError(() => Params.of({ body: text }).jsonObject('body', 'Custom Fields'));
			expect(error.field).toBe('Custom Fields');
			expect(error.problem).toBe(`is not valid JSON (${parseMessage})`);
			expect(error.message).toMatch(/^Custom Fields: is not valid JSON \(/);
			expect(error.hint).toBe('Check the JSON for missing quotes, commas or brackets');
		});

		it.each([
			['a JSON array', '[1,2]', 'a list'],
			['an empty JSON array', '[]', 'a list'],
			['JSON null', 'null', 'null'],
			['a JSON number', '42', 'number 42'],
			['a JSON string', '"text"', '"text"'],
			['a JSON boolean', 'true', 'boolean true'],
			['an array from an expression', [{ a: 1 }], 'a list'],
			['null from an expression', null, 'null'],
			['a number from an expression', 7, 'number 7'],
		])('rejects %s: must be a JSON object', (_name, value, described) => {
			const error = fieldError(() => Params.of({ body: value }).jsonObject('body', 'Custom Fields'));
			expect(error.field).toBe('Custom Fields');
			expect(error.problem).toBe(`must be a JSON object, got ${described}`);
			expect(error.message).toBe(`Custom Fields: must be a JSON object, got ${described}`);
			expect(error.hint).toBeUndefined();
		});
	});

	describe('raw', () => {
		it('returns the value untouched, or the fallback when absent', () => {
			const value = { a: [1] };
			expect(Params.of({ x: value }).raw('x')).toBe(value);
			expect(Params.of({ x: '  t  ' }).raw('x')).toBe('  t  ');
			expect(Params.of({}).raw('x', 'fb')).toBe('fb');
			expect(Params.of({}).raw('x')).toBeUndefined();
		});
	});
});

describe('Params with a getter', () => {
	it('asks the getter with the fallback of each accessor', () => {
		const get = jest.fn((_name: string, fallback: unknown) => fallback);
		const params = new Params(get);
		params.string('s', 'S');
		params.string('s2', 'S2', 'x');
		params.boolean('b', 'B');
		params.number('n', 'N');
		params.collection('c');
		params.jsonObject('j', 'J');
		params.raw('r');
		expect(get.mock.calls).toEqual([
			['s', ''],
			['s2', 'x'],
			['b', false],
			['n', 0],
			['c', {}],
			['j', '{}'],
			['r', undefined],
		]);
	});
});

describe('asString', () => {
	it('returns trimmed text, the text of a finite number, or empty for null/undefined', () => {
		expect(asString(' a ', 'L')).toBe('a');
		expect(asString(-1.5, 'L')).toBe('-1.5');
		expect(asString(undefined, 'L')).toBe('');
		expect(asString(null, 'L')).toBe('');
	});

	it.each([
		[{}, 'an object'],
		[{ a: 1 }, 'an object'],
		[[], 'a list'],
		[['a', 'b'], 'a list'],
		[true, 'boolean true'],
		[false, 'boolean false'],
		[Number.NaN, 'number NaN'],
		[Number.NEGATIVE_INFINITY, 'number -Infinity'],
	])('rejects %p, naming the label', (value, described) => {
		const error = fieldError(() => asString(value, 'Last Name'));
		expect(error.field).toBe('Last Name');
		expect(error.message).toBe(`Last Name: must be text, got ${described}`);
	});
});

describe('asBoolean / asNumber / asJsonObject', () => {
	it('behave like the Params getters', () => {
		expect(asBoolean('true', 'L')).toBe(true);
		expect(() => asBoolean('1', 'L')).toThrow(new FieldError('L', 'must be true or false, got "1"'));
		expect(asNumber('1e3', 'L')).toBe(1000);
		expect(() => asNumber('1,5', 'L')).toThrow('L: must be a number, got "1,5"');
		expect(asJsonObject('{"x":true}', 'L')).toEqual({ x: true });
		expect(() => asJsonObject('[]', 'L')).toThrow('L: must be a JSON object, got a list');
	});
});

describe('describe', () => {
	it.each([
		[null, 'null'],
		[[], 'a list'],
		[[1, 2], 'a list'],
		[{}, 'an object'],
		['', 'an empty text'],
		['abc', '"abc"'],
		[5, 'number 5'],
		[true, 'boolean true'],
	])('describes %p as %s', (value, expected) => {
		expect(showValue(value)).toBe(expected);
	});

	it('keeps text of 60 characters and shortens longer text to 57 plus an ellipsis', () => {
		expect(showValue('a'.repeat(60))).toBe(`"${'a'.repeat(60)}"`);
		expect(showValue('a'.repeat(61))).toBe(`"${'a'.repeat(57)}..."`);
		expect(showValue(`${'b'.repeat(57)}SECRET-TAIL`)).toBe(`"${'b'.repeat(57)}..."`);
	});

	it('shortens long numbers too', () => {
		expect(showValue(1e300)).toBe('number 1e+300');
		expect(showValue(BigInt('1'.repeat(70)))).toBe(`bigint ${'1'.repeat(57)}...`);
	});
});
