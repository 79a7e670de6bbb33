import { channels, customFields, withoutEmpty, num } from '../../nodes/Omnidesk/customer/formFields';
import { PATTERNS, channelAddress, channelId, id, personName, requireChange, telephone } from '../../nodes/Omnidesk/customer/validate';
import { FieldError, Params } from '../../nodes/shared/fields/params';
import { fieldError } from '../shared/field-error';

const NAME_HINT =
	'Omnidesk accepts letters a–z, the Western European accented letters (À–ÿ, Š, š), spaces, dots, dashes and apostrophes';
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

describe('personName', () => {
	it('accepts exactly the characters of the pattern doc 003 prints', () => {
		// The pattern as Omnidesk's documentation writes it (with escapes that change nothing inside a class),
		// pasted from the document, not from the code: every character up to U+3000 must be judged alike.
		const documented = new RegExp("^[a-zA-ZÀ-ÖØ-Þß-öø-ÿŠš\\.\\-\\' ]+$");
		const differing: number[] = [];
		for (let code = 0; code <= 0x3000; code++) {
			const char = String.fromCodePoint(code);
			if (PATTERNS.name.test(char) !== documented.test(char)) differing.push(code);
		}
		expect(differing).toEqual([]);
	});

	it.each([
		'Ann',
		'José',
		'Müller',
		'François',
		'Núñez',
		'Søren Kierkegaard',
		'Þórunn',
		'Ærøskøbing',
		'Groß',
		'Ýmir',
		'Raÿ',
		'Šimon',
		'šárka',
		'ÀÉÎÕÜ àéîõü',
		"O'Brien",
		'Anne-Marie',
		'J. R. R.',
		'de la Cruz',
		'ZOË',
	])('accepts %s', (value) => {
		expect(personName(value, 'First Name')).toBe(value);
	});

	it('accepts an empty value', () => {
		expect(personName('', 'First Name')).toBe('');
	});

	it('sends a decomposed accent (e + combining accent) as the composed letter', () => {
		expect(personName('Jose\u0301', 'First Name')).toBe('José');
		expect(personName('Zoe\u0308', 'First Name')).toBe('Zo\u00eb');
	});

	it.each([
		['ć', 'ć'],
		['a name with ć', 'Ćosić'],
		['Ž', 'Žižek'],
		['Ł', 'Łukasz'],
		['Œ', 'Œuvre'],
		['capital Ÿ', 'Ÿvonne'],
		['the multiplication sign (between Ö and Ø)', 'A×B'],
		['the division sign (between ö and ø)', 'a÷b'],
		['a typographic apostrophe', 'O’Brien'],
		['digits', 'Ann2'],
		['only digits', '123'],
		['an @', 'ann@example.com'],
		['an underscore', 'ann_lee'],
		['a comma', 'Lee, Ann'],
		['a tab', 'Ann\tLee'],
		['a newline', 'Ann\nLee'],
		['Cyrillic', 'Анна'],
		['Chinese', '中文'],
		['an emoji', 'Ann 🙂'],
	])('rejects %s', (_name, value) => {
		const error = fieldError(() => personName(value, 'Last Name'));
		expect(error.field).toBe('Last Name');
		expect(error.problem.startsWith(`"${value}" does not match the pattern ^[`)).toBe(true);
		expect(error.hint).toBe(NAME_HINT);
	});
});

describe('telephone', () => {
	it.each(['+31612345678', '+1', '+919090909090'])('accepts %s', (value) => {
		expect(telephone(value, 'Telephone')).toBe(value);
	});

	it('accepts an empty value', () => {
		expect(telephone('', 'Telephone')).toBe('');
	});

	it('accepts 15 digits and refuses 16, the most a telephone number has (E.164)', () => {
		expect(telephone(`+${'1'.repeat(15)}`, 'Telephone')).toBe(`+${'1'.repeat(15)}`);
		const error = fieldError(() => telephone(`+${'1'.repeat(16)}`, 'Telephone'));
		expect(error.message).toBe('Telephone: has 16 digits; a telephone number has at most 15 (E.164)');
		expect(error.hint).toBe(TELEPHONE_HINT);
	});

	it.each([
		['no +', '31612345678'],
		['only +', '+'],
		['spaces', '+31 6 12345678'],
		['dashes', '+31-612345678'],
		['brackets', '+31(0)612345678'],
		['two +', '++31612345678'],
		['letters', '+3161234567a'],
		['a trailing newline', '+31612345678\n'],
	])('rejects %s', (_name, value) => {
		const error = fieldError(() => telephone(value, 'Telephone'));
		expect(error.field).toBe('Telephone');
		expect(error.problem).toBe(`"${value}" does not match the pattern ^\\+[0-9]+$`);
		expect(error.hint).toBe(TELEPHONE_HINT);
	});
});

