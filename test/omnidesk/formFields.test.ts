import { channels, customFields, withoutEmpty, num } from '../../nodes/Omnidesk/customer/formFields';
import { FieldError, Params } from '../../nodes/shared/fields/params';
import { fieldError } from '../helpers/field-error';

const TELEPHONE_HINT = 'Use + and the country code, digits only, e.g. +31612345678';
const CHANNEL_HINT = 'Use email, telephone, facebook, twitter or the numeric ID of a channel';

describe('form', () => {
	it('leaves out undefined and empty values, keeping the order of the rest', () => {
		const result = withoutEmpty({ b: 'x', a: undefined, c: '', d: '0', e: ' ', f: 'false' });
		expect(result).toEqual({ b: 'x', d: '0', e: ' ', f: 'false' });
		expect(Object.keys(result)).toEqual(['b', 'd', 'e', 'f']);
	});

	it('is empty for no fields or only empty ones', () => {
		expect(withoutEmpty({})).toEqual({});
		expect(withoutEmpty({ a: '', b: undefined })).toEqual({});
	});
});


describe('customFields', () => {
	it('is empty when nothing is given', () => {
		expect(customFields(Params.of({}))).toEqual({});
		expect(customFields(Params.of({ customFieldsInput: 'fields', customFields: {} }))).toEqual({});
		expect(customFields(Params.of({ customFieldsInput: 'fields', customFields: { field: [] } }))).toEqual({});
		expect(customFields(Params.of({ customFieldsInput: 'json' }))).toEqual({});
		expect(customFields(Params.of({ customFieldsInput: 'json', customFieldsJson: '' }))).toEqual({});
	});

	it('ignores a field list that is not a list', () => {
		expect(customFields(Params.of({ customFields: { field: { name: 'a', value: 'b' } } }))).toEqual({});
		expect(customFields(Params.of({ customFields: 'a=b' }))).toEqual({});
	});

	it('turns the list into custom_ fields, in order, as text', () => {
		const params = Params.of({
			customFieldsInput: 'fields',
			customFields: {
				field: [
					{ name: 'testfield', value: 'text' },
					{ name: ' custom_other ', value: 5 },
					{ name: 'flag', value: true },
					{ name: 'off', value: false },
					{ name: 'blank', value: '' },
					{ name: 'nothing', value: null },
					{ name: 'missing' },
					{ name: 12, value: 'numeric name' },
					{ name: 'é中', value: 'é 中文 🙂' },
				],
			},
		});
		const result = customFields(params);
		expect(result).toEqual({
			custom_testfield: 'text',
			custom_other: '5',
			custom_flag: 'true',
			custom_off: 'false',
			custom_blank: '',
			custom_nothing: '',
			custom_missing: '',
			custom_12: 'numeric name',
			'custom_é中': 'é 中文 🙂',
		});
		expect(Object.keys(result)).toEqual([
			'custom_testfield',
			'custom_other',
			'custom_flag',
			'custom_off',
			'custom_blank',
			'custom_nothing',
			'custom_missing',
			'custom_12',
			'custom_é中',
		]);
	});

	it('uses the list when the input mode is not given', () => {
		expect(customFields(Params.of({ customFields: { field: [{ name: 'a', value: 'b' }] } }))).toEqual({ custom_a: 'b' });
	});

	it('strips the custom_ prefix only once', () => {
		expect(customFields(Params.of({ customFields: { field: [{ name: 'custom_custom_x', value: '1' }] } }))).toEqual({
			custom_custom_x: '1',
		});
	});

	it('ignores the JSON in list mode and the list in JSON mode', () => {
		const both = { customFields: { field: [{ name: 'fromList', value: '1' }] }, customFieldsJson: '{"fromJson":"2"}' };
		expect(customFields(Params.of({ ...both, customFieldsInput: 'fields' }))).toEqual({ custom_fromList: '1' });
		expect(customFields(Params.of({ ...both, customFieldsInput: 'json' }))).toEqual({ custom_fromJson: '2' });
	});

	it.each([
		['an empty name', { name: '', value: 'x' }, 'needs a name'],
		['a blank name', { name: '   ', value: 'x' }, 'needs a name'],
		['only the prefix', { name: 'custom_', value: 'x' }, 'needs a name'],
		['a missing entry', null, 'needs a name'],
	])('rejects %s in the list', (_name, entry, problem) => {
		const error = fieldError(() => customFields(Params.of({ customFields: { field: [{ name: 'ok', value: '1' }, entry] } })));
		expect(error.field).toBe('Custom Fields › Field 2');
		expect(error.problem).toBe(problem);
		expect(error.hint).toBe('Enter a name for each of the Custom Fields');
	});

	it('rejects a name with spaces inside', () => {
		const error = fieldError(() => customFields(Params.of({ customFields: { field: [{ name: 'my field', value: 'x' }] } })));
		expect(error.field).toBe('Custom Fields › Field 1');
		expect(error.problem).toBe('name "my field" contains spaces');
		expect(error.hint).toBe('Custom field names have no spaces; use the name shown in Omnidesk');
	});

	it('rejects a field given twice, with or without the prefix', () => {
		const error = fieldError(() =>
			customFields(Params.of({ customFields: { field: [{ name: 'a', value: '1' }, { name: 'b', value: '2' }, { name: 'custom_a', value: '3' }] } })),
		);
		expect(error.field).toBe('Custom Fields › Field 3');
		expect(error.problem).toBe('"a" is given twice');
		expect(error.hint).toBe('Give each of the Custom Fields once');
	});

	it.each([
		['an object', { a: 1 }, 'an object'],
		['a list', ['a'], 'a list'],
	])('rejects %s as a value', (_name, value, described) => {
		const error = fieldError(() => customFields(Params.of({ customFields: { field: [{ name: 'a', value }] } })));
		expect(error.field).toBe('Custom Fields › Field 1');
		expect(error.problem).toBe(`value must be text, a number or true/false, got ${described}`);
	});

	it('rejects a name that is not text', () => {
		const error = fieldError(() => customFields(Params.of({ customFields: { field: [{ name: { x: 1 }, value: 'a' }] } })));
		expect(error).toBeInstanceOf(FieldError);
		expect(error.field).toBe('Custom Fields › Field 1 › Name');
		expect(error.problem).toBe('must be text, got an object');
	});

	it('reads JSON text', () => {
		const params = Params.of({
			customFieldsInput: 'json',
			customFieldsJson: '{"testfield": "text", "custom_n": 5, "b": false, "z": null, "u": "中文 \\"q\\""}',
		});
		expect(customFields(params)).toEqual({ custom_testfield: 'text', custom_n: '5', custom_b: 'false', custom_z: '', custom_u: '中文 "q"' });
	});

	it('reads a JSON object from an expression', () => {
		expect(customFields(Params.of({ customFieldsInput: 'json', customFieldsJson: { a: 'x', ' b ': 1.5 } }))).toEqual({
			custom_a: 'x',
			custom_b: '1.5',
		});
	});

	it('rejects invalid JSON', () => {
		const error = fieldError(() => customFields(Params.of({ customFieldsInput: 'json', customFieldsJson: '{"a": }' })));
		expect(error.field).toBe('Custom Fields (JSON)');
		expect(error.problem).toMatch(/^is not valid JSON \(.+\)$/);
		expect(error.hint).toBe('Check the JSON for missing quotes, commas or brackets');
	});

	it('rejects JSON that is not an object', () => {
		const error = fieldError(() => customFields(Params.of({ customFieldsInput: 'json', customFieldsJson: '["a"]' })));
		expect(error.field).toBe('Custom Fields (JSON)');
		expect(error.problem).toBe('must be a JSON object, got a list');
	});

	it.each([
		['a name with spaces', '{"my field": "x"}', 'Custom Fields (JSON) › my field', 'name "my field" contains spaces'],
		['an empty name', '{"": "x"}', 'Custom Fields (JSON) › ', 'needs a name'],
		['a nested object', '{"a": {"b": 1}}', 'Custom Fields (JSON) › a', 'value must be text, a number or true/false, got an object'],
		['a list value', '{"a": [1]}', 'Custom Fields (JSON) › a', 'value must be text, a number or true/false, got a list'],
		['a field given twice', '{"a": "1", "custom_a": "2"}', 'Custom Fields (JSON) › custom_a', '"a" is given twice'],
	])('rejects %s in the JSON, naming the field', (_name, json, field, problem) => {
		const error = fieldError(() => customFields(Params.of({ customFieldsInput: 'json', customFieldsJson: json })));
		expect(error.field).toBe(field);
		expect(error.problem).toBe(problem);
	});
});


