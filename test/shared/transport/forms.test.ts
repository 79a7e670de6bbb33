import { boundaryFor, encodeForm, encodeMultipart, encodeUrlencoded } from '../../../nodes/shared/transport/forms';

const DEFAULT_BOUNDARY = '----n8nCustomerSyncFormBoundary0000';

/** Parses a multipart body the way a server would, with Node's own (undici's) parser. */
async function parseMultipart(body: string, contentType: string): Promise<Array<[string, string]>> {
	const formData = await new Response(body, { headers: { 'content-type': contentType } }).formData();
	const entries: Array<[string, string]> = [];
	formData.forEach((value, name) => {
		expect(typeof value).toBe('string');
		entries.push([name, value as string]);
	});
	return entries;
}

/**
 * Parses an urlencoded body by the WHATWG rules written out here (split on "&", then on the first
 * "=", "+" is a space, then percent-decoding), not with URLSearchParams, which is what the encoder
 * uses: a round trip through URLSearchParams both ways would pass whatever that class does.
 */
function parseUrlencoded(body: string): Array<[string, string]> {
	const decode = (text: string) => decodeURIComponent(text.split('+').join(' '));
	return body
		.split('&')
		.filter((pair) => pair !== '')
		.map((pair) => {
			const at = pair.indexOf('=');
			return at === -1 ? [decode(pair), ''] : [decode(pair.slice(0, at)), decode(pair.slice(at + 1))];
		});
}

/** Every tricky value a user could type into a text field. */
const TRICKY: Record<string, string> = {
	plain: 'hello',
	accented: 'Renée Ångström é',
	chinese: '中文名字',
	emoji: '🙂👍🏽 family 👨‍👩‍👧',
	crlf: 'line one\r\nline two\r\n',
	lf: 'a\nb\n\nc',
	cr: 'a\rb',
	quotes: 'say "hi" and \'bye\'',
	dashes: '--not a boundary--',
	leadingDashes: '--',
	ampersandEquals: 'a=1&b=2&c',
	percent: '100% %20 %22',
	plus: '1 + 1',
	empty: '',
	spaces: '  padded  ',
	tab: 'a\tb',
	nul: 'a\u0000b',
	partHeader: 'Content-Disposition: form-data; name="evil"\r\n\r\ninjected',
	fakeClose: '\r\n--\r\n',
	json: '{"a":[1,2,{"b":null}]}',
	html: '<b>bold</b> &amp;',
	backslash: 'C:\\path\\file',
	semicolon: 'a;b; name="x"',
};

