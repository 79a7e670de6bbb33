import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { FieldError } from '../fields/params';
import { redact, redactDeep } from './secrets';
import type { Provider } from '../types';

/**
 * Why a call failed, as the transport saw it; turned into a NodeApiError by `apiError`.
 * `duplicateRisk`: the transport did not retry because sending it again could create a duplicate
 * (a plain create after a 5xx or a lost answer); the message then says so.
 * `unreadableAnswer`: the provider answered (with this status, when it was read), but the answer
 * could not be read.
 */
export type CallFailure =
	| { kind: 'status'; status: number; body: unknown; retries: number; duplicateRisk: boolean }
	| { kind: 'network'; code: string; detail: string; retries: number; duplicateRisk: boolean; unreadableAnswer?: { status?: number } }
	| {
			kind: 'redirect';
			status: number;
			/** Where the answer redirected to (resolved against the request's URL). */
			location: string;
			method: string;
			/** How many redirects were followed before this one. */
			followed: number;
			/** Why it was not followed: a write, another origin, or too many redirects in a row. */
			reason: 'write' | 'other-origin' | 'too-many';
			duplicateRisk: boolean;
	  }
	| {
			/** A paged read whose next page repeats an earlier one: the walk would never end. */
			kind: 'paging';
			/** The repeated page's paging parameters, e.g. "itemStart=99, itemLimit=99". */
			page: string;
	  }
	/** `sent`: false when the request was never sent, because the provider had paused every request. */
	| { kind: 'wait-too-long'; status: number; waitMs: number; maxWaitMs: number; body: unknown; sent: boolean }
	/**
	 * The provider gave no answer to `failures` attempts in a row over `overMs` (the Pacer's breaker
	 * is open): this item's request was not sent again (`sent`: how often it was sent before).
	 */
	| { kind: 'unreachable'; code: string; failures: number; overMs: number; retryInMs: number; baseUrl: string; sent: number }
	| { kind: 'other'; detail: string };

export class CallFailed extends Error {
	constructor(readonly failure: CallFailure) {
		super(failure.kind);
		this.name = 'CallFailed';
	}
}

/**
 * An item's steps cannot go on although every call succeeded: a lookup found no record, or more
 * than one. The runner reports it as the item's error, with `description` saying how to fix it.
 */
export class StepFailed extends Error {
	constructor(
		message: string,
		readonly description: string,
	) {
		super(message);
		this.name = 'StepFailed';
	}
}

const NETWORK_TEXT: Record<string, string> = {
	ECONNREFUSED: 'the connection was refused',
	ECONNRESET: 'the connection was closed before an answer came',
	ECONNABORTED: 'no answer came before the timeout',
	ETIMEDOUT: 'no answer came before the timeout',
	ENOTFOUND: 'the host name could not be resolved',
	EAI_AGAIN: 'the host name could not be resolved right now',
	EPIPE: 'the connection broke while sending',
	EHOSTUNREACH: 'no route led to the host',
	ENETUNREACH: 'no route led to the host’s network',
};

function join(headline: string | undefined, detail: string | undefined): string | undefined {
	if (!headline) return detail;
	if (!detail || detail.toLowerCase().includes(headline.toLowerCase())) return detail ?? headline;
	return `${headline}: ${detail}`;
}

function hintFor(status: number): string {
	if (status === 401 || status === 403) return "Check the credential's key, secret or token, and that it may use this endpoint.";
	if (status === 404) return "Check the Base URL in the credential and the IDs sent; the provider could not find what was asked for.";
	if (status === 429) return 'The provider kept rate limiting. Lower Options › Concurrency or raise Options › Max Retries.';
	if (status >= 500) return 'The provider had a problem. Try again later.';
	return 'Check the values sent for this item.';
}

/**
 * Turns a failed call into the NodeApiError a user reads: the provider's text, the HTTP code, the
 * item (none for a call the editor made, e.g. to list customers).
 */
