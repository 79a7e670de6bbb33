import { reply, type SimReply } from '../../../types';
import { error, notFound } from '../answers';
import type { Customer, Fields } from '../model';
import { Input, checkId } from '../rules';
import type { OmnideskStore } from '../store';

/** PUT /api/v2/customer/{id} (urlencoded) */
export function updateItem(store: OmnideskStore, idText: string, fields: Fields): SimReply {
	const bad = checkId('id', idText);
	if (bad) return bad;
	const input = new Input(fields);
	const brand = input.number('brandID');
	const { firstname, lastname, custom, channels } = input.changes();
	const failure = input.failure();
	if (failure) return failure;
	const found = store.customer(Number(idText));
	if (!found) return notFound();
	if (brand !== undefined && brand !== found.brand_id && found.external_primary_id !== null && store.findByPrimary(found.external_primary_id, brand)) {
		return error(400, `A customer with this primary ID already exists in brand ${brand}`);
	}
	const customer = store.editable(found.id)!;
	if (brand !== undefined) customer.brand_id = brand;
	store.applyChanges(customer, firstname, lastname, custom);
	store.addChannels(customer, channels);
	return reply(200, { message: 'Customer updated.', type: 'result' });
}

/** PUT /api/v2/customer (urlencoded): found by primaryID, brandID and/or customerID. */
export function updateName(store: OmnideskStore, fields: Fields): SimReply {
	const input = new Input(fields);
	const primary = input.text('primaryID');
	const brand = input.number('brandID');
	const customerId = input.number('customerID');
	const firstname = input.personName('firstname');
	const lastname = input.personName('lastname');
	const custom = input.custom();
	if (primary === undefined && input.text('brandID') === undefined && input.text('customerID') === undefined) {
		input.problems.push('primaryID, brandID or customerID is required');
	}
	const failure = input.failure();
	if (failure) return failure;
	const inBrand = (c: Customer) => brand === undefined || c.brand_id === brand;
	let found: Customer | undefined;
	if (customerId !== undefined) {
		const candidate = store.customer(customerId);
		if (candidate && inBrand(candidate) && (primary === undefined || candidate.external_primary_id === primary)) found = candidate;
	} else if (primary !== undefined) {
		found = store.findByPrimary(primary, brand);
	} else {
		// Only a brand: its first customer, as a lookup by brand alone can only give.
		found = store.firstInBrand(brand);
	}
	if (!found) return notFound();
	store.applyChanges(store.editable(found.id)!, firstname, lastname, custom);
	return reply(204);
}

/** PUT /api/v2/customer/updateCustomer (urlencoded) */
export function updateCustomer(store: OmnideskStore, fields: Fields): SimReply {
	const input = new Input(fields);
	const primary = input.required('externalPrimaryID');
	const brand = input.number('brandID');
	const { firstname, lastname, custom, channels } = input.changes();
	const failure = input.failure();
	if (failure) return failure;
	const found = store.findByPrimary(primary!, brand);
	if (!found) return notFound();
	const customer = store.editable(found.id)!;
	store.applyChanges(customer, firstname, lastname, custom);
	store.addChannels(customer, channels);
	return reply(204);
}
