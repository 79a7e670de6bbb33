import { PATTERNS, channelAddress, channelId, id, personName, requireChange, telephone } from '../../nodes/Omnidesk/customer/validate';
import { fieldError } from '../helpers/field-error';

const NAME_HINT =
	'Omnidesk accepts letters a–z, the Western European accented letters (À–ÿ, Š, š), spaces, dots, dashes and apostrophes';
const TELEPHONE_HINT = 'Use + and the country code, digits only, e.g. +31612345678';
const CHANNEL_HINT = 'Use email, telephone, facebook, twitter or the numeric ID of a channel';

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
