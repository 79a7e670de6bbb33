import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, connect, type AddressInfo, type Server } from 'node:net';
import { join } from 'node:path';

import ts from 'typescript';

import {
	BACKOFF_BASE_MS,
	backoffDelay,
	decide,
	isAmbiguousNetworkError,
	isNotSentError,
	parseRetryAfter,
	type Outcome,
	type RetrySettings,
} from '../../../nodes/shared/transport/retry';

const NOW = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
const SETTINGS: RetrySettings = { maxRetries: 5, maxWaitMs: 60_000 };
const lowest = () => 0;
const highest = () => 1;

const status = (code: number, retryAfter?: string | string[]): Outcome => ({ kind: 'status', status: code, retryAfter });
const network = (code: string): Outcome => ({ kind: 'network', code, detail: `connect ${code}` });

afterEach(() => {
	jest.restoreAllMocks();
});

describe('parseRetryAfter', () => {
	it.each([
		['0', 0],
		['1', 1000],
		['120', 120_000],
		['  7  ', 7000],
		['1.5', 1500],
		['0.25', 250],
		['2.0004', 2000],
		['0.0004', 0],
	])('reads %j seconds as %d ms', (header, expected) => {
		expect(parseRetryAfter(header, NOW)).toBe(expected);
	});

	it('reads an HTTP date in the future as the milliseconds from now', () => {
		expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:30 GMT', NOW)).toBe(30_000);
		expect(parseRetryAfter('Wed, 21 Oct 2015 08:28:00 GMT', NOW)).toBe(3_600_000);
	});

	it('reads an HTTP date in the past, or exactly now, as 0', () => {
		expect(parseRetryAfter('Wed, 21 Oct 2015 07:27:00 GMT', NOW)).toBe(0);
		expect(parseRetryAfter('Tue, 20 Oct 2015 07:28:00 GMT', NOW)).toBe(0);
		expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', NOW)).toBe(0);
	});

	it.each(['America/New_York', 'Asia/Kolkata', 'UTC'])('reads an asctime date as GMT (RFC 9110), never as local time, with TZ=%s', (zone) => {
		// Jest's process.env is a copy, so the zone is set on a child process that runs retry.ts.
		const { outputText } = ts.transpileModule(readFileSync(join(__dirname, '../../../nodes/shared/transport/retry.ts'), 'utf8'), {
			compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2021 },
		});
		const probe = `${outputText}
			const at = (text) => Date.parse(text);
			process.stdout.write(JSON.stringify([
				exports.parseRetryAfter('Wed Oct 21 07:28:30 2015', at('Wed, 21 Oct 2015 07:28:00 GMT')),
				exports.parseRetryAfter('Thu Oct  1 07:28:30 2015', at('Thu, 01 Oct 2015 07:28:00 GMT')),
				exports.parseRetryAfter('Wednesday, 21-Oct-15 07:28:30 GMT', at('Wed, 21 Oct 2015 07:28:00 GMT')),
			]));`;
		const out = execFileSync(process.execPath, ['-e', probe], { env: { ...process.env, TZ: zone }, encoding: 'utf8' });
		// The review's probe: 30 s became 5 hours in New York and 0 s in Kolkata.
		expect(JSON.parse(out)).toEqual([30_000, 30_000, 30_000]);
	});

	it('measures an HTTP date from the injected now, not the clock', () => {
		const header = 'Wed, 21 Oct 2015 07:28:30 GMT';
		expect(parseRetryAfter(header, NOW - 10_000)).toBe(40_000);
		expect(parseRetryAfter(header, NOW + 10_000)).toBe(20_000);
	});

	it('measures an HTTP date from Date.now() when no now is given', () => {
		jest.spyOn(Date, 'now').mockReturnValue(NOW);
		expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:05 GMT')).toBe(5000);
	});

	it('uses the first value of an array header', () => {
		expect(parseRetryAfter(['3', '10'], NOW)).toBe(3000);
		expect(parseRetryAfter([' 4 '], NOW)).toBe(4000);
		expect(parseRetryAfter(['Wed, 21 Oct 2015 07:28:02 GMT', '99'], NOW)).toBe(2000);
		expect(parseRetryAfter(['soon', '10'], NOW)).toBeUndefined();
	});

	it.each([
		['undefined', undefined],
		['an empty text', ''],
		['only spaces', '   '],
		['an empty array', []],
		['an array with an empty text', ['']],
		['a word', 'soon'],
		['letters', 'abc'],
		['digits followed by letters', '12abc'],
		['a unit after the number', '60 seconds'],
		['an exponent', '1e3'],
	])('returns undefined for %s', (_name, header) => {
		expect(parseRetryAfter(header as string | string[] | undefined, NOW)).toBeUndefined();
	});
});

