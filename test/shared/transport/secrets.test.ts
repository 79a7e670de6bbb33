import { maskSecrets, redact, redactDeep, secretValues } from '../../../nodes/shared/transport/secrets';

const base64 = (text: string) => Buffer.from(text).toString('base64');

describe('secretValues: what a message may never show', () => {
	test('a value of 4 or more characters is masked raw, URL-encoded and inside the Basic token', () => {
		const secrets = secretValues({ apiKey: 'key-1', apiSecret: 's3cr/t!' }, ['apiKey', 'apiSecret']);
		const token = Buffer.from('key-1:s3cr/t!').toString('base64');
		const text = `key-1 s3cr/t! s3cr%2Ft! Basic ${token}`;
		expect(redact(text, secrets)).toBe('*** *** *** Basic ***');
	});

	test('a value under 4 characters is not masked on its own, but the Basic token made from it is', () => {
		const secrets = secretValues({ apiKey: 'ab', apiSecret: 'long-secret' }, ['apiKey', 'apiSecret']);
		const token = Buffer.from('ab:long-secret').toString('base64');
		// Masking "ab" would blank it inside every word ("about", "table"): it is left readable.
		expect(redact('about the table', secrets)).toBe('about the table');
		expect(redact(`Basic ${token} long-secret`, secrets)).toBe('Basic *** ***');
	});
});

describe('secretValues', () => {
	const credentials = {
		baseUrl: 'https://api.example.com',
		apiKey: 'key-1234',
		apiSecret: 's3cr3t/+ &=',
	};

	it('includes every raw secret and its URL-encoded form', () => {
		const secrets = secretValues(credentials, ['apiSecret', 'apiKey']);
		expect(secrets).toContain('key-1234');
		expect(secrets).toContain('s3cr3t/+ &=');
		expect(secrets).toContain('s3cr3t%2F%2B%20%26%3D');
		expect(secrets).not.toContain('https://api.example.com');
	});

	it('includes the Basic token of every credential value paired with every secret', () => {
		const secrets = secretValues(credentials, ['apiSecret', 'apiKey']);
		expect(secrets).toContain(base64('key-1234:s3cr3t/+ &='));
		expect(secrets).toContain(base64('s3cr3t/+ &=:key-1234'));
		expect(secrets).toContain(base64('https://api.example.com:s3cr3t/+ &='));
		expect(secrets).not.toContain(base64('key-1234:https://api.example.com'));
	});

	it('lists exactly the raw, URL-encoded and Basic forms, longest first', () => {
		const secrets = secretValues({ user: 'ann', token: 'abc%def' }, ['token']);
		const expected = ['abc%def', 'abc%25def', base64('ann:abc%def'), base64('abc%def:abc%def')];
		expect([...secrets].sort()).toEqual([...expected].sort());
		for (let i = 1; i < secrets.length; i++) {
			expect(secrets[i - 1].length).toBeGreaterThanOrEqual(secrets[i].length);
		}
		expect(secrets[0]).toBe(base64('abc%def:abc%def'));
	});

	it('lists a value once when its URL-encoded form is the same', () => {
		const secrets = secretValues({ token: 'plainToken' }, ['token']);
		expect(secrets.filter((s) => s === 'plainToken')).toHaveLength(1);
		expect(secrets).toEqual([base64('plainToken:plainToken'), 'plainToken']);
	});

	it('ignores secrets shorter than 4 characters as raw values', () => {
		const secrets = secretValues({ user: 'ann', pin: 'abc', token: 'long-token' }, ['pin', 'token']);
		expect(secrets).not.toContain('abc');
		expect(secrets).not.toContain('ann');
		expect(secrets).toContain('long-token');
		for (const secret of secrets) expect(secret.length).toBeGreaterThanOrEqual(4);
	});

	it('accepts a secret of exactly 4 characters', () => {
		expect(secretValues({ pin: 'abcd' }, ['pin'])).toContain('abcd');
	});

	it('ignores missing, empty and non-text secret fields', () => {
		expect(secretValues({ user: 'ann' }, ['token'])).toEqual([]);
		expect(secretValues({ user: 'ann', token: '' }, ['token'])).toEqual([]);
		expect(secretValues({ token: 12345678 }, ['token'])).toEqual(['12345678']);
	});

	it('is empty without secret fields', () => {
		expect(secretValues(credentials, [])).toEqual([]);
	});
});

