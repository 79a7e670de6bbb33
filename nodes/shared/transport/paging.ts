import type { IDataObject } from 'n8n-workflow';

import { digest } from '../memory';
import { CallFailed } from './errors';
import type { ApiRequest, Paging } from '../types';

/**
 * Guards a walk through pages against a server that never lets it end: one that ignores the
 * paging parameters and sends no total answers every page with the same items. A page whose items
 * are those of an earlier page of the walk (compared by hash) stops it with CallFailed of kind
 * 'paging'; so does a next page asked with the very same request.
 */
export function pageWalk(): { check(request: ApiRequest, items: IDataObject[]): void; next(request: ApiRequest, following: ApiRequest | undefined): void } {
	const seen = new Set<string>();
	const where = (request: ApiRequest) =>
		Object.entries(request.qs ?? {})
			.map(([name, value]) => `${name}=${String(value)}`)
			.join(', ');
	return {
		check(request, items) {
			if (items.length === 0) return;
			const page = digest(items);
			if (seen.has(page)) throw new CallFailed({ kind: 'paging', page: where(request) });
			seen.add(page);
		},
		next(request, following) {
			if (following && JSON.stringify(following.qs) === JSON.stringify(request.qs) && following.path === request.path) {
				throw new CallFailed({ kind: 'paging', page: where(following) });
			}
		},
	};
}

/** An API that pages with an offset and a page size in the query string. */
export interface OffsetPagingSpec {
	/** Query parameter holding the offset of the first item (0-based). */
	startParam: string;
	/** Query parameter holding the page size. */
	limitParam: string;
	/** The largest page the API serves. */
	maxPageSize: number;
	/** The field of the answer that holds the page's items. */
	itemsField: string;
	/** The field of the answer that holds the total count, when the API sends one. */
	totalField?: string;
}

/** The page's entries as the server counts them (offsets move by this many). */
export function entriesOf(spec: OffsetPagingSpec, body: unknown): unknown[] {
	if (!body || typeof body !== 'object') return [];
	const items = (body as IDataObject)[spec.itemsField];
	return Array.isArray(items) ? items : [];
}

/** The page's customers: the entries that are objects. */
function itemsOf(spec: OffsetPagingSpec, body: unknown): IDataObject[] {
	return entriesOf(spec, body).filter((item) => !!item && typeof item === 'object' && !Array.isArray(item)) as IDataObject[];
}

export function totalOf(spec: OffsetPagingSpec, body: unknown): number | undefined {
	if (!spec.totalField || !body || typeof body !== 'object') return undefined;
	const raw = (body as IDataObject)[spec.totalField];
	if (raw === null || raw === undefined || raw === '') return undefined;
	const total = Number(raw);
	return Number.isFinite(total) ? total : undefined;
}

/**
 * Offset paging. With a limit, each page asks only for what is still missing, so no item is
 * fetched and then thrown away; without one, pages are as large as the API allows.
 */
export function offsetPaging(spec: OffsetPagingSpec): Paging & {
	first(request: ApiRequest, limit: number | undefined): ApiRequest;
} {
	const pageSize = (received: number, limit: number | undefined) =>
		limit === undefined ? spec.maxPageSize : Math.min(spec.maxPageSize, limit - received);
	return {
		first(request, limit) {
			return {
				...request,
				qs: { ...request.qs, [spec.startParam]: 0, [spec.limitParam]: pageSize(0, limit) },
				maxItems: limit,
			};
		},
		itemsOf: (body) => itemsOf(spec, body),
		next(request, body, received) {
			const asked = Number(request.qs?.[spec.limitParam]);
			const start = Number(request.qs?.[spec.startParam] ?? 0);
			const got = entriesOf(spec, body).length;
			if (got === 0) return undefined;
			if (request.maxItems !== undefined && received >= request.maxItems) return undefined;
			// The total, when sent, decides; a short page ends the walk only when there is none
			// (a server may serve smaller pages than asked for).
			const total = totalOf(spec, body);
			if (total !== undefined ? start + got >= total : got < asked) return undefined;
			return {
				...request,
				qs: { ...request.qs, [spec.startParam]: start + got, [spec.limitParam]: pageSize(received, request.maxItems) },
			};
		},
	};
}
