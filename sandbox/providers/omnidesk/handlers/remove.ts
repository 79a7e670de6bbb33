import { reply, type SimReply, type SimRequest } from '../../../types';
import { notFound } from '../answers';
import { Input, checkId } from '../rules';
import type { OmnideskStore } from '../store';

/** DELETE /api/v2/customer/{id} */
export function deleteItem(store: OmnideskStore, idText: string): SimReply {
	const bad = checkId('id', idText);
	if (bad) return bad;
	const customer = store.customer(Number(idText));
	if (!customer) return notFound();
	store.remove(customer);
	return reply(204);
}

/** DELETE /api/v2/customer/purgedata?externalPrimaryID&brandID or ?customerID */
export function purge(store: OmnideskStore, request: SimRequest): SimReply {
	const input = new Input(request.query);
	const primary = input.text('externalPrimaryID');
	const brand = input.number('brandID');
	const customerId = input.number('customerID');
	if (primary === undefined && input.text('customerID') === undefined) input.problems.push('externalPrimaryID or customerID is required');
	const failure = input.failure();
	if (failure) return failure;
	let customer = store.findBy(customerId, primary, brand);
	if (customer && primary !== undefined && customer.external_primary_id !== primary) customer = undefined;
	if (!customer) return notFound();
	store.remove(customer);
	return reply(204);
}
