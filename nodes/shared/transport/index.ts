import type { ICredentialDataDecryptedObject, IExecuteFunctions, IHttpRequestOptions, ILoadOptionsFunctions, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { CallFailed, type CallFailure } from './errors';
import { encodeForm } from './forms';
import type { RunSettings } from '../fields/options';
import type { Pacer, Refusal } from '../pacing/pacer';
import { gateKey, sharedPacer } from '../pacing/shared';
import { decide, isAmbiguousNetworkError, mayHaveBeenWritten, type Outcome } from './retry';
import { secretValues } from './secrets';
import type { ApiRequest, Operation, Provider } from '../types';

/**
 * The transport: everything between an operation's ApiRequest and the provider's answer.
 * - `openConnection` prepares a run's credential once: it checks the Base URL, splits the public
 *   fields (what an operation may read) from the secrets (what every message masks), and takes
 *   the credential's shared Pacer (pacing/shared.ts).
 * - `send` sends one request through n8n's httpRequestWithAuthentication (n8n applies the
 *   credential, its proxy and SSRF settings), with the retry policy of retry.ts and the pace of the
 *   Pacer, and returns the answer's body or throws CallFailed (errors.ts).
 */

/**
 * Who sends: a node's run, a polling trigger's poll (the Omnidesk Trigger), or the editor loading a
 * list (a resource locator's From List).
 */
export type SendContext = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions;

/** One run's credential, prepared once by `openConnection`, and what every request of the run shares. */
export interface Connection {
	credentialType: string;
	/** The decrypted credential, as n8n's authenticate gets it. */
	credentials: ICredentialDataDecryptedObject;
	/** The credential's fields that are not secret: what an operation's build may read. */
	publicFields: ICredentialDataDecryptedObject;
	/** The secret values and the forms they travel in: masked in every output, error and log line. */
	secrets: string[];
	baseUrl: string;
	provider: Provider;
	settings: RunSettings;
	/**
	 * The Pacer the executions of this credential share (docs/pacing.md): it says when each attempt
	 * may start, or refuses it, and learns from each attempt's outcome.
	 */
	pacer: Pacer;
}

/**
 * Reads the credential (once per run, or once per list the editor loads) and prepares what every
 * request needs; fails with a clear error when the Base URL is not an http(s) URL.
 */
export async function openConnection(
	ctx: SendContext,
	provider: Provider,
	credentialType: string,
	settings: RunSettings,
): Promise<Connection> {
	const credentials = (await ctx.getCredentials(credentialType)) as ICredentialDataDecryptedObject;
	const baseUrl = normaliseBaseUrl(credentials.baseUrl);
	if (!baseUrl) {
		throw new NodeOperationError(ctx.getNode(), `The Base URL in the ${provider.displayName} credential is not a valid http(s) URL`, {
			description: 'Open the credential and enter a URL such as https://api.example.com, without a query string.',
		});
	}
	const publicFields = publicFieldsOf(credentials, provider.secretFields);
	const secrets = secretValues(credentials, provider.secretFields);
	const key = gateKey(ctx, { credentialType, baseUrl, publicFields, secrets });
	return {
		credentialType,
		credentials,
		publicFields,
		secrets,
		baseUrl,
		provider,
		settings,
		pacer: sharedPacer(key, settings.maxConcurrency),
	};
}

interface FullResponse {
	statusCode: number;
	headers: Record<string, string | string[] | undefined>;
	body: unknown;
}

/** The credential's fields that are not secret (`secretFields`): what an operation may read. */
export function publicFieldsOf(credentials: ICredentialDataDecryptedObject, secretFields: string[]): ICredentialDataDecryptedObject {
	return Object.fromEntries(Object.entries(credentials).filter(([field]) => !secretFields.includes(field)));
}

/** Normalises a credential's base URL: http(s) only, no trailing slash. */
export function normaliseBaseUrl(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	const trimmed = value.trim().replace(/\/+$/, '');
	if (!/^https?:\/\/[^/?#\s]+/i.test(trimmed) || /[?#\s]/.test(trimmed)) return undefined;
	try {
		const url = new URL(trimmed);
		if (url.search || url.hash) return undefined;
	} catch {
		return undefined;
	}
	return trimmed;
}

/** The HTTP options for one request; every call goes through httpRequestWithAuthentication. */
export function httpOptions(connection: Pick<Connection, 'baseUrl' | 'settings'>, request: ApiRequest): IHttpRequestOptions {
	const headers: Record<string, string> = { ...request.headers };
	let body = request.body;
	if (request.form) {
		const encoded = encodeForm(request.form);
		body = encoded.body;
		headers['Content-Type'] = encoded.contentType;
	} else if (body !== undefined && typeof body !== 'string') {
		headers['Content-Type'] = 'application/json';
	}
	return {
		method: request.method,
		url: `${connection.baseUrl}${request.path.startsWith('/') ? '' : '/'}${request.path}`,
		// Redirects are n8n's to follow no more: see redirectTarget.
		disableFollowRedirect: true,
		qs: request.qs,
		body,
		headers,
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: connection.settings.timeoutMs,
	};
}

/** The full URL of a request's options, its query string included (what a relative Location is resolved against). */
function requestUrl(options: IHttpRequestOptions): string {
	const url = new URL(options.url);
	for (const [name, value] of Object.entries(options.qs ?? {})) url.searchParams.append(name, String(value));
	return url.href;
}

/**
 * The first error code along an error's cause chain: a connection's (ECONNREFUSED, ETIMEDOUT, …),
 * the HTTP client's (ERR_BAD_RESPONSE, UND_ERR_…), the HTTP parser's (HPE_…) or zlib's (Z_…).
 */
export function networkCode(error: unknown): string | undefined {
	let current = error as { code?: unknown; cause?: unknown } | undefined;
	for (let depth = 0; current && depth < 5; depth++) {
		if (typeof current.code === 'string' && /^(E[A-Z_]+|ERR_[A-Z_]+|UND_ERR_[A-Z_]+|HPE_[A-Z_]+|Z_[A-Z_]+)$/.test(current.code)) {
			return current.code;
		}
		current = current.cause as typeof current;
	}
	return undefined;
}

/** The failure of a request the Pacer refused: `sent` attempts of it went out before. */
function refused(refusal: Refusal, connection: Connection, sent: number): CallFailure {
	if (refusal.kind === 'paused') {
		// The provider asked every request to wait longer than Max Wait.
		const { waitMs, status } = refusal;
		return { kind: 'wait-too-long', status, waitMs, maxWaitMs: connection.settings.maxWaitMs, body: undefined, sent: sent > 0 };
	}
	return { ...refusal, baseUrl: connection.baseUrl, sent };
}

/**
 * An answer that came but could not be read (a broken gzip body, a bad chunk, a body cut short),
 * with its HTTP status when its head was read; undefined when no answer came. The HTTP client's
 * error along the cause chain holds the answer's head; an HTTP parser error (HPE_…) means bytes of
 * an answer came.
 */
export function unreadableAnswer(error: unknown, code: string | undefined): { status?: number } | undefined {
	let current = error as { response?: { status?: unknown }; cause?: unknown } | undefined;
	for (let depth = 0; current && depth < 5; depth++) {
		if (typeof current.response?.status === 'number') return { status: current.response.status };
		current = current.cause as typeof current;
	}
	return code?.startsWith('HPE_') ? {} : undefined;
}

/** The statuses that redirect (RFC 9110 §15.4) and that n8n's HTTP client would follow. */
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** How many redirects in a row a read follows on the Base URL's origin. */
export const MAX_REDIRECTS = 5;

/**
 * Redirects. Every request is sent with n8n's redirect following off (`disableFollowRedirect`),
 * because n8n's HTTP client would send the credential on to any host (n8n's
 * `sendCredentialsOnCrossOriginRedirect` is on by default, and a header such as Omnidesk's
 * `apikey` is always sent on), turn a POST met by a 301, 302 or 303 into a GET that writes nothing
 * and report success, and send a body again on a 307 or 308. Instead, for an answer that redirects:
 * - a write (any method but GET, BIK's POST reads included) is not sent on: it fails with an error
 *   that names the location. After a 303 (the answer to a request that was applied) a plain
 *   create counts as may have been applied, so n8n's Retry On Fail never sends it again;
 * - a read to another origin (scheme, host and port) is not sent on either: the credential goes only
 *   to the Base URL's origin. The error names the location and suggests it as the Base URL;
 * - a read on the Base URL's origin is followed, up to MAX_REDIRECTS times, through
 *   httpRequestWithAuthentication, so n8n applies the credential again.
 * Returns the URL to ask next, or throws CallFailed of kind 'redirect'.
 */
function redirectTarget(
	connection: Connection,
	request: ApiRequest,
	response: FullResponse,
	from: string,
	hops: number,
	idempotent: boolean,
): string | undefined {
	const header = response.headers?.location;
	const location = Array.isArray(header) ? header[0] : header;
	if (!REDIRECTS.has(response.statusCode) || !location) return undefined;
	let target: URL;
	try {
		target = new URL(location, from);
	} catch {
		return undefined;
	}
	const failure = { kind: 'redirect' as const, status: response.statusCode, location: target.href, method: request.method, followed: hops };
	if (request.method !== 'GET') {
		throw new CallFailed({ ...failure, reason: 'write', duplicateRisk: !idempotent && response.statusCode === 303 });
	}
	if (target.origin !== new URL(connection.baseUrl).origin) throw new CallFailed({ ...failure, reason: 'other-origin', duplicateRisk: false });
	if (hops >= MAX_REDIRECTS) throw new CallFailed({ ...failure, reason: 'too-many', duplicateRisk: false });
	return target.href;
}

/**
 * Sends one request with the retry policy: returns the body of a successful answer, or throws
 * CallFailed describing the last failure. A redirect is followed only as `redirectTarget` allows. An error that is neither an HTTP answer nor a
 * connection failure (n8n refusing the request: a missing credential, a blocked host) is not
 * retried: it becomes CallFailed of kind 'other', carrying the error's message.
 * An action node's run, a polling trigger's poll and the editor's list search can send (`SendContext`).
 */
export async function send(
	ctx: SendContext,
	connection: Connection,
	request: ApiRequest,
	policy: Pick<Operation, 'idempotent' | 'goneMeansDone'>,
): Promise<unknown> {
	const { provider, settings, pacer } = connection;
	const { idempotent } = policy;
	/** Whether an earlier attempt may have been applied although its answer was lost. */
	let answerLost = false;
	/** Where a followed redirect led (a read on the Base URL's origin), and how many were followed. */
	let redirectedTo: string | undefined;
	let hops = 0;
	// A user's Stop aborts the requests in flight (n8n passes this signal to its HTTP client); a poll
	// and the editor loading a list have no execution to stop.
	const cancel = 'getExecutionCancelSignal' in ctx ? ctx.getExecutionCancelSignal?.() : undefined;
	const cancelled = () => new CallFailed({ kind: 'other', detail: 'the execution was cancelled' });
	// What was asked, for the latency baseline: the method and the path without its IDs.
	const kind = `${request.method} ${request.path.replace(/[^/]*\d[^/]*/g, ':')}`;
	for (let attempt = 0; ; attempt++) {
		if (cancel?.aborted) throw cancelled();
		const options = httpOptions(connection, request);
		if (redirectedTo) Object.assign(options, { url: redirectedTo, qs: undefined });
		// A fixed Concurrency is the user's: exactly that many in flight, started as they free.
		const startedAt = await pacer.start(settings.maxWaitMs, settings.concurrency === undefined);
		if (typeof startedAt !== 'number') throw new CallFailed(refused(startedAt, connection, attempt));
		let outcome: Outcome;
		let body: unknown;
		let response: FullResponse | undefined;
		let caught: unknown;
		try {
			response = (await ctx.helpers.httpRequestWithAuthentication.call(
				ctx,
				connection.credentialType,
				options,
				{
					credentialsDecrypted: {
						id: connection.credentialType,
						name: connection.credentialType,
						type: connection.credentialType,
						data: connection.credentials,
					},
				},
			)) as FullResponse;
		} catch (error) {
			caught = error;
		}
		// A request the Stop aborted, and errors other than HTTP answers and connection failures, say
		// nothing about the provider: they are not recorded.
		if (!response && cancel?.aborted) throw cancelled();
		const code = response ? undefined : networkCode(caught);
		const unreadable = response ? undefined : unreadableAnswer(caught, code);
		if (response || code || unreadable) {
			pacer.record(startedAt, response?.statusCode ?? unreadable?.status, { code, kind });
		}
		if (response) {
			body = response.body;
			const next = redirectTarget(connection, request, response, redirectedTo ?? requestUrl(options), hops, idempotent);
			if (next) {
				redirectedTo = next;
				hops++;
				// A redirect followed is not a retry: it does not count against Max Retries.
				attempt--;
				continue;
			}
			if (response.statusCode >= 200 && response.statusCode < 300) {
				if (!provider.isFailure?.(body)) return body;
				// A refusal is the provider's final answer: nothing to retry, no risk of a duplicate.
				throw new CallFailed({ kind: 'status', status: response.statusCode, body, retries: attempt, duplicateRisk: false });
			}
			// The delete went through on an attempt whose answer was lost: nothing is left to delete.
			if (response.statusCode === 404 && answerLost && policy.goneMeansDone) return undefined;
			outcome = { kind: 'status', status: response.statusCode, retryAfter: response.headers?.['retry-after'] };
		} else {
			const detail = caught instanceof Error ? caught.message : String(caught);
			// Neither a connection failure nor an answer: n8n refused the request before sending it.
			if (!code && !unreadable) throw new CallFailed({ kind: 'other', detail });
			outcome = { kind: 'network', code: code ?? 'ERR_BAD_RESPONSE', detail };
		}
		const decision = decide(outcome, attempt, idempotent, settings);
		if (outcome.kind === 'network' && isAmbiguousNetworkError(outcome.code)) answerLost = true;
		if (decision.retry) {
			// The provider gives no answer at all (the breaker opened): fail now, not after a sleep.
			const unreachable = outcome.kind === 'network' ? pacer.unreachable() : undefined;
			if (unreachable) throw new CallFailed(refused(unreachable, connection, attempt + 1));
			if (decision.global) pacer.pause(decision.delayMs);
			else await sleep(decision.delayMs);
			continue;
		}
		if (outcome.kind === 'network') {
			throw new CallFailed({
				kind: 'network',
				code: outcome.code,
				detail: outcome.detail ?? outcome.code,
				retries: attempt,
				duplicateRisk: !idempotent && mayHaveBeenWritten(outcome.code),
				...(unreadable ? { unreadableAnswer: unreadable } : {}),
			});
		}
		if (decision.reason === 'wait-too-long') {
			// The provider's pause holds every request to it, not only this one.
			pacer.pause(decision.delayMs ?? 0, outcome.status);
			throw new CallFailed({
				kind: 'wait-too-long',
				status: outcome.status,
				waitMs: decision.delayMs ?? 0,
				maxWaitMs: settings.maxWaitMs,
				body,
				sent: true,
			});
		}
		throw new CallFailed({
			kind: 'status',
			status: outcome.status,
			body,
			retries: attempt,
			duplicateRisk: decision.reason === 'not-retryable' && outcome.status >= 500,
		});
	}
}
