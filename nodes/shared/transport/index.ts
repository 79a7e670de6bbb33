import type { ICredentialDataDecryptedObject, IExecuteFunctions, IHttpRequestOptions, IPollFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { CallFailed } from './errors';
import { encodeForm } from './forms';
import type { RunSettings } from '../fields/options';
import type { Pacer } from '../pacing/pacer';
import { decide, isAmbiguousNetworkError, type Outcome } from './retry';
import type { ApiRequest, Operation, Provider } from '../types';

export interface Connection {
	credentialType: string;
	credentials: ICredentialDataDecryptedObject;
	baseUrl: string;
	provider: Provider;
	settings: RunSettings;
	/** The RateGate and the adaptive concurrency; every attempt's outcome is recorded there. */
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

/**
 * Sends one request with the retry policy: returns the body of a successful answer, or throws
 * CallFailed describing the last failure. An error that is neither an HTTP answer nor a
 * connection failure (n8n refusing the request: a missing credential, a blocked host) is not
 * retried: it becomes CallFailed of kind 'other', carrying the error's message.
 * Both an action node's and a polling trigger's context can send.
 */
export async function send(
	ctx: IExecuteFunctions | IPollFunctions,
	connection: Connection,
	request: ApiRequest,
	policy: Pick<Operation, 'idempotent' | 'goneMeansDone'>,
): Promise<unknown> {
	const { provider, settings, pacer } = connection;
	const { gate } = pacer;
	const { idempotent } = policy;
	/** Whether an earlier attempt may have been applied although its answer was lost. */
	let answerLost = false;
	for (let attempt = 0; ; attempt++) {
		const startedAt = await gate.wait();
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
		// Errors other than HTTP answers and connection failures say nothing about the provider.
		if (response || networkCode(caught)) pacer.record(startedAt, response?.statusCode);
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
			if (decision.global) gate.pause(decision.delayMs);
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
			throw new CallFailed({
				kind: 'wait-too-long',
				status: outcome.status,
				waitMs: decision.delayMs ?? 0,
				maxWaitMs: settings.maxWaitMs,
				body,
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