describe('backoffDelay', () => {
	it('has a base of 500 ms', () => {
		expect(BACKOFF_BASE_MS).toBe(500);
	});

	it.each([
		[0, 500],
		[1, 1000],
		[2, 2000],
		[3, 4000],
		[4, 8000],
		[5, 16_000],
		[6, 32_000],
		[7, 60_000],
		[10, 60_000],
		[100, 60_000],
	])('attempt %d: between half of and the whole ceiling %d ms', (attempt, ceiling) => {
		expect(Math.min(60_000, BACKOFF_BASE_MS * 2 ** attempt)).toBe(ceiling);
		expect(backoffDelay(attempt, 60_000, lowest)).toBe(ceiling / 2);
		expect(backoffDelay(attempt, 60_000, highest)).toBe(ceiling);
		expect(backoffDelay(attempt, 60_000, () => 0.5)).toBe(Math.round(ceiling * 0.75));
	});

	it('stays inside [ceiling / 2, ceiling] for any random value', () => {
		const randoms = [0, 0.001, 0.1, 0.25, 0.333, 0.5, 0.75, 0.9, 0.999, 0.999999];
		for (const attempt of [0, 1, 2, 3, 5, 8, 12]) {
			for (const maxWaitMs of [0, 700, 3000, 60_000]) {
				const ceiling = Math.min(maxWaitMs, BACKOFF_BASE_MS * 2 ** attempt);
				for (const r of randoms) {
					const delay = backoffDelay(attempt, maxWaitMs, () => r);
					expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
					expect(delay).toBeLessThanOrEqual(ceiling);
					expect(Number.isInteger(delay)).toBe(true);
				}
			}
		}
	});

	it('grows with the random value', () => {
		expect(backoffDelay(2, 60_000, () => 0.2)).toBe(1200);
		expect(backoffDelay(2, 60_000, () => 0.6)).toBe(1600);
	});

	it('is capped by maxWaitMs', () => {
		expect(backoffDelay(3, 3000, lowest)).toBe(1500);
		expect(backoffDelay(3, 3000, highest)).toBe(3000);
		expect(backoffDelay(0, 300, highest)).toBe(300);
	});

	it('is 0 when maxWaitMs is 0', () => {
		expect(backoffDelay(0, 0, highest)).toBe(0);
		expect(backoffDelay(4, 0, () => 0.5)).toBe(0);
	});

	it('rounds to whole milliseconds', () => {
		expect(backoffDelay(0, 60_000, () => 0.001)).toBe(250);
		expect(backoffDelay(0, 60_000, () => 0.003)).toBe(251);
	});

	it('uses Math.random by default', () => {
		const random = jest.spyOn(Math, 'random').mockReturnValue(0);
		expect(backoffDelay(3, 60_000)).toBe(2000);
		random.mockReturnValue(0.999999);
		expect(backoffDelay(3, 60_000)).toBe(4000);
	});
});

