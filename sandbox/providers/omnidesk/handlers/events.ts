import { reply, type SimReply, type SimRequest } from '../../../types';
import { notFound } from '../answers';
import type { Fields } from '../model';
import { Input } from '../rules';
import type { OmnideskStore } from '../store';

/** GET /api/v2/customer/timelineByCustomerExternalID?brand_id&external_id[&ticket_history] */
export function timeline(store: OmnideskStore, request: SimRequest): SimReply {
	const input = new Input(request.query);
	const brand = input.number('brand_id', true);
	const primary = input.required('external_id');
	const failure = input.failure();
	if (failure) return failure;
	const customer = store.findByPrimary(primary!, brand);
	if (!customer) return notFound();
	const items = store.eventsOf(customer.id);
	// "Include this with any value": its presence is what counts.
	const history = Object.prototype.hasOwnProperty.call(request.query, 'ticket_history');
	return reply(200, history ? { type: 'result', items, tickets: [] } : { type: 'result', items });
}

/** POST /api/v2/customer/externalEvent (multipart) */
export function externalEvent(store: OmnideskStore, fields: Fields): SimReply {
	const input = new Input(fields);
	const customerId = input.number('customer_id');
	const primary = input.text('external_id');
	// The documentation marks none of these as required but the message (the event itself).
	const brand = input.number('brand_id');
	const initiatedBy = input.text('initiated_by');
	const message = input.required('message');
	const sourceUrl = input.text('source_url');
	if (input.text('customer_id') === undefined && primary === undefined) input.problems.push('customer_id or external_id is required');
	const failure = input.failure();
	if (failure) return failure;
	const customer = store.findBy(customerId, primary, brand);
	if (!customer) return notFound();
	store.addEvent(customer, { brand_id: brand ?? customer.brand_id, initiated_by: initiatedBy ?? null, message: message!, source_url: sourceUrl ?? null });
	return reply(204);
}

/** POST /api/v2/customer/syncWithCRM (multipart): the sandbox has no CRM, so nothing changes. */
export function syncWithCrm(fields: Fields): SimReply {
	const input = new Input(fields);
	input.number('brandID', true);
	input.required('channel');
	input.required('address');
	return input.failure() ?? reply(204);
}
