import { reply, type SimReply, type SimRequest } from '../../../types';
import { indexView, itemView, notFound } from '../answers';
import type { Fields } from '../model';
import { Input, OMNIDESK_RULES as R, checkId } from '../rules';
import type { OmnideskStore } from '../store';

/** PROVIDERS.md, Omnidesk, Index: itemLimit defaults to 15 and is at most 99. */
const DEFAULT_ITEM_LIMIT = 15;
const MAX_ITEM_LIMIT = 99;

/** GET /api/v2/customer */
export function index(store: OmnideskStore, request: SimRequest): SimReply {
	const input = new Input(request.query);
	const query = input.matching('query', R.query) ?? '';
	const start = input.number('itemStart') ?? 0;
	const limit = input.number('itemLimit') ?? DEFAULT_ITEM_LIMIT;
	if (limit < 1 || limit > MAX_ITEM_LIMIT) input.problems.push(`itemLimit must be from 1 to ${MAX_ITEM_LIMIT}, got ${limit}`);
	const failure = input.failure();
	if (failure) return failure;
	const ids = store.ids(query);
	const items = Array.from(ids.subarray(Math.min(start, ids.length), Math.min(start + limit, ids.length)), (id) =>
		indexView(store.customer(id)!),
	);
	return reply(200, { type: 'result', itemStart: start, itemTotal: ids.length, itemLimit: limit, items });
}

/** GET /api/v2/customer/{id} */
export function getItem(store: OmnideskStore, idText: string): SimReply {
	const bad = checkId('id', idText);
	if (bad) return bad;
	const customer = store.customer(Number(idText));
	return customer ? reply(200, itemView(customer)) : notFound();
}

/** POST /api/v2/customer/SearchByPrimaryExternalID (multipart): the customer, or 204. */
export function searchByPrimary(store: OmnideskStore, fields: Fields): SimReply {
	const input = new Input(fields);
	const primary = input.required('primary_id');
	const brand = input.number('brand_id');
	const failure = input.failure();
	if (failure) return failure;
	const customer = store.findByPrimary(primary!, brand);
	return customer ? reply(200, itemView(customer)) : reply(204);
}

/** POST /api/v2/customer/SearchByCustomerChannelValue (multipart): the customer, or 204. */
export function searchByChannel(store: OmnideskStore, fields: Fields): SimReply {
	const input = new Input(fields);
	const value = input.required('customerChannelValue');
	const brand = input.number('brand_id');
	const failure = input.failure();
	if (failure) return failure;
	const customer = store.findByChannel(value!, brand);
	return customer ? reply(200, itemView(customer)) : reply(204);
}
