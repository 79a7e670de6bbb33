import { FieldError } from '../../nodes/shared/fields/params';
import { pathSegment, url, wholeNumber } from '../../nodes/shared/fields/rules';
import { fieldError } from './field-error';

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
