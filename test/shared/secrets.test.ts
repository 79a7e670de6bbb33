import { redact, secretValues } from '../../nodes/shared/transport/secrets';

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
