import type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	INodeExecutionData,
	NodeApiError,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { CallFailed, apiError, errorJson, inputError } from '../transport/errors';
import { readSettings } from '../fields/options';
import { redact, secretValues } from '../transport/secrets';
import { FieldError, Params } from '../fields/params';
import { gateKey, sharedPacer } from '../pacing/shared';
import { normaliseBaseUrl, send, type Connection } from '../transport';
import { TryNotes } from './tries';
import type { ApiRequest, Operation, OperationMap, Paging, Provider } from '../types';

export function paramsFor(ctx: IExecuteFunctions, itemIndex: number): Params {
	return new Params((name, fallback) => ctx.getNodeParameter(name, itemIndex, fallback));
}

/** Permits with a limit that may change while work runs (the Pacer's adaptive window). */
export interface Permits {
	acquire(): Promise<void>;
	release(): void;
}

/**
 * Runs `work` for indexes 0..count-1 in `workers` parallel workers; with `permits`, each worker
 * also takes a permit before it takes an item, so at most as many run as the permits allow.
 * Stops starting new work once `stop()` is true (also after waiting for a permit).
 */
export async function forEachConcurrent(
	count: number,
	workers: number,
	work: (index: number) => Promise<void>,
	stop: () => boolean,
	permits?: Permits,
): Promise<void> {
	let next = 0;
	const worker = async () => {
		while (next < count && !stop()) {
			if (permits) {
				await permits.acquire();
				if (next >= count || stop()) {
					permits.release();
					return;
				}
			}
			const index = next++;
			try {
				await work(index);
			} finally {
				permits?.release();
			}
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(workers, count)) }, worker));
}

/**
 * The per-item machinery every node shares. For the chosen operation it
 * 1. reads the node-wide options and the credential (once),
 * 2. builds and validates every item's request before any is sent, so bad input never leaves
 *    a run half applied,
 * 3. sends the requests with the retry policy, as many at once as the Pacer finds the provider
 *    sustains (up to Max Concurrency), or exactly Concurrency when the user set it,
 * 4. returns output items in input order, each paired with its input item.
 * With "Continue On Fail" a failed item becomes an error item and the others go on.
 */