export function apiError(
	node: INode,
	provider: Provider,
	failure: CallFailure,
	itemIndex: number | undefined,
	secrets: string[],
): NodeApiError {
	const name = provider.displayName;
	let message: string;
	let description: string;
	let httpCode: string | undefined;
	let body: unknown;
	if (failure.kind === 'network' && failure.unreadableAnswer) {
		const status = failure.unreadableAnswer.status;
		message = `${name} answered, but the answer could not be read: ${failure.detail}`;
		description = `${name} answered${status === undefined ? '' : ` ${status}`}, but the answer could not be read (${failure.code}). ${retryNote(failure.retries, failure.duplicateRisk)}${failure.duplicateRisk ? `Check in ${name} whether the request was applied before sending it again. ` : ''}Check that nothing between n8n and ${name} (a proxy) changes its answers.`;
	} else if (failure.kind === 'network') {
		const text = NETWORK_TEXT[failure.code] ?? failure.detail;
		// The code goes in the description: n8n replaces a message that names it with a generic text.
		message = `Could not reach ${name}: ${text}`;
		description = `Network error ${failure.code}. ${retryNote(failure.retries, failure.duplicateRisk)}Check the Base URL in the credential and that ${name} is reachable from n8n.`;
	} else if (failure.kind === 'redirect') {
		httpCode = String(failure.status);
		const { location, method, status } = failure;
		if (failure.reason === 'write') {
			message = `${name} redirected the request to ${location}; a ${method} is not sent on`;
			description = `${name} answered ${status} with Location ${location}. Nothing was sent there: a write goes only to the Base URL, never on to where a redirect points (n8n would turn a POST into a GET that writes nothing, or send it again elsewhere). ${failure.duplicateRisk ? `A 303 answers a request that was applied: check in ${name} before sending it again. ` : ''}Set the Base URL in the credential to where the API lives now.`;
		} else if (failure.reason === 'other-origin') {
			const origin = new URL(location).origin;
			message = `${name} redirected the request to another host: ${location}`;
			description = `${name} answered ${status}. Nothing was sent to ${origin}: the credential goes only to the Base URL's host. If the API has moved there, set the Base URL in the credential to ${origin}.`;
		} else {
			message = `${name} redirected the request more than ${failure.followed} times, last to ${location}`;
			description = `${name} keeps redirecting. Check the Base URL in the credential.`;
		}
	} else if (failure.kind === 'paging') {
		message = `${name} sent the same page again (${failure.page}): Return All stopped`;
		description = `${name} seems to ignore the paging parameters and sends no total, so the pages would never end. Turn off Return All and set a Limit, or check the Base URL in the credential.`;
	} else if (failure.kind === 'unreachable') {
		const text = NETWORK_TEXT[failure.code] ?? failure.code;
		const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;
		const item = failure.sent === 0 ? 'This item was not sent' : `This item was sent ${failure.sent === 1 ? 'once' : `${failure.sent} times`}, then not again`;
		message = `Could not reach ${name}: no answer to ${failure.failures} attempts in a row over ${seconds(failure.overMs)} (${text})`;
		description = `Network error ${failure.code} at ${failure.baseUrl}. ${item}: after ${failure.failures} failed connections in a row the node stops sending to ${name} and tries one request again in ${seconds(failure.retryInMs)}. Check the Base URL in the credential and that ${name} is reachable from n8n.`;
	} else if (failure.kind === 'other') {
		message = `The request to ${name} could not be sent: ${failure.detail}`;
		description = `Check the ${name} credential and n8n's outbound network settings.`;
	} else if (failure.kind === 'wait-too-long') {
		httpCode = String(failure.status);
		body = redactDeep(failure.body, secrets);
		message = `${name} asked to wait ${Math.ceil(failure.waitMs / 1000)} s before retrying, longer than Max Wait (${failure.maxWaitMs / 1000} s)`;
		const unsent = failure.sent ? '' : `Not sent: ${name} asked every request to wait. `;
		description = `${unsent}Raise Options › Max Wait (Seconds), lower Options › Concurrency, or run the workflow later.`;
	} else {
		httpCode = String(failure.status);
		// Secrets are masked in the whole answer first: a shortened text could cut a secret in two,
		// and half a secret no longer matches it.
		body = redactDeep(failure.body, secrets);
		const meaning = failure.status < 300 ? provider.refused : provider.statusMeanings[failure.status];
		const own = provider.errorMessage(body) ?? plainText(body);
		message = join(meaning, own) ?? `${name} answered with HTTP ${failure.status}`;
		const reference = provider.errorReference?.(body);
		description = `${name} answered ${failure.status}${meaning ? ` (${meaning})` : ''}. ${retryNote(failure.retries, failure.duplicateRisk)}${hintFor(failure.status)}${reference ? ` ${name} request ID: ${reference}.` : ''}`;
	}
	const errorResponse: JsonObject = { httpCode: httpCode ?? null, body: (body ?? null) as JsonObject };
	return new NodeApiError(node, errorResponse, {
		message: `${redact(message, secrets)}${itemIndex === undefined ? '' : ` [item ${itemIndex}]`}`,
		description: redact(description, secrets),
		httpCode,
		itemIndex,
	});
}