describe('channels', () => {
	it('is empty when no channel is given', () => {
		expect(channels(Params.of({}))).toEqual({});
		expect(channels(Params.of({ channels: {} }))).toEqual({});
		expect(channels(Params.of({ channels: { channel: [] } }))).toEqual({});
		expect(channels(Params.of({ channels: { channel: { type: 'email', value: 'a@example.com' } } }))).toEqual({});
	});

	it('numbers the channels from 0, in order', () => {
		const result = channels(
			Params.of({
				channels: {
					channel: [
						{ type: 'email', value: 'ann@example.com' },
						{ type: 'telephone', value: '+31612345678' },
						{ type: 'facebook', value: 'ann.lee' },
						{ type: 'twitter', value: 'ann_lee' },
						{ type: 7, value: 'custom address' },
					],
				},
			}),
		);
		expect(result).toEqual({
			customerChannelType_0: 'email',
			customerChannelValue_0: 'ann@example.com',
			customerChannelType_1: 'telephone',
			customerChannelValue_1: '+31612345678',
			customerChannelType_2: 'facebook',
			customerChannelValue_2: 'ann.lee',
			customerChannelType_3: 'twitter',
			customerChannelValue_3: 'ann_lee',
			customerChannelType_4: '7',
			customerChannelValue_4: 'custom address',
		});
		expect(Object.keys(result)).toEqual([
			'customerChannelType_0',
			'customerChannelValue_0',
			'customerChannelType_1',
			'customerChannelValue_1',
			'customerChannelType_2',
			'customerChannelValue_2',
			'customerChannelType_3',
			'customerChannelValue_3',
			'customerChannelType_4',
			'customerChannelValue_4',
		]);
	});

	it('trims type and value', () => {
		expect(channels(Params.of({ channels: { channel: [{ type: ' email ', value: ' ann@example.com ' }] } }))).toEqual({
			customerChannelType_0: 'email',
			customerChannelValue_0: 'ann@example.com',
		});
	});

	it.each([
		['a missing type', { value: 'a@example.com' }, 'Channels › Channel 2 › Type', 'is required', undefined],
		['a missing entry', null, 'Channels › Channel 2 › Type', 'is required', undefined],
		[
			'an unknown type',
			{ type: 'vk', value: 'x' },
			'Channels › Channel 2 › Type',
			'"vk" does not match the pattern ^([0-9]+|email|telephone|facebook|twitter)$',
			CHANNEL_HINT,
		],
		['a missing value', { type: 'email' }, 'Channels › Channel 2 › Value', 'is required', 'Enter the address on this channel'],
		['a blank value', { type: 'facebook', value: '  ' }, 'Channels › Channel 2 › Value', 'is required', 'Enter the address on this channel'],
		[
			'a bad email',
			{ type: 'email', value: 'ann' },
			'Channels › Channel 2 › Value',
			'"ann" is not a valid email address',
			'Use an address like name@example.com',
		],
		[
			'a telephone without +',
			{ type: 'telephone', value: '0612345678' },
			'Channels › Channel 2 › Value',
			'"0612345678" does not match the pattern ^\\+[0-9]+$',
			TELEPHONE_HINT,
		],
		[
			'a twitter handle with @',
			{ type: 'twitter', value: '@ann' },
			'Channels › Channel 2 › Value',
			'"@ann" does not match the pattern ^[a-zA-Z0-9_ ]+$',
			'Use the account name: letters, digits and underscores',
		],
	])('rejects %s, naming the channel', (_name, entry, field, problem, hint) => {
		const error = fieldError(() => channels(Params.of({ channels: { channel: [{ type: 'email', value: 'ok@example.com' }, entry] } })));
		expect(error.field).toBe(field);
		expect(error.problem).toBe(problem);
		expect(error.hint).toBe(hint);
	});

	it('rejects a value that is not text', () => {
		const error = fieldError(() => channels(Params.of({ channels: { channel: [{ type: 'email', value: ['a@example.com'] }] } })));
		expect(error.field).toBe('Channels › Channel 1 › Value');
		expect(error.problem).toBe('must be text, got a list');
	});
});


describe('num', () => {
	it.each([
		['a numeric text', '17', 17],
		['zero', '0', 0],
		['leading zeros', '007', 7],
		['15 digits', '123456789012345', 123456789012345],
	])('turns %s into a number', (_name, value, expected) => {
		expect(num(value)).toBe(expected);
	});

	it.each([
		['16 digits (beyond safe precision)', '1234567890123456'],
		['a negative number', '-1'],
		['a decimal', '1.5'],
		['letters', 'abc'],
		['a space', ' 1'],
	])('keeps %s as text', (_name, value) => {
		expect(num(value)).toBe(value);
	});

	it('is undefined when nothing was sent', () => {
		expect(num(undefined)).toBeUndefined();
		expect(num('')).toBeUndefined();
	});

	it('passes a number through', () => {
		expect(num(42)).toBe(42);
		expect(num(0)).toBe(0);
	});
});
