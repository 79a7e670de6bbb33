import type { IExecuteFunctions, INodeExecutionData, NodeApiError } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { CallFailed, StepFailed, apiError, errorJson, inputError } from '../transport/errors';
import { autoMapped } from '../fields/automap';
import { readSettings } from '../fields/options';
import { maskSecrets, redact } from '../transport/secrets';
import { FieldError } from '../fields/params';
import { openConnection, send } from '../transport';
import { pageWalk } from '../transport/paging';
import { RunParameters } from './parameters';
import { TryNotes, willRetry } from './tries';
import type { ApiRequest, Call, Operation, OperationMap, Paging, Provider } from '../types';

/**
 * The runner: what every node's execute() hands over to. It runs the items of one operation:
 * reads the node-wide options, builds and validates every item's request, sends them through the
 * transport (transport/index.ts) as many at a time as the Pacer allows, and returns the output
 * items in input order, paired with their input items. How a request is sent and retried is the
 * transport's business; what n8n's own Retry On Fail may resend is tries.ts's.
 */

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
 *    sustains (up to Max Concurrency), or exactly Concurrency when the user set it; an item of
 *    several calls (a request with `steps`) makes them one after another, each through `send`,
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
	const fail = (itemIndex: number, error: NodeApiError | NodeOperationError) => {
		if (!continueOnFail) throw error;
		results[itemIndex] = [{ json: errorJson(error), pairedItem: { item: itemIndex } }];
	};

	// Parameters without an expression are read once for the run (parameters.ts).
	const parameters = RunParameters.of(ctx);
	let settings;
	try {
		settings = readSettings(parameters.forItem(0), node.typeVersion);
	} catch (error) {
		throw error instanceof FieldError ? inputError(node, error, 0) : new NodeOperationError(node, error as Error);
	}

	const connection = await openConnection(ctx, provider, credentialType, settings);

	// 1. Build and validate every item's request before anything is sent.
	const requests: Array<ApiRequest | undefined> = new Array(items.length);
	for (let i = 0; i < items.length; i++) {
		try {
			const context = { credentials: connection.publicFields, item: items[i].json, nodeVersion: node.typeVersion };
			requests[i] = operation.build(autoMapped(parameters.forItem(i), context, operation.autoMap), context);
		} catch (error) {
			if (error instanceof FieldError) fail(i, inputError(node, error, i));
			else if (error instanceof NodeOperationError) fail(i, error);
			else fail(i, new NodeOperationError(node, `${(error as Error).message} [item ${i}]`, { itemIndex: i }));
		}
	}

	// 2. Send them, as many at a time as the Pacer allows (or exactly Concurrency), keeping input
	//    order in `results`.
	const signal = ctx.getExecutionCancelSignal?.();
	let firstError: unknown;
	const toItems = (i: number, body: unknown, request: ApiRequest): INodeExecutionData[] => {
		const output = operation.output ? operation.output(body, request) : defaultOutput(body);
		return (Array.isArray(output) ? output : [output]).map((json) => ({ json: maskSecrets(json, connection.secrets), pairedItem: { item: i } }));
	};
	// A paged read: each page's items go straight into the item's output and the page's answer
	// is dropped, so memory holds the output once, never the pages as well.
	const sendPaged = async (i: number, first: ApiRequest, paging: Paging): Promise<INodeExecutionData[]> => {
		const out: INodeExecutionData[] = [];
		const walk = pageWalk();
		for (let request: ApiRequest | undefined = first; request; ) {
			const body = await send(ctx, connection, request, operation);
			const items = paging.itemsOf(body);
			walk.check(request, items);
			const room = request.maxItems === undefined ? items.length : Math.max(0, request.maxItems - out.length);
			for (let k = 0; k < items.length && k < room; k++) out.push({ json: maskSecrets(items[k], connection.secrets), pairedItem: { item: i } });
			const next: ApiRequest | undefined = signal?.aborted || firstError !== undefined ? undefined : paging.next(request, body, out.length);
			walk.next(request, next);
			request = next;
		}
		return out;
	};
	// An item of several calls (ApiRequest.steps): each call goes through the same transport, and
	// the item's output describes the last one.
	const call: Call = (request, policy = operation) => send(ctx, connection, request, policy);
	const sendItem = async (i: number, request: ApiRequest): Promise<INodeExecutionData[]> => {
		if (request.steps) {
			const done = await request.steps(call);
			return toItems(i, done.body, done.request);
		}
		return operation.paging ? await sendPaged(i, request, operation.paging) : toItems(i, await send(ctx, connection, request, operation), request);
	};
	// With n8n's Retry On Fail, a plain create's items are not sent twice (see tries.ts); an item of
	// several calls is one item there: all its calls run again, or none.
	const tries = TryNotes.open(ctx, operation);
	const fixed = settings.concurrency;
	let interrupted = true;
	try {
		await forEachConcurrent(
			items.length,
			fixed ?? settings.maxConcurrency,
			async (i) => {
				const request = requests[i];
				if (!request) return;
				try {
					results[i] = tries ? await tries.once(i, () => sendItem(i, request)) : await sendItem(i, request);
				} catch (error) {
					try {
						if (error instanceof CallFailed) fail(i, apiError(node, provider, error.failure, i, connection.secrets));
						else if (error instanceof StepFailed) {
							const description = redact(error.description, connection.secrets);
							fail(i, new NodeOperationError(node, `${redact(error.message, connection.secrets)} [item ${i}]`, { itemIndex: i, description }));
						} else if (error instanceof NodeOperationError) fail(i, error);
						else {
							const message = redact((error as Error).message ?? String(error), connection.secrets);
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
		interrupted = false;
	} finally {
		// n8n tries again after a thrown error, or when the first output item is an error (tries.ts).
		tries?.close(willRetry(interrupted || firstError !== undefined, results.find((r) => r?.length)?.[0]));
	}
	if (firstError !== undefined) throw firstError;

	return [results.flatMap((itemResults) => itemResults ?? [])];
}

function defaultOutput(body: unknown) {
	if (body && typeof body === 'object' && !Array.isArray(body)) return body as INodeExecutionData['json'];
	if (Array.isArray(body)) return body as INodeExecutionData['json'][];
	return {};
}