describe('isNotSentError / isAmbiguousNetworkError', () => {
	it('knows the codes of requests that were never sent', () => {
		expect(isNotSentError('ECONNREFUSED')).toBe(true);
		expect(isNotSentError('EAI_AGAIN')).toBe(true);
		// No route to the host or its network: the connection was never opened.
		expect(isNotSentError('EHOSTUNREACH')).toBe(true);
		expect(isNotSentError('ENETUNREACH')).toBe(true);
		for (const code of ['ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'econnrefused', '']) {
			expect(isNotSentError(code)).toBe(false);
		}
	});

	it('knows the codes after which a request may have been applied', () => {
		for (const code of [
			'ECONNRESET',
			'ECONNABORTED',
			'ETIMEDOUT',
			'ESOCKETTIMEDOUT',
			'EPIPE',
			'ERR_SOCKET_CONNECTION_TIMEOUT',
			'UND_ERR_SOCKET',
		]) {
			expect(isAmbiguousNetworkError(code)).toBe(true);
		}
		for (const code of ['ECONNREFUSED', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'ECERTHASEXPIRED', 'econnreset', '']) {
			expect(isAmbiguousNetworkError(code)).toBe(false);
		}
	});
});

describe('decide', () => {
	const run = (outcome: Outcome, idempotent: boolean, attempt = 0, settings = SETTINGS, random = lowest) =>
		decide(outcome, attempt, idempotent, settings, random, NOW);

	describe('HTTP statuses', () => {
		it.each([true, false])('retries 429 (idempotent: %s) and pauses every request, at least a second without Retry-After', (idempotent) => {
			expect(run(status(429), idempotent)).toEqual({ retry: true, delayMs: 1000, global: true });
			expect(run(status(429), idempotent, 1)).toEqual({ retry: true, delayMs: 1000, global: true });
			expect(run(status(429), idempotent, 3)).toEqual({ retry: true, delayMs: 2000, global: true });
			// No more than the user's maximum wait, though.
			expect(run(status(429), idempotent, 0, { maxRetries: 5, maxWaitMs: 400 })).toEqual({ retry: true, delayMs: 400, global: true });
		});

		it.each([500, 502, 503, 504, 501])('retries %d for an idempotent operation, for this request only', (code) => {
			expect(run(status(code), true)).toEqual({ retry: true, delayMs: 250, global: false });
			expect(run(status(code), true, 2, SETTINGS, highest)).toEqual({ retry: true, delayMs: 2000, global: false });
		});

		it.each([500, 502, 503, 504])('never retries %d for a non-idempotent operation', (code) => {
			expect(run(status(code), false)).toEqual({ retry: false, reason: 'not-retryable' });
		});

		it.each([400, 401, 403, 404, 406, 409, 422, 200, 302])('never retries %d', (code) => {
			expect(run(status(code), true)).toEqual({ retry: false, reason: 'not-retryable' });
			expect(run(status(code), false)).toEqual({ retry: false, reason: 'not-retryable' });
		});

		it('honours Retry-After in seconds on 503 and pauses every request', () => {
			expect(run(status(503, '7'), true)).toEqual({ retry: true, delayMs: 7000, global: true });
			expect(run(status(503, ['2.5']), true)).toEqual({ retry: true, delayMs: 2500, global: true });
		});

		it('honours Retry-After as an HTTP date on 503, measured from the injected now', () => {
			expect(run(status(503, 'Wed, 21 Oct 2015 07:28:12 GMT'), true)).toEqual({
				retry: true,
				delayMs: 12_000,
				global: true,
			});
		});

		it('does not retry a 503 with Retry-After for a non-idempotent operation', () => {
			expect(run(status(503, '7'), false)).toEqual({ retry: false, reason: 'not-retryable' });
		});

		it('honours Retry-After on 429, for every operation', () => {
			expect(run(status(429, '9'), false)).toEqual({ retry: true, delayMs: 9000, global: true });
			expect(run(status(429, 'Wed, 21 Oct 2015 07:28:03 GMT'), true)).toEqual({ retry: true, delayMs: 3000, global: true });
		});

		it('retries a Retry-After of 0 at once', () => {
			expect(run(status(429, '0'), true)).toEqual({ retry: true, delayMs: 0, global: true });
			expect(run(status(503, 'Wed, 21 Oct 2015 07:00:00 GMT'), true)).toEqual({ retry: true, delayMs: 0, global: true });
		});

		it('falls back to backoff when Retry-After is unreadable; a 503 then stays local', () => {
			expect(run(status(503, 'soon'), true)).toEqual({ retry: true, delayMs: 250, global: false });
			expect(run(status(429, 'soon'), true)).toEqual({ retry: true, delayMs: 1000, global: true });
		});

		it('ignores Retry-After on other statuses', () => {
			expect(run(status(500, '30'), true)).toEqual({ retry: true, delayMs: 250, global: false });
			expect(run(status(502, '30'), true, 1)).toEqual({ retry: true, delayMs: 500, global: false });
			expect(run(status(500, '999'), true)).toEqual({ retry: true, delayMs: 250, global: false });
		});

		it('gives up with wait-too-long when Retry-After exceeds maxWaitMs', () => {
			expect(run(status(429, '61'), true)).toEqual({ retry: false, reason: 'wait-too-long', delayMs: 61_000 });
			expect(run(status(429, '61'), false)).toEqual({ retry: false, reason: 'wait-too-long', delayMs: 61_000 });
			expect(run(status(503, '3600'), true)).toEqual({ retry: false, reason: 'wait-too-long', delayMs: 3_600_000 });
			expect(run(status(429, 'Wed, 21 Oct 2015 07:29:01 GMT'), true)).toEqual({
				retry: false,
				reason: 'wait-too-long',
				delayMs: 61_000,
			});
			// Fractional seconds are not an HTTP date: the header is ignored and backoff applies.
			expect(run(status(429, 'Wed, 21 Oct 2015 07:29:00.001 GMT'), true)).toEqual({ retry: true, delayMs: 1000, global: true });
		});

		it('waits exactly maxWaitMs when Retry-After equals it', () => {
			expect(run(status(429, '60'), true)).toEqual({ retry: true, delayMs: 60_000, global: true });
		});

		it('compares Retry-After with the given maxWaitMs', () => {
			const tight = { maxRetries: 5, maxWaitMs: 1000 };
			expect(run(status(429, '1'), true, 0, tight)).toEqual({ retry: true, delayMs: 1000, global: true });
			expect(run(status(429, '1.001'), true, 0, tight)).toEqual({ retry: false, reason: 'wait-too-long', delayMs: 1001 });
		});
	});

	describe('attempt limit', () => {
		it('retries up to maxRetries, then reports retries-exhausted', () => {
			expect(run(status(429), true, 4)).toEqual({ retry: true, delayMs: 4000, global: true });
			expect(run(status(429), true, 5)).toEqual({ retry: false, reason: 'retries-exhausted' });
			expect(run(status(429), true, 6)).toEqual({ retry: false, reason: 'retries-exhausted' });
			expect(run(status(503), true, 5)).toEqual({ retry: false, reason: 'retries-exhausted' });
			expect(run(network('ECONNREFUSED'), false, 5)).toEqual({ retry: false, reason: 'retries-exhausted' });
		});

		it('never retries with maxRetries 0', () => {
			expect(run(status(429), true, 0, { maxRetries: 0, maxWaitMs: 60_000 })).toEqual({
				retry: false,
				reason: 'retries-exhausted',
			});
		});

		it('reports not-retryable before retries-exhausted', () => {
			expect(run(status(404), true, 9)).toEqual({ retry: false, reason: 'not-retryable' });
			expect(run(status(500), false, 9)).toEqual({ retry: false, reason: 'not-retryable' });
		});

		it('reports retries-exhausted before wait-too-long', () => {
			expect(run(status(429, '3600'), true, 5)).toEqual({ retry: false, reason: 'retries-exhausted' });
		});
	});

	describe('backoff', () => {
		it('uses the injected random and caps at maxWaitMs', () => {
			expect(run(status(429), true, 2, SETTINGS, highest)).toEqual({ retry: true, delayMs: 2000, global: true });
			expect(run(status(429), true, 2, SETTINGS, () => 0.5)).toEqual({ retry: true, delayMs: 1500, global: true });
			const capped = { maxRetries: 20, maxWaitMs: 3000 };
			expect(run(status(500), true, 10, capped, highest)).toEqual({ retry: true, delayMs: 3000, global: false });
			expect(run(status(500), true, 10, capped, lowest)).toEqual({ retry: true, delayMs: 1500, global: false });
		});
	});

	describe('network failures', () => {
		it.each(['ECONNREFUSED', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'])('retries %s for every operation, for this request only', (code) => {
			expect(run(network(code), true)).toEqual({ retry: true, delayMs: 250, global: false });
			expect(run(network(code), false)).toEqual({ retry: true, delayMs: 250, global: false });
			expect(run(network(code), false, 1, SETTINGS, highest)).toEqual({ retry: true, delayMs: 1000, global: false });
		});

		it.each([
			'ECONNRESET',
			'ETIMEDOUT',
			'ECONNABORTED',
			'ESOCKETTIMEDOUT',
			'EPIPE',
			'ERR_SOCKET_CONNECTION_TIMEOUT',
			'UND_ERR_SOCKET',
		])('retries %s only for an idempotent operation', (code) => {
			expect(run(network(code), true)).toEqual({ retry: true, delayMs: 250, global: false });
			expect(run(network(code), false)).toEqual({ retry: false, reason: 'not-retryable' });
		});

		it.each(['ENOTFOUND', 'ECERTHASEXPIRED', 'ERR_INVALID_URL', 'EPROTO'])('never retries %s', (code) => {
			expect(run(network(code), true)).toEqual({ retry: false, reason: 'not-retryable' });
			expect(run(network(code), false)).toEqual({ retry: false, reason: 'not-retryable' });
		});
	});

	it('uses Math.random and Date.now by default', () => {
		jest.spyOn(Math, 'random').mockReturnValue(0);
		jest.spyOn(Date, 'now').mockReturnValue(NOW);
		expect(decide(status(500), 1, true, SETTINGS)).toEqual({ retry: true, delayMs: 500, global: false });
		expect(decide(status(429, 'Wed, 21 Oct 2015 07:28:04 GMT'), 0, true, SETTINGS)).toEqual({
			retry: true,
			delayMs: 4000,
			global: true,
		});
	});
});

/**
 * The codes a real failure carries, produced here by real sockets rather than copied from the
 * code's lists: what Node reports when nothing listens, and when the server resets a connection
 * it has accepted, must land in the right class.
 */
describe('real connection failures are classed by what happened', () => {
	/** The error code of a connection to `port` that sends the start of a request. */
	function failureCode(port: number): Promise<string> {
		return new Promise((resolve) => {
			const socket = connect(port, '127.0.0.1');
			socket.on('connect', () => socket.write('POST /api/v2/customer HTTP/1.1\r\nHost: x\r\n\r\n'));
			socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? ''));
			socket.on('close', () => resolve('closed without an error'));
		});
	}

	async function listen(onConnection: (socket: import('node:net').Socket) => void): Promise<Server> {
		const server = createServer(onConnection);
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		return server;
	}

	it('nothing listening: the request never left, so it is retried for every operation', async () => {
		const server = await listen(() => undefined);
		const { port } = server.address() as AddressInfo;
		await new Promise((resolve) => server.close(resolve));
		const code = await failureCode(port);
		expect(code).toBe('ECONNREFUSED');
		expect(isNotSentError(code)).toBe(true);
		expect(isAmbiguousNetworkError(code)).toBe(false);
	});

	it('a connection reset after the request was written: it may have been applied, so only idempotent calls retry', async () => {
		const server = await listen((socket) => socket.once('data', () => socket.resetAndDestroy()));
		const code = await failureCode((server.address() as AddressInfo).port);
		server.close();
		expect(code).toBe('ECONNRESET');
		expect(isAmbiguousNetworkError(code)).toBe(true);
		expect(isNotSentError(code)).toBe(false);
	});

	it('a host name that does not exist is neither: the same request would fail the same way', () => {
		// What Node reports for a name DNS does not know (getaddrinfo ENOTFOUND); not retried.
		expect(isNotSentError('ENOTFOUND')).toBe(false);
		expect(isAmbiguousNetworkError('ENOTFOUND')).toBe(false);
	});
});