export async function runOperation(
	ctx: IExecuteFunctions,
	provider: Provider,
	operations: OperationMap,
	/** The credential type, or one per operation name (Rehook: each endpoint has its own scheme). */
	credentialOf: string | Record<string, string>,
): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	if (items.length === 0) return [[]];
	const node = ctx.getNode();
	const resource = ctx.getNodeParameter('resource', 0) as string;
	const operationName = ctx.getNodeParameter('operation', 0) as string;
	const credentialType = typeof credentialOf === 'string' ? credentialOf : credentialOf[operationName];
	const operation: Operation | undefined = operations[resource]?.[operationName];
	if (!operation) {
		throw new NodeOperationError(node, `The operation "${operationName}" of "${resource}" is not supported`);
	}

	const continueOnFail = ctx.continueOnFail();
	const results: INodeExecutionData[][] = new Array(items.length);
	let failed = false;
	const fail = (itemIndex: number, error: NodeApiError | NodeOperationError) => {
		failed = true;
		if (!continueOnFail) throw error;
		results[itemIndex] = [{ json: errorJson(error), pairedItem: { item: itemIndex } }];
	};

	let settings;
	try {
		settings = readSettings(paramsFor(ctx, 0), node.typeVersion);
	} catch (error) {
		throw error instanceof FieldError ? inputError(node, error, 0) : new NodeOperationError(node, error as Error);
	}

	const credentials = (await ctx.getCredentials(credentialType)) as ICredentialDataDecryptedObject;
	const secrets = secretValues(credentials, provider.secretFields);
	const baseUrl = normaliseBaseUrl(credentials.baseUrl);
	if (!baseUrl) {
		throw new NodeOperationError(node, `The Base URL in the ${provider.displayName} credential is not a valid http(s) URL`, {
			description: 'Open the credential and enter a URL such as https://api.example.com, without a query string.',
		});
	}
	const publicFields: ICredentialDataDecryptedObject = {};
	for (const [key, value] of Object.entries(credentials)) {
		if (!provider.secretFields.includes(key)) publicFields[key] = value;
	}

	// 1. Build and validate every item's request before anything is sent.
	const requests: Array<ApiRequest | undefined> = new Array(items.length);
	for (let i = 0; i < items.length; i++) {
		try {
			requests[i] = operation.build(paramsFor(ctx, i), { credentials: publicFields, item: items[i].json, nodeVersion: node.typeVersion });
		} catch (error) {
			if (error instanceof FieldError) fail(i, inputError(node, error, i));
			else if (error instanceof NodeOperationError) fail(i, error);
			else fail(i, new NodeOperationError(node, `${(error as Error).message} [item ${i}]`, { itemIndex: i }));
		}
	}

	// 2. Send them, as many at a time as the Pacer allows (or exactly Concurrency), keeping input
	//    order in `results`.
	const connection: Connection = {
		credentialType,
		credentials,
		baseUrl,
		provider,
		settings,
		pacer: sharedPacer(gateKey(ctx, credentialType, baseUrl, credentials, provider.secretFields), settings.maxConcurrency),
	};
	const signal = ctx.getExecutionCancelSignal?.();
	let firstError: unknown;
	const toItems = (i: number, body: unknown, request: ApiRequest): INodeExecutionData[] => {
		const output = operation.output ? operation.output(body, request) : defaultOutput(body);
		return (Array.isArray(output) ? output : [output]).map((json) => ({ json, pairedItem: { item: i } }));
	};
	// A paged read: each page's items go straight into the item's output and the page's answer
	// is dropped, so memory holds the output once, never the pages as well.
	const sendPaged = async (i: number, first: ApiRequest, paging: Paging): Promise<INodeExecutionData[]> => {
		const out: INodeExecutionData[] = [];
		for (let request: ApiRequest | undefined = first; request; ) {
			const body = await send(ctx, connection, request, operation);
			const items = paging.itemsOf(body);
			const room = request.maxItems === undefined ? items.length : Math.max(0, request.maxItems - out.length);
			for (let k = 0; k < items.length && k < room; k++) out.push({ json: items[k], pairedItem: { item: i } });
			request = signal?.aborted || firstError !== undefined ? undefined : paging.next(request, body, out.length);
		}
		return out;
	};
	// With n8n's Retry On Fail, a plain create's items are not sent twice (see tries.ts).
	const tries = TryNotes.open(ctx, operation);
	const fixed = settings.concurrency;
	await forEachConcurrent(
		items.length,
		fixed ?? settings.maxConcurrency,
		async (i) => {
			const request = requests[i];
			if (!request) return;
			try {
				const note = tries?.recall(i, request);
				if (note?.kind === 'maybe-applied') throw new CallFailed(note.failure);
				results[i] =
					note?.items ??
					(operation.paging
						? await sendPaged(i, request, operation.paging)
						: toItems(i, await send(ctx, connection, request, operation), request));
				tries?.succeeded(i, request, results[i]);
			} catch (error) {
				if (error instanceof CallFailed) tries?.failedWith(i, request, error.failure);
				try {
					if (error instanceof CallFailed) fail(i, apiError(node, provider, error.failure, i, secrets));
					else if (error instanceof NodeOperationError) fail(i, error);
					else {
						const message = redact((error as Error).message ?? String(error), secrets);
						fail(i, new NodeOperationError(node, `${message} [item ${i}]`, { itemIndex: i }));
					}
				} catch (thrown) {
					firstError ??= thrown;
				}
			}
		},
		() => firstError !== undefined || signal?.aborted === true,
		fixed === undefined ? connection.pacer : undefined,
	);
	// n8n tries again after a thrown error or, with Continue On Fail, when the first output item is an error.
	tries?.close(continueOnFail ? results.find((r) => r?.length)?.[0]?.json.error !== undefined : failed);
	if (firstError !== undefined) throw firstError;

	return [results.flatMap((itemResults) => itemResults ?? [])];
}

function defaultOutput(body: unknown) {
	if (body && typeof body === 'object' && !Array.isArray(body)) return body as INodeExecutionData['json'];
	if (Array.isArray(body)) return body as INodeExecutionData['json'][];
	return {};
}
