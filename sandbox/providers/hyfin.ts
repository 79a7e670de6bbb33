import { randomBytes } from 'node:crypto';

import { SANDBOX_CREDENTIALS } from '../credentials';
import { reply, type ProviderSim, type SimReply, type SimRequest } from '../types';
import { isEmailAddress, isPhoneNumber } from './addresses';

/**
 * Hyfin (doc 004): `POST /api/v3.1/site/{site_id}/customer/addUpdate` (upsert on external_id) and
 * `GET /api/v3.1/site/{site_id}/customer/{external_id}`, header x-access-token.
 * Answers {"success": true, ...} or {"success": false, "errors": ["..."]}; as documented, a request
 * that fails validation is answered HTTP 200 with success false.
 */
export interface HyfinCustomer {
	_id: string;
	external_id: string;
	first_name: string;
	last_name: string;
	account_name: string;
	mobile_phone: string;
	email: string;
	notes: string;
	active: boolean;
	notification_options: { notify_phone: boolean; notify_email: boolean };
	created_at: string;
	updated_at: string;
}

const PREFIX = '/api/v3.1/site/';
const REQUIRED = ['external_id', 'first_name', 'last_name'] as const;
const OPTIONAL = ['account_name', 'mobile_phone', 'email', 'notes'] as const;
const NOTIFY = ['notify_phone', 'notify_email'] as const;
const FIELDS: string[] = [...REQUIRED, ...OPTIONAL, 'active', 'notification_options'];

const failure = (status: number, ...errors: string[]): SimReply => reply(status, { success: false, errors });

export class HyfinSim implements ProviderSim {
	readonly name = 'hyfin' as const;
	readonly secretHeaders = ['x-access-token'];
	/** Customers by external_id. */
	private customers = new Map<string, HyfinCustomer>();
	private ids = new Set<string>();

	reset(): void {
		this.customers = new Map();
		this.ids = new Set();
	}

	state() {
		return { customers: this.customers.size };
	}

	/** A customer as stored (a copy), for tests. */
	customer(externalId: string): HyfinCustomer | undefined {
		const customer = this.customers.get(externalId);
		return customer && { ...customer, notification_options: { ...customer.notification_options } };
	}

	handle(request: SimRequest): SimReply {
		const route = parseRoute(request.path);
		if (!route) return failure(404, 'Not found');
		const isAddUpdate = route.rest === 'addUpdate' && request.method === 'POST';
		const isGet = request.method === 'GET';
		if (!isAddUpdate && !isGet) return failure(404, 'Not found');
		if (request.headers['x-access-token'] !== SANDBOX_CREDENTIALS.hyfin.accessToken) return failure(401, 'Invalid access token');
		if (route.site !== SANDBOX_CREDENTIALS.hyfin.siteId) return failure(404, 'Site not found');
		if (isAddUpdate) return this.addUpdate(request);
		const customer = this.customers.get(route.rest);
		if (!customer) return failure(404, 'Customer not found');
		return reply(200, this.customer(route.rest));
	}

	private addUpdate(request: SimRequest): SimReply {
		if (request.contentType !== 'application/json') return failure(400, 'the body must be JSON (Content-Type: application/json)');
		if (request.badJson) return failure(400, 'invalid JSON body');
		const body = request.json;
		if (!isObject(body)) return failure(400, 'the body must be a JSON object');

		const errors: string[] = [];
		for (const [key, value] of Object.entries(body)) {
			if (!FIELDS.includes(key)) errors.push(`invalid ${key}`);
			else if (key === 'active') {
				if (typeof value !== 'boolean') errors.push('invalid active');
			} else if (key === 'notification_options') {
				if (!isObject(value)) errors.push('invalid notification_options');
				else {
					for (const [option, flag] of Object.entries(value)) {
						if (!(NOTIFY as readonly string[]).includes(option) || typeof flag !== 'boolean') errors.push(`invalid notification_options.${option}`);
					}
				}
			} else if (typeof value !== 'string') errors.push(`invalid ${key}`);
		}
		for (const key of REQUIRED) if (body[key] === undefined || body[key] === '') errors.push(`missing ${key}`);
		const text = (key: string) => (typeof body[key] === 'string' ? (body[key] as string) : '');
		if (text('email') && !isEmailAddress(text('email'))) errors.push('invalid email');
		if (text('mobile_phone') && !isPhoneNumber(text('mobile_phone'))) errors.push('invalid mobile_phone');

		const existing = typeof body.external_id === 'string' ? this.customers.get(body.external_id) : undefined;
		const given = isObject(body.notification_options) ? body.notification_options : {};
		const options = { notify_phone: false, notify_email: false, ...existing?.notification_options };
		for (const key of NOTIFY) if (typeof given[key] === 'boolean') options[key] = given[key];
		// Checked against the record as it will be: on an update, a phone or email already stored counts.
		const value = (key: 'mobile_phone' | 'email') => (body[key] !== undefined ? text(key) : (existing?.[key] ?? ''));
		if (options.notify_phone && !value('mobile_phone')) errors.push('missing mobile_phone');
		if (options.notify_email && !value('email')) errors.push('missing email');
		if (errors.length) return failure(200, ...errors);

		const externalId = body.external_id as string;

		const now = new Date().toISOString();
		const customer: HyfinCustomer = existing ?? {
			_id: this.newId(),
			external_id: externalId,
			first_name: '',
			last_name: '',
			account_name: '',
			mobile_phone: '',
			email: '',
			notes: '',
			active: true,
			notification_options: { notify_phone: false, notify_email: false },
			created_at: now,
			updated_at: now,
		};
		customer.first_name = body.first_name as string;
		customer.last_name = body.last_name as string;
		for (const key of OPTIONAL) if (body[key] !== undefined) customer[key] = body[key] as string;
		if (body.active !== undefined) customer.active = body.active as boolean;
		customer.notification_options = options;
		customer.updated_at = now;
		this.customers.set(externalId, customer);
		return reply(200, { success: true, action: existing ? 'updated' : 'added', _id: customer._id });
	}

	/** A 24-hex-digit id, like the MongoDB ObjectId of the documented answer. */
	private newId(): string {
		let id: string;
		do id = randomBytes(12).toString('hex');
		while (this.ids.has(id));
		this.ids.add(id);
		return id;
	}
}

/** `/api/v3.1/site/{site}/customer/{rest}` with site and rest URL-decoded, or undefined. */
function parseRoute(path: string): { site: string; rest: string } | undefined {
	if (!path.startsWith(PREFIX)) return undefined;
	const parts = path.slice(PREFIX.length).split('/');
	if (parts.length !== 3 || parts[1] !== 'customer' || parts[0] === '' || parts[2] === '') return undefined;
	try {
		return { site: decodeURIComponent(parts[0]), rest: decodeURIComponent(parts[2]) };
	} catch {
		return undefined;
	}
}

function isObject(value: unknown): value is Record<string, unknown> {
	return !!value && typeof value === 'object' && !Array.isArray(value);
}
