import { FieldError } from '../../nodes/shared/fields/params';
import { email, list, oneOf, pattern, phone, required } from '../../nodes/shared/fields/rules';
import { fieldError } from './field-error';

describe('required', () => {
	it('returns a non-empty value unchanged', () => {
		expect(required('abc', 'Name')).toBe('abc');
		expect(required('0', 'Name')).toBe('0');
	});

	it('rejects an empty value, naming the field', () => {
		const error = fieldError(() => required('', 'Customer ID'));
		expect(error.field).toBe('Customer ID');
		expect(error.problem).toBe('is required');
		expect(error.hint).toBeUndefined();
		expect(error.message).toBe('Customer ID: is required');
		expect(error.name).toBe('FieldError');
	});

	it('passes the hint on', () => {
		const error = fieldError(() => required('', 'Customer ID', 'Use the ID from the Create operation'));
		expect(error.hint).toBe('Use the ID from the Create operation');
	});
});

describe('email', () => {
	it.each([
		'name@example.com',
		'first.last+tag@sub.example.co.in',
		'a@b.c',
		'user_name-1@example-domain.org',
		"o'brien@example.ie",
	])('accepts %s', (value) => {
		expect(email(value, 'Email')).toBe(value);
	});

	it('accepts an empty value (use required for mandatory fields)', () => {
		expect(email('', 'Email')).toBe('');
	});

	it('accepts an address of 254 characters and refuses 255, the most SMTP carries', () => {
		const local = 'a'.repeat(64);
		const domain = (length: number) => `${'b'.repeat(length - local.length - 5)}.com`;
		const longest = `${local}@${domain(254)}`;
		expect(longest).toHaveLength(254);
		expect(email(longest, 'Email')).toBe(longest);
		const over = `${local}@${domain(255)}`;
		expect(() => email(over, 'Email')).toThrow('Email: is 255 characters long; an email address has at most 254');
	});

	it.each([
		['a space inside the local part', 'na me@example.com'],
		['a space inside the domain', 'name@exa mple.com'],
		['a leading space', ' name@example.com'],
		['a trailing space', 'name@example.com '],
		['a missing @', 'name.example.com'],
		['a missing dot in the domain', 'name@example'],
		['a missing local part', '@example.com'],
		['a missing domain', 'name@'],
		['a domain starting with the dot', 'name@.com'],
		['a domain ending with the dot', 'name@example.'],
		['two @', 'a@b@example.com'],
		['a comma (two addresses)', 'a@example.com,b@example.com'],
		['a semicolon', 'a@example.com;b@example.com'],
		['angle brackets', 'Name <name@example.com>'],
		['quotes', '"name"@example.com'],
		['plain text', 'not an email'],
	])('rejects %s', (_name, value) => {
		const error = fieldError(() => email(value, 'Email'));
		expect(error.field).toBe('Email');
		expect(error.problem).toBe(`"${value}" is not a valid email address`);
		expect(error.hint).toBe('Use an address like name@example.com');
	});

	it('shortens a long value in the message', () => {
		const value = `${'x'.repeat(70)}@example`;
		const error = fieldError(() => email(value, 'Email'));
		expect(error.problem).toBe(`"${'x'.repeat(57)}..." is not a valid email address`);
	});
});

describe('phone', () => {
	it.each([
		'+919090909090',
		'919090909090',
		'111-222-3333',
		'(020) 123 4567',
		'+44 20 7946 0958',
		'+1 (415) 555.0100',
		'1234567',
		'123456789012345',
		'+123456789012345',
	])('accepts %s', (value) => {
		expect(phone(value, 'Phone')).toBe(value);
	});

	it('accepts an empty value', () => {
		expect(phone('', 'Phone')).toBe('');
	});

	it.each([
		['letters', 'abc'],
		['too few digits after +', '+12'],
		['six digits', '123456'],
		['sixteen digits', '1234567890123456'],
		['a + in the middle', '91+9090909090'],
		['two +', '++919090909090'],
		['letters among digits', '+91 90909 ABCDE'],
		['an extension', '+919090909090 ext 12'],
		['a slash', '020/1234567'],
		['only separators', '(--) ..'],
	])('rejects %s', (_name, value) => {
		const error = fieldError(() => phone(value, 'Phone'));
		expect(error.field).toBe('Phone');
		expect(error.problem).toBe(`"${value}" is not a valid phone number`);
		expect(error.hint).toBe('Use the international format with country code, e.g. +919090909090');
	});
});

