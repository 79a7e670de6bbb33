import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { readSettings } from '../../shared/fields/options';
import { FieldError, Params, asString } from '../../shared/fields/params';
import * as rules from '../../shared/fields/rules';
import { Comparison, pack, unpack } from '../../shared/poll/fingerprints';
import { oneAtATime, pageError, pollDeadline } from '../../shared/poll/poller';
import { scanPages, type PageRef } from '../../shared/poll/scan';
import { openConnection, send } from '../../shared/transport';
import { CallFailed } from '../../shared/transport/errors';
import { entriesOf, totalOf } from '../../shared/transport/paging';
import type { ApiRequest } from '../../shared/types';
import { INDEX_PAGING } from '../customer/getMany';
import { PATTERNS } from '../customer/validate';
import { OMNIDESK_CREDENTIAL, PATHS, omnidesk } from '../provider';
import { customerFingerprint, customerKey, mostRecent, outputId } from './customers';

export type TriggerEvent = 'newCustomer' | 'newOrUpdatedCustomer' | 'customerRemoved';
export const EVENTS: TriggerEvent[] = ['customerRemoved', 'newCustomer', 'newOrUpdatedCustomer'];

/**
 * The node's static data: what the fingerprints were taken of (the account and the search), and
 * the fingerprints, packed (see shared/poll/fingerprints.ts).
 */
interface TriggerState {
	scope?: string;
	customers?: string;
}

const LIST = 'the Omnidesk customer list';

/** The node's settings, read and checked once: a bad one stops the poll before anything is sent. */
function readOptions(ctx: IPollFunctions) {
	const params = new Params((name, fallback) => ctx.getNodeParameter(name, fallback));
	try {
		const event = params.string('event', 'Trigger On', 'newOrUpdatedCustomer') as TriggerEvent;
		if (!EVENTS.includes(event)) throw new FieldError('Trigger On', `"${event}" is not one of ${EVENTS.join(', ')}`);
		const query = rules.pattern(
			asString(params.collection('options').query, 'Options › Search Query'),
			'Options › Search Query',
			PATTERNS.query,
			'Omnidesk accepts letters, digits and spaces only in a search',
		);
		return { event, query: query || undefined, settings: readSettings(params) };
	} catch (error) {
		if (!(error instanceof FieldError)) throw new NodeOperationError(ctx.getNode(), error as Error);
		throw new NodeOperationError(ctx.getNode(), `Invalid "${error.field}": ${error.problem}`, {
			description: error.hint ?? `Fix "${error.field}"; nothing was sent.`,
		});
	}
}

/**
 * One poll of the Omnidesk Trigger.
 *
 * - Fetch Test Event (manual mode): the most recent customer, nothing recorded.
 * - Otherwise a complete scan of GET /api/v2/customer, page by page, compared with the
 *   fingerprints of the previous poll. The first poll (or the first after the account or the search
 *   changed) only records. A page that fails fails the poll before anything is recorded or
 *   emitted, so the next poll compares with the same record and reports each change once.
 */
export async function pollCustomers(ctx: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const node = ctx.getNode();
	const { event, query, settings } = readOptions(ctx);
	const connection = await openConnection(ctx, omnidesk, OMNIDESK_CREDENTIAL, settings);
	const { baseUrl, secrets } = connection;
	const request: ApiRequest = { method: 'GET', path: PATHS.index, qs: query ? { query } : {} };
	const read = async (page: ApiRequest, at: PageRef) => {
		try {
			return await send(ctx, connection, page, { idempotent: true });
		} catch (error) {
			if (error instanceof CallFailed) throw pageError(node, omnidesk, error.failure, LIST, at, secrets);
			throw new NodeOperationError(node, error as Error);
		}
	};

	if (ctx.getMode() === 'manual') {
		const latest = await latestCustomer(request, read);
		if (!latest) return null;
		const json = event === 'customerRemoved' ? { id: latest.id } : latest;
		return [ctx.helpers.returnJsonArray([json])];
	}

	return await oneAtATime(ctx, async () => {
		const state = ctx.getWorkflowStaticData('node') as TriggerState;
		const scope = JSON.stringify([baseUrl, query ?? '']);
		const previous = state.scope === scope ? unpack(state.customers) : undefined;
		const comparison = new Comparison(previous);
		const found: IDataObject[] = [];
		const scan = await scanPages(
			INDEX_PAGING,
			request,
			read,
			(customer) => {
				const key = customerKey(customer);
				if (key === undefined) return;
				const change = comparison.see(key, customerFingerprint(customer));
				// The first poll reports nothing, so it keeps nothing but the fingerprints.
				if (!previous) return;
				if (change === 'new' && event !== 'customerRemoved') found.push(customer);
				if (change === 'updated' && event === 'newOrUpdatedCustomer') found.push(customer);
			},
			{ key: customerKey, beforePage: pollDeadline(ctx) },
		);
		const complete = !scan.shifted;
		// Written only when different: n8n saves static data that was assigned, changed or not.
		const packed = pack(comparison.next(complete));
		if (state.scope !== scope) state.scope = scope;
		if (state.customers !== packed) state.customers = packed;
		if (!previous) return null;
		const items = event === 'customerRemoved' ? comparison.removed(complete).map((key) => ({ id: outputId(key) })) : found;
		return items.length ? [ctx.helpers.returnJsonArray(items)] : null;
	});
}

/**
 * The customer with the highest ID, in two requests whichever way the list is sorted: the first
 * entry and the last one (the documents do not say how GET /api/v2/customer orders its entries).
 */
async function latestCustomer(request: ApiRequest, read: (page: ApiRequest, at: PageRef) => Promise<unknown>): Promise<IDataObject | undefined> {
	const { startParam, limitParam } = INDEX_PAGING;
	const firstPage = await read({ ...request, qs: { ...request.qs, [startParam]: 0, [limitParam]: 1 } }, { page: 1, start: 0 });
	const candidates = entriesOf(INDEX_PAGING, firstPage) as IDataObject[];
	const total = totalOf(INDEX_PAGING, firstPage);
	if (total !== undefined && total > 1) {
		const lastPage = await read({ ...request, qs: { ...request.qs, [startParam]: total - 1, [limitParam]: 1 } }, { page: 2, start: total - 1 });
		candidates.push(...(entriesOf(INDEX_PAGING, lastPage) as IDataObject[]));
	}
	return mostRecent(candidates.filter((entry) => !!entry && typeof entry === 'object' && !Array.isArray(entry)));
}
