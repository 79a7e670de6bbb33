import { FieldError } from '../../../nodes/shared/fields/params';
import { email, list, oneOf, pathSegment, pattern, phone, required, url, wholeNumber } from '../../../nodes/shared/fields/rules';
import { fieldError } from '../../helpers/field-error';

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

describe('wholeNumber', () => {
	it.each(['0', '1', '42', '007', '1234567890123456789012345'])('accepts %s unchanged', (value) => {
		expect(wholeNumber(value, 'Brand ID')).toBe(value);
	});

	it('accepts an empty value (use required for mandatory fields)', () => {
		expect(wholeNumber('', 'Brand ID')).toBe('');
	});

	it.each([
		['a negative number', '-1'],
		['a plus sign', '+1'],
		['a decimal', '1.5'],
		['a trailing dot', '1.'],
		['a decimal comma', '1,5'],
		['an exponent', '1e3'],
		['hex', '0x1F'],
		['letters', 'abc'],
		['digits then letters', '12a'],
		['a space inside', '1 2'],
		['a leading space', ' 1'],
		['a trailing space', '1 '],
		['a trailing newline', '1\n'],
		['Arabic-Indic digits', '١٢'],
		['full-width digits', '１２'],
		['a thousands separator', '1,000'],
		['Infinity', 'Infinity'],
		['NaN', 'NaN'],
	])('rejects %s', (_name, value) => {
		const error = fieldError(() => wholeNumber(value, 'Brand ID'));
		expect(error).toBeInstanceOf(FieldError);
		expect(error.field).toBe('Brand ID');
		expect(error.problem).toBe(`"${value}" is not a whole number`);
		expect(error.hint).toBe('Brand ID is a numeric ID, e.g. 1');
		expect(error.message).toBe(`Brand ID: "${value}" is not a whole number`);
	});

	it('names the field in the hint', () => {
		expect(fieldError(() => wholeNumber('x', 'Customer ID')).hint).toBe('Customer ID is a numeric ID, e.g. 1');
	});

	it('shortens a long value in the message', () => {
		const value = `${'1'.repeat(70)}x`;
		expect(fieldError(() => wholeNumber(value, 'Ticket ID')).problem).toBe(`"${'1'.repeat(57)}..." is not a whole number`);
	});
});

describe('url', () => {
	it.each([
		'https://shop.example.com/orders/1',
		'http://example.com',
		'https://example.com/',
		'HTTPS://EXAMPLE.COM/Path',
		'https://localhost:8080/x?y=1&z=2#frag',
		'http://127.0.0.1:3000',
		'https://[::1]/',
		'https://user:secret@example.com/',
		'https://例子.测试/路径',
		'https://example.com/a%20b?q=%C3%A9',
	])('accepts %s unchanged', (value) => {
		expect(url(value, 'Source URL')).toBe(value);
	});

	it('accepts an empty value', () => {
		expect(url('', 'Source URL')).toBe('');
	});

	it.each([
		['an ftp URL', 'ftp://example.com/file'],
		['a websocket URL', 'ws://example.com'],
		['a mailto URL', 'mailto:a@example.com'],
		['a javascript URL', 'javascript:alert(1)'],
		['a data URL', 'data:text/html,<b>x</b>'],
		['a file URL', 'file:///etc/passwd'],
		['a missing scheme', 'shop.example.com/orders/1'],
		['a protocol-relative URL', '//shop.example.com'],
		['a relative path', '/orders/1'],
		['a scheme without a host', 'https://'],
		['a space in the host', 'https://exa mple.com'],
		['a port out of range', 'https://example.com:99999'],
		['plain text', 'not a url'],
		['a bare scheme', 'https'],
	])('rejects %s', (_name, value) => {
		const error = fieldError(() => url(value, 'Source URL'));
		expect(error).toBeInstanceOf(FieldError);
		expect(error.field).toBe('Source URL');
		expect(error.problem).toBe(`"${value}" is not an http(s) URL`);
		expect(error.hint).toBe('Use a full address such as https://shop.example.com/orders/1');
		expect(error.message).toBe(`Source URL: "${value}" is not an http(s) URL`);
	});

	it('shortens a long value in the message', () => {
		const value = `ftp://${'a'.repeat(80)}.com`;
		expect(fieldError(() => url(value, 'Source URL')).problem).toBe(`"${value.slice(0, 57)}..." is not an http(s) URL`);
	});
});

describe('pathSegment', () => {
	it.each(['1', 'abc', '...', '.a', 'a.', '../admin', 'a/b', '%2E%2E', ' ..'])('accepts %s unchanged (it is encoded where it is used)', (value) => {
		expect(pathSegment(value, 'External ID')).toBe(value);
	});

	it.each(['.', '..'])('refuses the dot segment %s, which no encoding keeps in place', (value) => {
		const error = fieldError(() => pathSegment(value, 'External ID'));
		expect(error.field).toBe('External ID');
		expect(error.problem).toBe(`"${value}" cannot be used as an ID`);
	});
});
