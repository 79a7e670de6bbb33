import { reply, type SimReply } from '../../types';
import { DEFAULT_BRAND, type Customer } from './model';

/** What the Omnidesk sandbox answers: its error body and its views of a customer. */

/** Omnidesk's error body (PROVIDERS.md, Omnidesk): {"status": "error", "message": "..."}. */
export const error = (status: number, message: string): SimReply => reply(status, { status: 'error', message });
export const notFound = () => error(404, 'Customer not found');

const brandName = (brand: number) => (brand === DEFAULT_BRAND ? 'Sandbox' : `Brand ${brand}`);

/** A customer as the index (GET /api/v2/customer) lists it. */
export function indexView(customer: Customer) {
	return {
		id: customer.id,
		external_primary_id: customer.external_primary_id,
		brand_name: brandName(customer.brand_id),
		firstname: customer.firstname,
		lastname: customer.lastname,
		channels: customer.channels.map((channel) => ({ ...channel })),
	};
}

/** A customer as a single read (Get, the searches) answers it: with brand_id and custom_<name> fields. */
export function itemView(customer: Customer) {
	const custom = Object.fromEntries(Object.entries(customer.custom).map(([name, value]) => [`custom_${name}`, value]));
	return { ...indexView(customer), brand_id: customer.brand_id, ...custom };
}