describe('pattern', () => {
	const code = /^[A-Z]{2}-\d+$/;

	it('returns a matching value', () => {
		expect(pattern('AB-12', 'Code', code, 'Like AB-12')).toBe('AB-12');
	});

	it('accepts an empty value', () => {
		expect(pattern('', 'Code', code, 'Like AB-12')).toBe('');
	});

	it('rejects a value that does not match, quoting the pattern and the hint', () => {
		const error = fieldError(() => pattern('ab-12', 'Code', code, 'Like AB-12'));
		expect(error.field).toBe('Code');
		expect(error.problem).toBe('"ab-12" does not match the pattern ^[A-Z]{2}-\\d+$');
		expect(error.hint).toBe('Like AB-12');
		expect(error.message).toBe('Code: "ab-12" does not match the pattern ^[A-Z]{2}-\\d+$');
	});
});

describe('oneOf', () => {
	it('passes when at least one value is present', () => {
		expect(() => oneOf({ Email: 'a@example.com', Phone: '' })).not.toThrow();
		expect(() => oneOf({ Email: undefined, Phone: '+919090909090' })).not.toThrow();
		expect(() => oneOf({ Email: 'a@example.com', Phone: '+919090909090' })).not.toThrow();
	});

	it('counts 0 and false as present', () => {
		expect(() => oneOf({ Count: 0 })).not.toThrow();
		expect(() => oneOf({ Flag: false })).not.toThrow();
	});

	it('rejects when every value is empty, undefined or null, naming all the fields', () => {
		const error = fieldError(() => oneOf({ Email: '', Phone: undefined, 'Customer ID': null }, 'Fill in one of them'));
		expect(error.field).toBe('Email or Phone or Customer ID');
		expect(error.problem).toBe('at least one of Email or Phone or Customer ID is required');
		expect(error.hint).toBe('Fill in one of them');
	});

	it('has no hint unless given one', () => {
		const error = fieldError(() => oneOf({ Email: '', Phone: '' }));
		expect(error.message).toBe('Email or Phone: at least one of Email or Phone is required');
		expect(error.hint).toBeUndefined();
	});
});

describe('list', () => {
	it.each([
		['undefined', undefined],
		['null', null],
		['an empty text', ''],
		['an empty array', []],
		['only commas and spaces', ' , ,, '],
	])('is empty for %s', (_name, value) => {
		expect(list(value, 'Tags')).toEqual([]);
	});

	it('trims the entries of an array and drops blank ones', () => {
		expect(list(['a', ' b ', '', '   ', 'c'], 'Tags')).toEqual(['a', 'b', 'c']);
	});

	it('splits comma-separated text, trimming and dropping blank entries', () => {
		expect(list('a, b,, ,c ', 'Tags')).toEqual(['a', 'b', 'c']);
		expect(list('single', 'Tags')).toEqual(['single']);
	});

	it('keeps the order and duplicates', () => {
		expect(list('b,a,b', 'Tags')).toEqual(['b', 'a', 'b']);
	});

	it('accepts numbers as entries', () => {
		expect(list([1, 2.5, 'x', 0], 'IDs')).toEqual(['1', '2.5', 'x', '0']);
		expect(list(42, 'IDs')).toEqual(['42']);
	});

	it('drops null and undefined entries of an array', () => {
		expect(list([null, 'x', undefined], 'Tags')).toEqual(['x']);
	});

	it.each([
		['an object', ['a', { id: 1 }], 'Tags (entry 2)', 'must be text, got an object'],
		['a nested list', [['a']], 'Tags (entry 1)', 'must be text, got a list'],
		['a boolean', ['a', 'b', true], 'Tags (entry 3)', 'must be text, got boolean true'],
		['NaN', [Number.NaN], 'Tags (entry 1)', 'must be text, got number NaN'],
		['an object after blank entries', ['', ' ', { id: 1 }], 'Tags (entry 3)', 'must be text, got an object'],
		['a single object', { id: 1 }, 'Tags (entry 1)', 'must be text, got an object'],
	])('rejects %s, naming the entry', (_name, value, field, problem) => {
		const error = fieldError(() => list(value, 'Tags'));
		expect(error).toBeInstanceOf(FieldError);
		expect(error.field).toBe(field);
		expect(error.problem).toBe(problem);
		expect(error.message).toBe(`${field}: ${problem}`);
	});
});