describe('channelId', () => {
	it.each(['email', 'telephone', 'facebook', 'twitter', '0', '7', '123456'])('accepts %s', (value) => {
		expect(channelId(value, 'Channel')).toBe(value);
	});

	it('accepts an empty value', () => {
		expect(channelId('', 'Channel')).toBe('');
	});

	it.each(['Email', 'EMAIL', 'vk', 'whatsapp', 'email ', '-1', '1.5', '1a', 'emailtelephone', 'phone'])('rejects %s', (value) => {
		const error = fieldError(() => channelId(value, 'Channel'));
		expect(error.field).toBe('Channel');
		expect(error.problem).toBe(`"${value}" does not match the pattern ^([0-9]+|email|telephone|facebook|twitter)$`);
		expect(error.hint).toBe(CHANNEL_HINT);
	});
});

describe('id', () => {
	it('returns a numeric ID', () => {
		expect(id('17', 'Customer ID')).toBe('17');
		expect(id('0', 'Customer ID')).toBe('0');
	});

	it('requires a value, with the given hint', () => {
		const error = fieldError(() => id('', 'Customer ID', 'Use the ID from the Create operation'));
		expect(error.field).toBe('Customer ID');
		expect(error.problem).toBe('is required');
		expect(error.hint).toBe('Use the ID from the Create operation');
	});

	it('has no hint for a missing value unless given one', () => {
		expect(fieldError(() => id('', 'Customer ID')).hint).toBeUndefined();
	});

	it.each(['abc', '-1', '1.5', '1 2', '+1'])('rejects %s as not a whole number', (value) => {
		const error = fieldError(() => id(value, 'Customer ID', 'unused hint'));
		expect(error.field).toBe('Customer ID');
		expect(error.problem).toBe(`"${value}" is not a whole number`);
		expect(error.hint).toBe('Customer ID is a numeric ID, e.g. 1');
	});
});

describe('channelAddress', () => {
	it('checks a telephone number with the telephone pattern', () => {
		expect(channelAddress('telephone', '+31612345678', 'Value')).toBe('+31612345678');
		const error = fieldError(() => channelAddress('telephone', '0612345678', 'Value'));
		expect(error.field).toBe('Value');
		expect(error.problem).toBe('"0612345678" does not match the pattern ^\\+[0-9]+$');
		expect(error.hint).toBe(TELEPHONE_HINT);
	});

	it('checks an email address', () => {
		expect(channelAddress('email', 'ann@example.com', 'Value')).toBe('ann@example.com');
		const error = fieldError(() => channelAddress('email', 'ann.example.com', 'Value'));
		expect(error.field).toBe('Value');
		expect(error.problem).toBe('"ann.example.com" is not a valid email address');
		expect(error.hint).toBe('Use an address like name@example.com');
	});

	it('checks a twitter account name', () => {
		expect(channelAddress('twitter', 'ann_lee 2', 'Value')).toBe('ann_lee 2');
		const error = fieldError(() => channelAddress('twitter', '@ann_lee', 'Value'));
		expect(error.field).toBe('Value');
		expect(error.problem).toBe('"@ann_lee" does not match the pattern ^[a-zA-Z0-9_ ]+$');
		expect(error.hint).toBe('Use the account name: letters, digits and underscores');
	});

	it.each([
		['facebook', 'https://facebook.com/ann.lee?x=1'],
		['7', 'anything @ all'],
		['facebook', ''],
	])('takes a %s address as it is', (type, value) => {
		expect(channelAddress(type, value, 'Value')).toBe(value);
	});

	it('does not check the address of a type it does not know, whatever the case', () => {
		expect(channelAddress('Email', 'not an email', 'Value')).toBe('not an email');
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

describe('requireChange', () => {
	const hint = 'Fill in at least one field to update';

	it('passes when a field outside the ignored ones is sent', () => {
		expect(() => requireChange({ brandID: '1', customerID: '2', first_name: 'Ann' }, ['brandID', 'customerID'], 'Update Fields', hint)).not.toThrow();
		expect(() => requireChange({ custom_a: '' }, [], 'Update Fields', hint)).not.toThrow();
	});

	it.each([
		['no fields', {}, []],
		['no fields, some ignored', {}, ['brandID']],
		['only ignored fields', { brandID: '1', customerID: '2' }, ['brandID', 'customerID']],
	])('rejects %s', (_name, fields: Record<string, string>, ignore: string[]) => {
		const error = fieldError(() => requireChange(fields, ignore, 'Update Fields', hint));
		expect(error.field).toBe('Update Fields');
		expect(error.problem).toBe('nothing to update');
		expect(error.hint).toBe(hint);
		expect(error.message).toBe('Update Fields: nothing to update');
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
