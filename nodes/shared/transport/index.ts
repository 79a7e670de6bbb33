import type { ICredentialDataDecryptedObject, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { CallFailed, type CallFailure } from './errors';
import { encodeForm } from './forms';
import type { RunSettings } from '../fields/options';
import type { Pacer, Refusal } from '../pacing/pacer';
import { decide, isAmbiguousNetworkError, type Outcome } from './retry';
import type { ApiRequest, Operation, Provider } from '../types';

export interface Connection {
	credentialType: string;
	credentials: ICredentialDataDecryptedObject;
	baseUrl: string;
	provider: Provider;
	settings: RunSettings;
	/**
	 * The Pacer the executions of this credential share (docs/pacing.md): it says when each attempt
	 * may start, or refuses it, and learns from each attempt's outcome.
	 */
	pacer: Pacer;
}

interface FullResponse {
	statusCode: number;
	headers: Record<string, string | string[] | undefined>;
	body: unknown;
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
export function httpOptions(connection: Connection, request: ApiRequest): IHttpRequestOptions {
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
		qs: request.qs,
		body,
		headers,
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: connection.settings.timeoutMs,
	};
}

/** The first error code (ECONNREFUSED, ETIMEDOUT, …) along an error's cause chain. */
export function networkCode(error: unknown): string | undefined {
	let current = error as { code?: unknown; cause?: unknown } | undefined;
	for (let depth = 0; current && depth < 5; depth++) {
		if (typeof current.code === 'string' && /^(E[A-Z_]+|ERR_[A-Z_]+|UND_ERR_[A-Z_]+)$/.test(current.code)) {
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
 * Sends one request with the retry policy: returns the body of a successful answer, or throws
 * CallFailed describing the last failure. An error that is neither an HTTP answer nor a
 * connection failure (n8n refusing the request: a missing credential, a blocked host) is not
 * retried: it becomes CallFailed of kind 'other', carrying the error's message.
 */
export async function send(
	ctx: IExecuteFunctions,
	connection: Connection,
	request: ApiRequest,
	policy: Pick<Operation, 'idempotent' | 'goneMeansDone'>,
): Promise<unknown> {
	const { provider, settings, pacer } = connection;
	const { idempotent } = policy;
	/** Whether an earlier attempt may have been applied although its answer was lost. */
	let answerLost = false;
	// A user's Stop aborts the requests in flight (n8n passes this signal to its HTTP client).
	const cancel = ctx.getExecutionCancelSignal?.();
	const cancelled = () => new CallFailed({ kind: 'other', detail: 'the execution was cancelled' });
	// What was asked, for the latency baseline: the method and the path without its IDs.
	const kind = `${request.method} ${request.path.replace(/[^/]*\d[^/]*/g, ':')}`;
	for (let attempt = 0; ; attempt++) {
		if (cancel?.aborted) throw cancelled();
		const startedAt = await pacer.start(settings.maxWaitMs);
		if (typeof startedAt !== 'number') throw new CallFailed(refused(startedAt, connection, attempt));
		let outcome: Outcome;
		let body: unknown;
		let response: FullResponse | undefined;
		let caught: unknown;
		try {
			response = (await ctx.helpers.httpRequestWithAuthentication.call(
				ctx,
				connection.credentialType,
				httpOptions(connection, request),
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
		const failedCode = response ? undefined : networkCode(caught);
		if (response || failedCode) pacer.record(startedAt, response?.statusCode, { code: failedCode, kind });
		if (response) {
			body = response.body;
			if (response.statusCode >= 200 && response.statusCode < 300) {
				if (!provider.isFailure?.(body)) return body;
				// A refusal is the provider's final answer: nothing to retry, no risk of a duplicate.
				throw new CallFailed({ kind: 'status', status: response.statusCode, body, retries: attempt, duplicateRisk: false });
			}
			// The delete went through on an attempt whose answer was lost: nothing is left to delete.
			if (response.statusCode === 404 && answerLost && policy.goneMeansDone) return undefined;
			outcome = { kind: 'status', status: response.statusCode, retryAfter: response.headers?.['retry-after'] };
		} else {
			const code = networkCode(caught);
			const detail = caught instanceof Error ? caught.message : String(caught);
			if (!code) throw new CallFailed({ kind: 'other', detail });
			outcome = { kind: 'network', code, detail };
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
				duplicateRisk: !idempotent && isAmbiguousNetworkError(outcome.code),
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
