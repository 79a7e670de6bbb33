import type { IExecuteFunctions } from 'n8n-workflow';

import { CallFailed } from '../../../nodes/shared/transport/errors';
import { Pacer } from '../../../nodes/shared/pacing/pacer';
import type { ApiRequest, Provider } from '../../../nodes/shared/types';
import { networkCode, normaliseBaseUrl, send, type Connection } from '../../../nodes/shared/transport';

describe('normaliseBaseUrl', () => {
	it.each([
		['https://api.example.com', 'https://api.example.com'],
		['https://api.example.com/', 'https://api.example.com'],
		['https://api.example.com///', 'https://api.example.com'],
		['https://api.example.com/v1/', 'https://api.example.com/v1'],
		['https://api.example.com/v1//', 'https://api.example.com/v1'],
		['  https://api.example.com/v1/  ', 'https://api.example.com/v1'],
		['\thttps://api.example.com\n', 'https://api.example.com'],
		['http://localhost:8080/api/', 'http://localhost:8080/api'],
		['http://127.0.0.1:3000', 'http://127.0.0.1:3000'],
		['HTTPS://API.Example.com/', 'HTTPS://API.Example.com'],
		['https://api.example.com/a/b/c', 'https://api.example.com/a/b/c'],
	])('accepts %j as %j', (input, expected) => {
		expect(normaliseBaseUrl(input)).toBe(expected);
	});

	it.each([
		['an ftp URL', 'ftp://example.com'],
		['a file URL', 'file:///etc/passwd'],
		['a javascript: URL', 'javascript:alert(1)'],
		['a javascript: URL with slashes', 'javascript://example.com/%0Aalert(1)'],
		['a data: URL', 'data:text/plain,hello'],
		['a missing scheme', 'api.example.com'],
		['a protocol-relative URL', '//api.example.com'],
		['a scheme without a host', 'https://'],
		['a scheme and slashes only', 'https:///'],
		['an empty host before a path', 'https:///v1'],
		['a single slash after the scheme', 'https:/api.example.com'],
		['a query string', 'https://api.example.com?key=1'],
		['a query string after a path', 'https://api.example.com/v1/?key=1'],
		['a fragment', 'https://api.example.com/#v1'],
		['a space in the host', 'https://api example.com'],
		['an invalid port', 'https://api.example.com:99999'],
		['empty text', ''],
		['only spaces', '   '],
	])('rejects %s', (_name, input) => {
		expect(normaliseBaseUrl(input)).toBeUndefined();
	});

	it.each([
		['undefined', undefined],
		['null', null],
		['a number', 42],
		['an object', { url: 'https://api.example.com' }],
		['an array', ['https://api.example.com']],
		['a URL object', new URL('https://api.example.com')],
	])('rejects %s (not text)', (_name, input) => {
		expect(normaliseBaseUrl(input)).toBeUndefined();
	});
});