describe('redact', () => {
	it('replaces every occurrence of every secret with ***', () => {
		expect(redact('key=abcd1234&again=abcd1234', ['abcd1234'])).toBe('key=***&again=***');
		expect(redact('a SECRET1 b TOKEN22 c', ['SECRET1', 'TOKEN22'])).toBe('a *** b *** c');
	});

	it('replaces secrets inside longer words', () => {
		expect(redact('Bearer xxabcd1234yy', ['abcd1234'])).toBe('Bearer xx***yy');
	});

	it('leaves text without secrets, and text with no secrets given, unchanged', () => {
		expect(redact('nothing to hide', ['abcd1234'])).toBe('nothing to hide');
		expect(redact('abcd1234', [])).toBe('abcd1234');
	});

	it('redacts every form that secretValues lists, including the Basic token', () => {
		const secrets = secretValues({ user: 'ann', password: 'p@ss word' }, ['password']);
		const text = `Authorization: Basic ${base64('ann:p@ss word')}; url ?pw=p%40ss%20word; raw p@ss word`;
		const redacted = redact(text, secrets);
		expect(redacted).toBe('Authorization: Basic ***; url ?pw=***; raw ***');
	});
});

describe('redactDeep', () => {
	it('never breaks numbers or JSON punctuation, and finds secrets holding quotes', () => {
		expect(redactDeep({ id: 120245, note: 'key 2024' }, ['2024'])).toEqual({ id: 120245, note: 'key ***' });
		expect(redactDeep({ message: 'bad ab"cd\\ef' }, ['ab"cd\\ef'])).toEqual({ message: 'bad ***' });
		expect(redactDeep({ 'secret-9999': ['x 9999'] }, ['9999'])).toEqual({ 'secret-***': ['x ***'] });
	});

	const secrets = ['abcd1234', 'TOKEN-XYZ'];

	it('redacts secrets in nested objects and arrays, keys included', () => {
		const value = {
			message: 'bad key abcd1234',
			nested: { list: ['ok', 'TOKEN-XYZ', { deep: 'x-abcd1234-y' }], n: 1, t: true, z: null },
			abcd1234: 'as a key',
		};
		expect(redactDeep(value, secrets)).toEqual({
			message: 'bad key ***',
			nested: { list: ['ok', '***', { deep: 'x-***-y' }], n: 1, t: true, z: null },
			'***': 'as a key',
		});
	});

	it('returns a copy and leaves the original untouched', () => {
		const value = { message: 'abcd1234' };
		const result = redactDeep(value, secrets);
		expect(result).not.toBe(value);
		expect(value).toEqual({ message: 'abcd1234' });
	});

	it('redacts plain text and arrays', () => {
		expect(redactDeep('say TOKEN-XYZ', secrets)).toBe('say ***');
		expect(redactDeep(['abcd1234', 2], secrets)).toEqual(['***', 2]);
	});

	it('returns undefined and null as they are', () => {
		expect(redactDeep(undefined, secrets)).toBeUndefined();
		expect(redactDeep(null, secrets)).toBeNull();
	});

	it('returns an equal copy when there are no secrets', () => {
		const value = { message: 'abcd1234' };
		expect(redactDeep(value, [])).toEqual(value);
		expect(redactDeep(value, [])).not.toBe(value);
	});
});

describe('maskSecrets: an output item', () => {
	const secrets = secretValues({ apiKey: 'key-marker-1234' }, ['apiKey']);

	test('without a secret is passed on as it is, not copied', () => {
		const json = { id: 7, tags: ['a'], nested: { name: 'Ann' } };
		expect(maskSecrets(json, secrets)).toBe(json);
	});

	test('echoing the credential is a masked copy, keys included; the item itself is left as it was', () => {
		const json = { id: 7, debug: { apikey: 'key-marker-1234', url: '?apikey=key-marker-1234' }, 'key-marker-1234': true };
		expect(maskSecrets(json, secrets)).toEqual({ id: 7, debug: { apikey: '***', url: '?apikey=***' }, '***': true });
		expect(json.debug.apikey).toBe('key-marker-1234');
	});
});