/**
 * The texts of an `errors` list as providers send it: strings, or objects with a `message`
 * (BIK: [{"message": "..."}], Hyfin: ["..."]). Joined with "; "; undefined when there are none.
 */
export function errorTexts(errors: unknown): string | undefined {
	const list = Array.isArray(errors) ? errors : typeof errors === 'string' ? [errors] : [];
	const texts = list
		.map((entry) => (typeof entry === 'string' ? entry : entry && typeof entry === 'object' ? (entry as { message?: unknown }).message : undefined))
		.filter((text): text is string => typeof text === 'string' && text.trim() !== '')
		.map((text) => text.trim());
	return texts.length ? texts.join('; ') : undefined;
}

/**
 * The error text of a body shaped `{errors: [...], message: "..."}` (BIK's and Hyfin's): the
 * `errors` list when it has texts, else the `message`, trimmed; undefined when neither is there.
 */
export function errorsOrMessage(body: unknown): string | undefined {
	if (!body || typeof body !== 'object') return undefined;
	const { errors, message } = body as { errors?: unknown; message?: unknown };
	return errorTexts(errors) ?? (typeof message === 'string' && message.trim() ? message.trim() : undefined);
}

/** A non-JSON answer (an HTML or text error page), shortened to what a message can hold. */
function plainText(body: unknown): string | undefined {
	if (typeof body !== 'string') return undefined;
	const text = body.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
	if (!text) return undefined;
	return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

function retryNote(retries: number, duplicateRisk: boolean): string {
	const duplicate = 'this operation could create a duplicate if sent twice. ';
	if (retries > 0 && duplicateRisk) return `Tried ${retries + 1} times; not retried after this answer: ${duplicate}`;
	if (retries > 0) return `Tried ${retries + 1} times. `;
	if (duplicateRisk) return `Not retried: ${duplicate}`;
	return '';
}

/** Bad input for one item, named by item and field. */
export function inputError(node: INode, error: FieldError, itemIndex: number): NodeOperationError {
	return new NodeOperationError(node, `Invalid "${error.field}": ${error.problem} [item ${itemIndex}]`, {
		itemIndex,
		description: error.hint ?? `Fix "${error.field}" for this item; nothing was sent for it.`,
	});
}

/**
 * The output item of a failed input item under "Continue On Fail": `error` holds the message and
 * `details` how to fix it and the HTTP code, keys that n8n's error output recognises.
 */
export function errorJson(error: NodeApiError | NodeOperationError): IDataObject {
	const details: IDataObject = {};
	if (error instanceof NodeApiError && error.httpCode) details.httpCode = error.httpCode;
	if (error.description) details.description = error.description;
	return { error: error.message, details };
}
