import type { IDataObject } from 'n8n-workflow';

import { entriesOf, totalOf, type OffsetPagingSpec } from '../transport/paging';
import type { ApiRequest } from '../types';

/** Where one page request of a scan starts: for error messages. */
export interface PageRef {
	/** 1 for the first page. */
	page: number;
	/** The offset asked for (0-based). */
	start: number;
}

export interface ScanResult {
	pages: number;
	/**
	 * True when the listing moved under the scan: the entry that ended one page did not start
	 * the next, so an entry was added or removed before it between the two requests and one
	 * entry may have been skipped. Whatever was seen is real; what was not seen is not gone.
	 */
	shifted: boolean;
}

/**
 * Walks every page of an offset-paged listing, holding one page at a time, and hands each entry
 * that is an object to `visit`, in listing order.
 *
 * Pages are as large as the API serves, and each page after the first starts at the last entry
 * of the one before: when that entry comes back first, nothing moved in between; when it does
 * not, the scan says so (`shifted`), because an offset walk over a changing list can skip an
 * entry. An entry can then also be visited twice: `visit` must not count on seeing it once.
 *
 * The walk ends where Get Many's does: at the total the API reports, or, without one, at a short
 * or empty page. `beforePage` runs before each request (to stop a scan that runs out of time).
 */
export async function scanPages(
	spec: OffsetPagingSpec,
	request: ApiRequest,
	read: (request: ApiRequest, at: PageRef) => Promise<unknown>,
	visit: (entry: IDataObject) => void,
	options: { key: (entry: IDataObject) => string | undefined; beforePage?: (at: PageRef) => void },
): Promise<ScanResult> {
	let start = 0;
	let page = 0;
	let shifted = false;
	/** The key of the entry that ended the previous page, when the next one overlaps it. */
	let overlap: string | undefined;
	for (;;) {
		const at = { page: ++page, start };
		options.beforePage?.(at);
		const body = await read({ ...request, qs: { ...request.qs, [spec.startParam]: start, [spec.limitParam]: spec.maxPageSize } }, at);
		const entries = entriesOf(spec, body);
		const objects = entries.filter((entry): entry is IDataObject => !!entry && typeof entry === 'object' && !Array.isArray(entry));
		if (overlap !== undefined && (objects.length === 0 || options.key(objects[0]) !== overlap)) shifted = true;
		for (const entry of objects) visit(entry);
		if (entries.length === 0) break;
		const end = start + entries.length;
		const total = totalOf(spec, body);
		if (total !== undefined ? end >= total : entries.length < spec.maxPageSize) break;
		// Overlap by one entry, unless the page held only one (the walk must move on).
		const last = entries.length > 1 ? entries[entries.length - 1] : undefined;
		overlap = last && typeof last === 'object' ? options.key(last as IDataObject) : undefined;
		start = overlap === undefined ? end : end - 1;
	}
	return { pages: page, shifted };
}
