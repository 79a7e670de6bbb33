import type { IncomingHttpHeaders } from 'node:http';

export type ProviderName = 'bik' | 'rehook' | 'omnidesk' | 'hyfin';
export const PROVIDERS: ProviderName[] = ['bik', 'rehook', 'omnidesk', 'hyfin'];

/** A request as a provider simulator sees it: the path below the provider's prefix, the body parsed. */
export interface SimRequest {
	method: string;
	/** Path below the provider's prefix, e.g. `/api/v2/customer/5` for `/omnidesk/api/v2/customer/5`. */
	path: string;
	query: Record<string, string>;
	headers: IncomingHttpHeaders;
	rawBody: string;
	/** The media type of the body, lower case, without parameters ('' when none). */
	contentType: string;
	/** The parsed JSON body, when the content type is JSON and it parses. */
	json?: unknown;
	/** True when the content type is JSON but the body does not parse. */
	badJson?: boolean;
	/** The fields of a multipart or urlencoded body. */
	form?: Record<string, string>;
	/** True when the content type is multipart but the body does not parse. */
	badForm?: boolean;
}

export interface SimReply {
	status: number;
	/** A JSON value (sent as JSON) or a string (sent as text); undefined sends no body. */
	body?: unknown;
	headers?: Record<string, string>;
}

/** One provider's behaviour: its endpoints, auth check and state. */
export interface ProviderSim {
	readonly name: ProviderName;
	/** Request headers that carry secrets: masked in the request log. */
	readonly secretHeaders: string[];
	handle(request: SimRequest): SimReply | Promise<SimReply>;
	/** Forgets every customer (and seeds nothing). */
	reset(): void;
	/** A summary of the state, for GET /_sandbox/state. */
	state(): Record<string, unknown>;
}

export const reply = (status: number, body?: unknown, headers?: Record<string, string>): SimReply => ({ status, body, headers });
