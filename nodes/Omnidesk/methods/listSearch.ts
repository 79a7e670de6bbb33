import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { editorRead } from '../../shared/run/editor';
import type { ApiRequest } from '../../shared/types';
import { customerPages } from '../customer/getMany';
import { PATTERNS } from '../customer/validate';
import { OMNIDESK_CREDENTIAL, PATHS, omnidesk } from '../provider';

/**
 * The customer picker's From List: Get Many (GET /api/v2/customer) with the typed text as its
 * `query`, a page at a time. n8n passes back the `paginationToken` of one page to ask for the
 * next: here the `itemStart` of the next page.
 */

/** How a customer is listed: its name (or first address), and its External ID when it has one. */
export function customerLabel(customer: IDataObject): string {
	const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
	const name = [text(customer.firstname), text(customer.lastname)].filter(Boolean).join(' ');
	const channels = Array.isArray(customer.channels) ? (customer.channels as IDataObject[]) : [];
	const label = name || text(channels.find((channel) => text(channel?.value))?.value) || `Customer ${String(customer.id)}`;
	const externalId = text(customer.external_primary_id);
	return externalId ? `${label} (${externalId})` : label;
}

/** The request for one page: the first, or the one starting at `paginationToken`. */
export function listPage(filter: string | undefined, paginationToken: string | undefined): ApiRequest {
	const query = (filter ?? '').trim();
	const first = customerPages.first({ method: 'GET', path: PATHS.index, qs: query ? { query } : {} }, undefined);
	// The token is always one this function gave out; anything else starts over.
	if (paginationToken === undefined || !/^[0-9]+$/.test(paginationToken)) return first;
	return { ...first, qs: { ...first.qs, itemStart: Number(paginationToken) } };
}

/** The list entries of one page's answer and the token of the next page (none after the last). */
export function listResult(request: ApiRequest, body: unknown): INodeListSearchResult {
	const customers = customerPages.itemsOf(body);
	const results: INodeListSearchItems[] = customers
		.filter((customer) => customer.id !== undefined && customer.id !== null)
		.map((customer) => ({ name: customerLabel(customer), value: String(customer.id) }));
	const next = customerPages.next(request, body, customers.length);
	return { results, paginationToken: next ? String(next.qs?.itemStart) : undefined };
}

export async function searchCustomers(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const query = (filter ?? '').trim();
	if (query !== '' && !PATTERNS.query.test(query)) {
		throw new NodeOperationError(this.getNode(), `Omnidesk's customer search takes letters, digits and spaces only: "${query}" has other characters`, {
			description: 'Search by a name or an External ID without punctuation (e.g. "Anna de Vries"), or choose By ID or By External ID.',
		});
	}
	const request = listPage(query, paginationToken);
	return listResult(request, await editorRead(this, omnidesk, OMNIDESK_CREDENTIAL, request));
}
