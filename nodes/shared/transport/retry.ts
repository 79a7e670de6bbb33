/**
 * The retry policy, as pure functions: which failures are retried, and how long to wait.
 *
 * - 429 is retried for every operation: the provider refused the request, nothing was applied.
 * - 5xx and broken connections are retried only for idempotent operations; a plain create that
 *   failed with a 500 may already have been applied, so sending it again could duplicate data.
 * - A connection that was refused or found no route never reached the provider and is retried
 *   for every operation.
 * - `Retry-After` (seconds or an HTTP date) on 429 and 503 is honoured; otherwise the wait is
 *   exponential backoff with jitter, capped at the user's maximum wait; after a 429 at least a
 *   second (LIMITED_PAUSE_MS), also capped at the maximum wait.
 */

/**
 * Connection errors where the request provably never reached the server: the connection was
 * refused, the name did not resolve, or no route led to the host or its network (the kernel
 * reports EHOSTUNREACH/ENETUNREACH on connect; on a connection already open it would report a
 * timeout only after many minutes, long after the request's own timeout).
 */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** Connection errors after which the request may or may not have been applied. */
const AMBIGUOUS_CODES = new Set([
	'ECONNRESET',
	'ECONNABORTED',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'EPIPE',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
	'UND_ERR_SOCKET',
]);

export const BACKOFF_BASE_MS = 500;

/**
 * The shortest pause after a 429 without Retry-After. Undocumented limits are mostly counted per
 * second: a shorter pause would end inside the window that is used up and meet more 429s.
 */
export const LIMITED_PAUSE_MS = 1000;

export interface RetrySettings {
	maxRetries: number;
	/** The longest single pause before a retry, in milliseconds. */
	maxWaitMs: number;
}

export type Outcome =
	| { kind: 'status'; status: number; retryAfter?: string | string[] }
	| { kind: 'network'; code: string; detail?: string };

export type Decision =
	| { retry: true; delayMs: number; /** pause every request of the node, not just this one */ global: boolean }
	| { retry: false; reason: 'not-retryable' | 'retries-exhausted' | 'wait-too-long'; delayMs?: number };

/** asctime, the one HTTP date format without a zone: RFC 9110 says it is GMT. */
const ASCTIME = /^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/;

/** The three date formats HTTP allows (RFC 9110 §5.6.7): IMF-fixdate, RFC 850 and asctime. */
const HTTP_DATE = [
	/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/,
	/^[A-Z][a-z]+, \d{2}-[A-Z][a-z]{2}-\d{2} \d{2}:\d{2}:\d{2} GMT$/,
	ASCTIME,
];

/** Parses a Retry-After header into milliseconds from `now`; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
	const raw = Array.isArray(value) ? value[0] : value;
	if (raw === undefined || raw === null) return undefined;
	const text = String(raw).trim();
	if (text === '') return undefined;
	if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
	if (!HTTP_DATE.some((format) => format.test(text))) return undefined;
	// Date.parse reads a date without a zone as local time: asctime is GMT (RFC 9110 §5.6.7).
	const date = Date.parse(ASCTIME.test(text) ? `${text} GMT` : text);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - now);
}

/** Exponential backoff with "equal jitter": half fixed, half random, capped at maxWaitMs. */
export function backoffDelay(attempt: number, maxWaitMs: number, random: () => number = Math.random): number {
	const ceiling = Math.min(maxWaitMs, BACKOFF_BASE_MS * 2 ** attempt);
	return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export function isNotSentError(code: string): boolean {
	return NOT_SENT_CODES.has(code);
}

/**
 * Whether the request may have been written to the provider before the connection failed with
 * `code`. Only a connection that never opened proves it was not: the codes above, and ENOTFOUND (a
 * name that did not resolve: not sent either, but not retried, since a wrong host name stays wrong).
 * Any other failure comes after the connection was made, when the request may already have been
 * sent and applied: a reset, a timeout, an answer that broke off or could not be parsed or unpacked.
 */
export function mayHaveBeenWritten(code: string): boolean {
	return !isNotSentError(code) && code !== 'ENOTFOUND';
}

export function isAmbiguousNetworkError(code: string): boolean {
	return AMBIGUOUS_CODES.has(code);
}

/**
 * Decides what to do after attempt number `attempt` (0 for the first try) ended with `outcome`.
 */
export function decide(
	outcome: Outcome,
	attempt: number,
	idempotent: boolean,
	settings: RetrySettings,
	random: () => number = Math.random,
	now = Date.now(),
): Decision {
	let retryable: boolean;
	let requested: number | undefined;
	let global = false;
	if (outcome.kind === 'status') {
		const { status } = outcome;
		if (status === 429) {
			retryable = true;
			global = true;
		} else if (status >= 500) {
			retryable = idempotent;
		} else {
			retryable = false;
		}
		if (status === 429 || status === 503) requested = parseRetryAfter(outcome.retryAfter, now);
		if (status === 503 && requested !== undefined) global = true;
	} else {
		retryable = isNotSentError(outcome.code) || (idempotent && isAmbiguousNetworkError(outcome.code));
	}
	if (!retryable) return { retry: false, reason: 'not-retryable' };
	if (attempt >= settings.maxRetries) return { retry: false, reason: 'retries-exhausted' };
	if (requested !== undefined) {
		if (requested > settings.maxWaitMs) return { retry: false, reason: 'wait-too-long', delayMs: requested };
		return { retry: true, delayMs: requested, global };
	}
	let delayMs = backoffDelay(attempt, settings.maxWaitMs, random);
	if (outcome.kind === 'status' && outcome.status === 429) delayMs = Math.min(settings.maxWaitMs, Math.max(delayMs, LIMITED_PAUSE_MS));
	return { retry: true, delayMs, global };
}
