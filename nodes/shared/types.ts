import type {
	IDataObject,
	IHttpRequestMethods,
	INodeProperties,
	ICredentialDataDecryptedObject,
} from 'n8n-workflow';

import type { AutoMapSpec } from './fields/automap';
import type { FormBody } from './transport/forms';
import type { Params } from './fields/params';

/** One HTTP call, as an operation describes it: relative to the credential's base URL. */
export interface ApiRequest {
	method: IHttpRequestMethods;
	/** Path below the base URL; every user-supplied segment already encoded. */
	path: string;
	qs?: IDataObject;
	/** A JSON body (object or array), or a string sent with the given Content-Type header. */
	body?: IDataObject | IDataObject[] | string;
	/** A form body (multipart or urlencoded) instead of `body`; the transport encodes it. */
	form?: FormBody;
	headers?: Record<string, string>;
	/** What the request acts on (IDs), for the output of calls that answer "No content"; not sent. */
	about?: IDataObject;
	/** Paged reads only: stop after this many output items (not sent; undefined means all). */
	maxItems?: number;
	/**
	 * For an item that needs more than one call (a lookup by External ID before the real request,
	 * or Create or Update: search, then update or create). The runner then does not send this
	 * request itself but calls `steps` once, with `call`; `steps` sends this request first and then
	 * whatever the answers call for. It returns the last answer and the request that `output`
	 * describes it with. All the calls are one item to n8n's Retry On Fail (run/tries.ts): an item
	 * that succeeded, or whose create may have been applied, is not run again on the next try.
	 * `build` only describes the steps: it still validates everything before anything is sent.
	 */
	steps?: (call: Call) => Promise<Answered>;
}

/** The retry policy of one call (see transport/retry.ts): may it be sent again after a 5xx or a lost answer? */
export type CallPolicy = Pick<Operation, 'idempotent' | 'goneMeansDone'>;

/**
 * Sends one request through the shared transport (the credential, pacing, Retry-After and the
 * retry policy) and answers with the provider's body; a failure throws CallFailed. Without
 * `policy` the operation's own applies: give `{ idempotent: true }` for a lookup inside a create,
 * and never for a call that creates something.
 */
export type Call = (request: ApiRequest, policy?: CallPolicy) => Promise<unknown>;

/** What `steps` ends with: the last answer, and the request whose `about` the output reports. */
export interface Answered {
	body: unknown;
	request: ApiRequest;
}

/** How a paged read walks its pages. */
export interface Paging {
	/** The output items one page's answer carries. */
	itemsOf(body: unknown): IDataObject[];
	/** The request for the page after `request`, or undefined when `body` was the last one. */
	next(request: ApiRequest, body: unknown, received: number): ApiRequest | undefined;
}

/** What an operation may read besides its parameters: the non-secret credential fields and the input item. */
export interface BuildContext {
	credentials: ICredentialDataDecryptedObject;
	/** The input item's JSON, which Map Automatically takes the fields from. */
	item: IDataObject;
	/** The node's version (`typeVersion`) in the workflow; 1 when not given. */
	nodeVersion?: number;
}

/**
 * An operation as data: its fields, whether a retry can duplicate data, and two pure
 * functions from parameters to the request and from the answer to output items.
 */
export interface Operation {
	/** How the Operation switch lists it (the value is its key in the resource's OperationMap). */
	option: OperationOption;
	/**
	 * Its fields, each shown only for this operation (`showFor`). With `autoMap` these are the
	 * Define Below fields: the Input Mode switch comes from describe.ts.
	 */
	description: INodeProperties[];
	/**
	 * Map Automatically: the API's field names and where each goes among the Define Below fields
	 * (per node version, when a version renamed a field: `AutoMapSpec.versions`). The runner applies
	 * it before `build`, for the node's version (fields/automap.ts `autoMapped`), and the panel gets
	 * the Input Mode and Ignore Unknown Fields switches.
	 */
	autoMap?: AutoMapSpec;
	/**
	 * True when sending the request twice cannot change the result (reads, upserts, updates,
	 * deletes): only then are 5xx answers and broken connections retried.
	 */
	idempotent: boolean;
	/**
	 * Not idempotent, yet no item makes a second record: it searches before it creates (Omnidesk's
	 * Create or Update, made of several calls). Its create is still never sent twice; the panel
	 * shows no "each item creates a new record" notice for it.
	 */
	upsert?: boolean;
	/**
	 * Deletes: a 404 to a retry, after an attempt whose answer was lost (a broken connection),
	 * means that attempt did the work, so the item succeeds instead of failing with "not found".
	 */
	goneMeansDone?: boolean;
	/** Validates the item's parameters (throwing FieldError) and returns the exact request. */
	build(params: Params, context: BuildContext): ApiRequest;
	/** Turns the provider's answer into output JSON; one object per output item. */
	output?(body: unknown, request: ApiRequest): IDataObject | IDataObject[];
	/**
	 * For reads that page: each page's items become output items (paired with the input item)
	 * as they arrive, and `next` asks for the following page. `output` is not used then.
	 */
	paging?: Paging;
}

/** An operation's entry in the Operation switch. */
export interface OperationOption {
	/** Title Case, e.g. "Create or Update". */
	name: string;
	/** Sentence case: what it does. */
	description: string;
	/** Sentence case, as the node panel lists actions: "Create or update a customer". */
	action: string;
}

export type OperationMap = Record<string, Record<string, Operation>>;

/** Provider-wide facts the runner and transport need. */
export interface Provider {
	/** Shown in messages: "BIK answered …". */
	displayName: string;
	/** Names of the credential type's secret fields; their values are masked in every message. */
	secretFields: string[];
	/** Reads the provider's own error text out of an answer's body. */
	errorMessage(body: unknown): string | undefined;
	/** What an HTTP status means at this provider, when its docs say so. */
	statusMeanings: Record<number, string>;
	/** A reference the provider's support can look up (a request ID), shown in the error's description. */
	errorReference?(body: unknown): string | undefined;
	/** What a failure answered with a 2xx status (see isFailure) means, e.g. "Hyfin refused the request". */
	refused?: string;
	/** An answer that reports failure with a 2xx status (e.g. `success: false`). */
	isFailure?(body: unknown): boolean;
}