describe('boundaryFor', () => {
	it('uses the default boundary when no name or value contains it', () => {
		expect(boundaryFor({})).toBe(DEFAULT_BOUNDARY);
		expect(boundaryFor({ a: 'b' })).toBe(DEFAULT_BOUNDARY);
		expect(boundaryFor(TRICKY)).toBe(DEFAULT_BOUNDARY);
	});

	it('picks the next boundary when a value contains the default one', () => {
		expect(boundaryFor({ a: `x${DEFAULT_BOUNDARY}y` })).toBe('----n8nCustomerSyncFormBoundary0001');
	});

	it('picks the next boundary when a name contains the default one', () => {
		expect(boundaryFor({ [DEFAULT_BOUNDARY]: 'v' })).toBe('----n8nCustomerSyncFormBoundary0001');
	});

	it('skips every boundary that occurs in the fields', () => {
		const taken = ['0000', '0001', '0002'].map((n) => `----n8nCustomerSyncFormBoundary${n}`);
		expect(boundaryFor({ a: taken[0], b: `${taken[1]} and ${taken[2]}` })).toBe('----n8nCustomerSyncFormBoundary0003');
	});

	it('counts in base 36', () => {
		const fields: Record<string, string> = {};
		for (let n = 0; n < 36; n++) fields[`f${n}`] = `----n8nCustomerSyncFormBoundary${n.toString(36).padStart(4, '0')}`;
		expect(boundaryFor(fields)).toBe('----n8nCustomerSyncFormBoundary0010');
	});

	it('is not fooled by a value holding only the boundary base', () => {
		expect(boundaryFor({ a: '----n8nCustomerSyncFormBoundary' })).toBe(DEFAULT_BOUNDARY);
	});

	it('returns a boundary RFC 2046 allows (1 to 70 characters, no trailing space)', () => {
		const boundary = boundaryFor({ a: 'b' });
		expect(boundary.length).toBeGreaterThan(0);
		expect(boundary.length).toBeLessThanOrEqual(70);
		expect(boundary).toMatch(/^[0-9A-Za-z'()+_,\-./:=?]+$/);
	});
});

describe('encodeMultipart', () => {
	it('encodes fields as exact multipart text', () => {
		const { body, contentType } = encodeMultipart({ first: 'Ann', last: 'Lee' });
		expect(contentType).toBe(`multipart/form-data; boundary=${DEFAULT_BOUNDARY}`);
		expect(body).toBe(
			`--${DEFAULT_BOUNDARY}\r\nContent-Disposition: form-data; name="first"\r\n\r\nAnn\r\n` +
				`--${DEFAULT_BOUNDARY}\r\nContent-Disposition: form-data; name="last"\r\n\r\nLee\r\n` +
				`--${DEFAULT_BOUNDARY}--\r\n`,
		);
	});

	it('ends with the closing boundary and CRLF', () => {
		for (const fields of [{ a: '' }, { a: 'x\r\n' }, TRICKY]) {
			const { body } = encodeMultipart(fields);
			expect(body.endsWith(`\r\n--${DEFAULT_BOUNDARY}--\r\n`)).toBe(true);
		}
	});

	it('encodes no fields as the closing boundary alone', () => {
		expect(encodeMultipart({})).toEqual({
			body: `--${DEFAULT_BOUNDARY}--\r\n`,
			contentType: `multipart/form-data; boundary=${DEFAULT_BOUNDARY}`,
		});
	});

	it('round-trips simple fields through a real parser', async () => {
		const { body, contentType } = encodeMultipart({ first: 'Ann', last: 'Lee' });
		expect(await parseMultipart(body, contentType)).toEqual([
			['first', 'Ann'],
			['last', 'Lee'],
		]);
	});

	it.each(Object.entries(TRICKY))('round-trips the %s value exactly', async (name, value) => {
		const { body, contentType } = encodeMultipart({ before: 'x', [name]: value, after: 'y' });
		expect(await parseMultipart(body, contentType)).toEqual([
			['before', 'x'],
			[name, value],
			['after', 'y'],
		]);
	});

	it('round-trips every tricky value at once, in order', async () => {
		const { body, contentType } = encodeMultipart(TRICKY);
		expect(await parseMultipart(body, contentType)).toEqual(Object.entries(TRICKY));
	});

	it('round-trips an empty value as an empty field, not a missing one', async () => {
		const { body, contentType } = encodeMultipart({ a: '', b: '' });
		expect(await parseMultipart(body, contentType)).toEqual([
			['a', ''],
			['b', ''],
		]);
	});

	it('keeps the field order', async () => {
		const fields = { zeta: '1', alpha: '2', customerChannelType_0: 'email', customerChannelValue_0: 'a@b.co', mid: '3' };
		const { body, contentType } = encodeMultipart(fields);
		expect((await parseMultipart(body, contentType)).map(([name]) => name)).toEqual([
			'zeta',
			'alpha',
			'customerChannelType_0',
			'customerChannelValue_0',
			'mid',
		]);
	});

	it('changes the boundary when a value contains the default one, and still round-trips', async () => {
		const value = `before\r\n--${DEFAULT_BOUNDARY}\r\nContent-Disposition: form-data; name="evil"\r\n\r\nx\r\n--${DEFAULT_BOUNDARY}--\r\n`;
		const { body, contentType } = encodeMultipart({ a: value, b: 'second' });
		expect(contentType).toBe('multipart/form-data; boundary=----n8nCustomerSyncFormBoundary0001');
		expect(body.startsWith('------n8nCustomerSyncFormBoundary0001\r\n')).toBe(true);
		expect(body.endsWith('\r\n------n8nCustomerSyncFormBoundary0001--\r\n')).toBe(true);
		expect(await parseMultipart(body, contentType)).toEqual([
			['a', value],
			['b', 'second'],
		]);
	});

	it('changes the boundary when a name contains the default one', async () => {
		const { body, contentType } = encodeMultipart({ [`n${DEFAULT_BOUNDARY}`]: 'v' });
		expect(contentType).toBe('multipart/form-data; boundary=----n8nCustomerSyncFormBoundary0001');
		expect(await parseMultipart(body, contentType)).toEqual([[`n${DEFAULT_BOUNDARY}`, 'v']]);
	});

	it('round-trips unicode names', async () => {
		const { body, contentType } = encodeMultipart({ 'custom_é': '1', custom_中文: '2', 'custom_🙂': '3' });
		expect(await parseMultipart(body, contentType)).toEqual([
			['custom_é', '1'],
			['custom_中文', '2'],
			['custom_🙂', '3'],
		]);
	});

	it('escapes quotes and line breaks in names the way browsers do', async () => {
		const { body, contentType } = encodeMultipart({ 'a"b': '1', 'c\r\nd': '2' });
		expect(body).toContain('name="a%22b"');
		expect(body).toContain('name="c%0D%0Ad"');
		expect(await parseMultipart(body, contentType)).toEqual([
			['a"b', '1'],
			['c\r\nd', '2'],
		]);
	});

	it('writes each value raw, without encoding it', () => {
		const { body } = encodeMultipart({ a: 'é & = "x" %20' });
		expect(body).toContain('\r\n\r\né & = "x" %20\r\n');
	});
});

describe('encodeUrlencoded', () => {
	it('has exactly the urlencoded content type', () => {
		expect(encodeUrlencoded({ a: 'b' }).contentType).toBe('application/x-www-form-urlencoded');
		expect(encodeUrlencoded({}).contentType).toBe('application/x-www-form-urlencoded');
	});

	it('encodes simple fields exactly', () => {
		expect(encodeUrlencoded({ first: 'Ann', last: 'Lee' }).body).toBe('first=Ann&last=Lee');
		expect(encodeUrlencoded({}).body).toBe('');
	});

	it('escapes the characters that would break the form', () => {
		expect(encodeUrlencoded({ 'a&b': 'c=d&e', q: '1 + 1 %' }).body).toBe('a%26b=c%3Dd%26e&q=1+%2B+1+%25');
	});

	it.each([
		// Literal bodies, worked out by hand from the WHATWG urlencoded serializer: only
		// A–Z a–z 0–9 * - . _ stay as they are, a space is +, everything else is %XX of its UTF-8 bytes.
		[{ name: 'Zoë' }, 'name=Zo%C3%AB'],
		[{ 中文: '名字' }, '%E4%B8%AD%E6%96%87=%E5%90%8D%E5%AD%97'],
		[{ e: '🙂' }, 'e=%F0%9F%99%82'],
		[{ q: 'a b+c' }, 'q=a+b%2Bc'],
		[{ crlf: 'x\r\ny' }, 'crlf=x%0D%0Ay'],
		[{ keep: '*-._~' }, 'keep=*-._%7E'],
		[{ quote: '"\'' }, 'quote=%22%27'],
		[{ nul: 'a\u0000b' }, 'nul=a%00b'],
		[{ empty: '', '': 'v' }, 'empty=&=v'],
		[{ custom_testfield: 'a&b=c', brandID: '1' }, 'custom_testfield=a%26b%3Dc&brandID=1'],
	])('encodes %j as %s', (fields, body) => {
		expect(encodeUrlencoded(fields as Record<string, string>).body).toBe(body);
	});

	it('round-trips every tricky value and name, in order, through a decoder written from the spec', () => {
		const { body } = encodeUrlencoded(TRICKY);
		expect(parseUrlencoded(body)).toEqual(Object.entries(TRICKY));
	});

	it('round-trips unicode names and empty values', () => {
		const fields = { 'é': '', 中文: '中文', '🙂': '👍🏽', 'a=b': 'c&d' };
		expect(parseUrlencoded(encodeUrlencoded(fields).body)).toEqual(Object.entries(fields));
	});

	it('is read the same by undici, the parser of Node’s own fetch', async () => {
		const { body, contentType } = encodeUrlencoded(TRICKY);
		const formData = await new Response(body, { headers: { 'content-type': contentType } }).formData();
		expect([...formData.entries()]).toEqual(Object.entries(TRICKY));
	});

	it('keeps the field order', () => {
		const fields = { zeta: '1', alpha: '2', mid: '3' };
		expect(parseUrlencoded(encodeUrlencoded(fields).body).map(([name]) => name)).toEqual(['zeta', 'alpha', 'mid']);
	});
});

describe('encodeForm', () => {
	const fields = { name: 'Zoë', note: 'a&b=c\r\n--' };

	it('encodes a multipart form as multipart', async () => {
		const encoded = encodeForm({ encoding: 'multipart', fields });
		expect(encoded).toEqual({
			body:
				`--${DEFAULT_BOUNDARY}\r\nContent-Disposition: form-data; name="name"\r\n\r\nZoë\r\n` +
				`--${DEFAULT_BOUNDARY}\r\nContent-Disposition: form-data; name="note"\r\n\r\na&b=c\r\n--\r\n` +
				`--${DEFAULT_BOUNDARY}--\r\n`,
			contentType: `multipart/form-data; boundary=${DEFAULT_BOUNDARY}`,
		});
		expect(await parseMultipart(encoded.body, encoded.contentType)).toEqual(Object.entries(fields));
	});

	it('encodes an urlencoded form as urlencoded', () => {
		const encoded = encodeForm({ encoding: 'urlencoded', fields });
		expect(encoded).toEqual({ body: 'name=Zo%C3%AB&note=a%26b%3Dc%0D%0A--', contentType: 'application/x-www-form-urlencoded' });
		expect(parseUrlencoded(encoded.body)).toEqual(Object.entries(fields));
	});
});