describe('networkCode', () => {
	const withCause = (cause: unknown, code?: unknown) => Object.assign(new Error('request failed', { cause }), { code });

	it('reads the code of the error itself', () => {
		expect(networkCode(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe('ECONNREFUSED');
		expect(networkCode({ code: 'ETIMEDOUT' })).toBe('ETIMEDOUT');
	});

	it.each(['ECONNRESET', 'EAI_AGAIN', 'ENOTFOUND', 'ERR_SOCKET_CONNECTION_TIMEOUT', 'UND_ERR_SOCKET', 'ERR_INVALID_URL'])(
		'recognises %s',
		(code) => {
			expect(networkCode({ code })).toBe(code);
		},
	);

	it('follows the cause chain', () => {
		expect(networkCode(withCause({ code: 'ETIMEDOUT' }))).toBe('ETIMEDOUT');
		expect(networkCode(withCause(withCause(withCause({ code: 'ECONNRESET' }))))).toBe('ECONNRESET');
	});

	it('returns the first code along the chain', () => {
		expect(networkCode(withCause({ code: 'ECONNRESET' }, 'ECONNREFUSED'))).toBe('ECONNREFUSED');
		expect(networkCode(withCause(withCause({ code: 'ECONNRESET' }, 'ETIMEDOUT')))).toBe('ETIMEDOUT');
	});

	it.each([
		['a status-like text', 'BAD_REQUEST'],
		['lower case', 'econnrefused'],
		['a bare E', 'E'],
		['digits', 'E404'],
		['an ERR_ code with digits', 'ERR_HTTP2_STREAM_ERROR'],
		['a number', 404],
		['an empty text', ''],
		['a code with a prefix', 'XECONNRESET'],
	])('skips %s and keeps looking down the chain', (_name, code) => {
		expect(networkCode({ code })).toBeUndefined();
		expect(networkCode(withCause({ code: 'ECONNRESET' }, code))).toBe('ECONNRESET');
	});

	it('looks at most five errors deep', () => {
		const chain = (depth: number) => {
			let error: unknown = { code: 'ECONNREFUSED' };
			for (let i = 0; i < depth; i++) error = { cause: error };
			return error;
		};
		expect(networkCode(chain(0))).toBe('ECONNREFUSED');
		expect(networkCode(chain(4))).toBe('ECONNREFUSED');
		expect(networkCode(chain(5))).toBeUndefined();
	});

	it('stops on a circular cause chain', () => {
		const a: { code?: string; cause?: unknown } = { code: 'nope' };
		const b = { code: 'nope', cause: a };
		a.cause = b;
		expect(networkCode(a)).toBeUndefined();
	});

	it.each([
		['undefined', undefined],
		['null', null],
		['a plain Error', new Error('ECONNREFUSED')],
		['a text', 'ECONNREFUSED'],
		['an Error whose cause is a text', new Error('x', { cause: 'ECONNREFUSED' })],
	])('is undefined for %s', (_name, error) => {
		expect(networkCode(error)).toBeUndefined();
	});
});

describe('normaliseBaseUrl with a bare ? or #', () => {
	it.each(['https://api.example.com/?', 'https://api.example.com#', 'https://x/v1?', 'https://x/ v1'])('rejects %s', (url) => {
		expect(normaliseBaseUrl(url)).toBeUndefined();
	});
});

describe('send: an error that is neither an answer nor a connection failure', () => {
	const connection = (): Connection => ({
		credentialType: 'bikApi',
		credentials: { apiKey: 'key', apiSecret: 'secret' },
		publicFields: { apiKey: 'key' },
		secrets: ['secret'],
		baseUrl: 'https://api.example.com',
		provider: { displayName: 'BIK', secretFields: ['apiSecret'], errorMessage: () => undefined, statusMeanings: {} },
		settings: { concurrency: 1, maxConcurrency: 1, maxRetries: 5, maxWaitMs: 1000, timeoutMs: 1000 },
		pacer: new Pacer(1),
	});

	it('is not retried and becomes CallFailed of kind "other" with the error message', async () => {
		let calls = 0;
		const ctx = {
			helpers: {
				httpRequestWithAuthentication: async () => {
					calls++;
					throw new Error('The host api.example.com is blocked by n8n\'s network policy');
				},
			},
		} as unknown as IExecuteFunctions;
		const request: ApiRequest = { method: 'GET', path: '/customers' };
		const failure = await send(ctx, connection(), request, { idempotent: true }).then(
			() => undefined,
			(error: unknown) => error,
		);
		expect(failure).toBeInstanceOf(CallFailed);
		expect((failure as CallFailed).failure).toEqual({
			kind: 'other',
			detail: "The host api.example.com is blocked by n8n's network policy",
		});
		expect(calls).toBe(1);
	});
});

/**
 * EHOSTUNREACH / ENETUNREACH: no route to the host, so the request never left. They are retried
 * like a refused connection, for every operation, and they are not an answer lost in flight: a
 * delete whose retry then finds nothing is "not found", not done.
 */
describe('send: no route to the host', () => {
	const provider: Provider = { displayName: 'Probe', secretFields: [], errorMessage: () => undefined, statusMeanings: {} };

	function connection(): Connection {
		return {
			credentialType: 'bikApi',
			credentials: {},
			publicFields: {},
			secrets: [],
			baseUrl: 'http://127.0.0.1:9',
			provider,
			settings: { concurrency: 1, maxConcurrency: 1, timeoutMs: 1000, maxRetries: 3, maxWaitMs: 1 },
			pacer: new Pacer(1),
		};
	}

	/** A context whose HTTP helper fails or answers in turn with `steps`; records the calls. */
	function context(steps: Array<{ code: string } | { statusCode: number; body?: unknown }>) {
		const calls: unknown[] = [];
		const ctx = {
			helpers: {
				httpRequestWithAuthentication: async (_type: string, options: unknown) => {
					calls.push(options);
					const step = steps[Math.min(calls.length - 1, steps.length - 1)];
					if ('code' in step) throw Object.assign(new Error(`connect ${step.code} 10.255.255.1:443`), { code: step.code });
					return { statusCode: step.statusCode, headers: {}, body: step.body ?? {} };
				},
			},
		} as unknown as IExecuteFunctions;
		return { ctx, calls };
	}

	const request = { method: 'DELETE' as const, path: '/customer/7' };
	const createRequest = { method: 'POST' as const, path: '/customer', body: { name: 'Ada' } };

	describe.each(['EHOSTUNREACH', 'ENETUNREACH'])('%s', (code) => {
		test('a plain create is retried: nothing was sent', async () => {
			const { ctx, calls } = context([{ code }, { statusCode: 200, body: { ok: true } }]);
			await expect(send(ctx, connection(), createRequest, { idempotent: false })).resolves.toEqual({ ok: true });
			expect(calls).toHaveLength(2);
		});

		test('after the retries it fails without a warning about duplicates', async () => {
			const { ctx, calls } = context([{ code }]);
			const failure = await send(ctx, connection(), createRequest, { idempotent: false }).catch((error: CallFailed) => error.failure);
			expect(calls).toHaveLength(4);
			expect(failure).toMatchObject({ kind: 'network', code, retries: 3, duplicateRisk: false });
		});

		test('a delete whose retry finds nothing is "not found", not done', async () => {
			const { ctx, calls } = context([{ code }, { statusCode: 404, body: { message: 'Customer not found' } }]);
			const failure = await send(ctx, connection(), request, { idempotent: true, goneMeansDone: true }).catch((error: CallFailed) => error.failure);
			expect(calls).toHaveLength(2);
			expect(failure).toMatchObject({ kind: 'status', status: 404 });
		});
	});

	test('a delete whose answer was really lost (ECONNRESET) and whose retry finds nothing is done', async () => {
		const { ctx, calls } = context([{ code: 'ECONNRESET' }, { statusCode: 404 }]);
		await expect(send(ctx, connection(), request, { idempotent: true, goneMeansDone: true })).resolves.toBeUndefined();
		expect(calls).toHaveLength(2);
	});

	test('a lost answer, then no route, then 404: the first attempt may have deleted it, so it is done', async () => {
		const { ctx } = context([{ code: 'ETIMEDOUT' }, { code: 'EHOSTUNREACH' }, { statusCode: 404 }]);
		await expect(send(ctx, connection(), request, { idempotent: true, goneMeansDone: true })).resolves.toBeUndefined();
	});
});
