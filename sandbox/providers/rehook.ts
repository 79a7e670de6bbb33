import { randomUUID } from 'node:crypto';

import { SANDBOX_CREDENTIALS, isBasic } from '../credentials';
import { reply, type ProviderSim, type SimReply, type SimRequest } from '../types';

/**
 * Rehook (doc 002): `POST /customers` (Create or Update, HTTP Basic with API key and secret key),
 * `POST /api/customers` (plain Create, headers appId and appSecret) and `GET /events/segment/check-auth`.
 * Errors: HTTP 4xx with {"code", "details", "message", "request_id"}.
 */
export type Metadata = Record<string, string | number | boolean | null>;

export interface RehookCustomer {
	source_id: string;
	referral_code: string;
	metadata: Metadata;
	created_at: string;
	updated_at: string;
}

export interface RehookAppCustomer extends Record<string, unknown> {
	id: string;
	Metadata: Record<string, unknown>;
	created_at: string;
}

const PATHS = {
	customers: '/customers',
	apiCustomers: '/api/customers',
	checkAuth: '/events/segment/check-auth',
} as const;

const CUSTOMER_FIELDS = ['source_id', 'referral_code', 'metadata'];
/** Generated referral codes: this prefix and a number in base 36. */
const CODE_PREFIX = 'RH';

const error = (status: number, message: string, details: string): SimReply =>
	reply(status, { code: status, details, message, request_id: randomUUID() });

export class RehookSim implements ProviderSim {
	readonly name = 'rehook' as const;
	readonly secretHeaders = ['authorization', 'appsecret'];
	/** Customers of the Basic form, by source_id. */
	private customers = new Map<string, RehookCustomer>();
	/** Customers of the appId/appSecret form, in creation order. */
	private appCustomers: RehookAppCustomer[] = [];
	/** Referral code → source_id of the customer holding it. */
	private referralCodes = new Map<string, string>();
	private nextCode = 1;

	reset(): void {
		this.customers = new Map();
		this.appCustomers = [];
		this.referralCodes = new Map();
		this.nextCode = 1;
	}

	state() {
		return { customers: this.customers.size, appCustomers: this.appCustomers.length, referralCodes: this.referralCodes.size };
	}

	/** A customer of the Basic form as stored (a copy), for tests. */
	customer(sourceId: string): RehookCustomer | undefined {
		const customer = this.customers.get(sourceId);
		return customer && { ...customer, metadata: { ...customer.metadata } };
	}

	/** The customers of the appId/appSecret form as stored (copies), for tests. */
	listAppCustomers(): RehookAppCustomer[] {
		return this.appCustomers.map((customer) => ({ ...customer }));
	}

	handle(request: SimRequest): SimReply {
		const path = request.path.length > 1 ? request.path.replace(/\/+$/, '') : request.path;
		const route = `${request.method} ${path}`;
		if (route === `GET ${PATHS.checkAuth}`) {
			if (!this.basicOk(request) && !this.appOk(request)) return this.unauthorized(request);
			return reply(200, { authenticated: true });
		}
		if (route === `POST ${PATHS.customers}`) {
			if (!this.basicOk(request)) return this.unauthorized(request);
			const body = jsonObject(request);
			if (typeof body === 'string') return error(400, 'bad request', body);
			return this.createOrUpdate(body);
		}
		if (route === `POST ${PATHS.apiCustomers}`) {
			if (!this.appOk(request)) return this.unauthorized(request);
			const body = jsonObject(request);
			if (typeof body === 'string') return error(400, 'bad request', body);
			return this.create(body);
		}
		return error(404, 'not found', `no endpoint ${request.method} ${request.path}`);
	}

	private basicOk(request: SimRequest): boolean {
		const { apiKey, secretKey } = SANDBOX_CREDENTIALS.rehook;
		return isBasic(request.headers.authorization, apiKey, secretKey);
	}

	private appOk(request: SimRequest): boolean {
		const { appId, appSecret } = SANDBOX_CREDENTIALS.rehookApp;
		return header(request, 'appid') === appId && header(request, 'appsecret') === appSecret;
	}

	private unauthorized(request: SimRequest): SimReply {
		const given = request.headers.authorization !== undefined || header(request, 'appid') !== undefined || header(request, 'appsecret') !== undefined;
		return error(401, 'unauthorized', given ? 'invalid credentials' : 'missing credentials');
	}

	/** POST /customers: creates the customer with this source_id, or updates it. */
	private createOrUpdate(body: Record<string, unknown>): SimReply {
		const problems: string[] = [];
		for (const key of Object.keys(body)) if (!CUSTOMER_FIELDS.includes(key)) problems.push(`unknown field '${key}'`);
		const { source_id: sourceId, referral_code: referralCode, metadata } = body;
		if (sourceId === undefined) problems.push("'source_id' is required");
		else if (typeof sourceId !== 'string' || sourceId === '') problems.push("'source_id' must be a non-empty string");
		if (referralCode !== undefined && typeof referralCode !== 'string') problems.push("'referral_code' must be a string");
		if (metadata !== undefined) {
			if (!isObject(metadata)) problems.push("'metadata' must be an object");
			else {
				for (const [key, value] of Object.entries(metadata)) {
					if (value !== null && !['string', 'number', 'boolean'].includes(typeof value)) {
						problems.push(`'metadata.${key}' must be text, a number, a boolean or null`);
					}
				}
			}
		}
		if (problems.length) return error(400, 'bad request', problems.join('; '));

		const id = sourceId as string;
		const code = (referralCode as string | undefined) ?? '';
		const holder = code ? this.referralCodes.get(code) : undefined;
		if (holder !== undefined && holder !== id) return error(400, 'referral code already exists', `referral code '${code}' belongs to another customer`);

		const now = new Date().toISOString();
		const existing = this.customers.get(id);
		if (!existing) {
			const customer: RehookCustomer = {
				source_id: id,
				referral_code: code || this.generateCode(),
				metadata: { ...((metadata as Metadata | undefined) ?? {}) },
				created_at: now,
				updated_at: now,
			};
			this.customers.set(id, customer);
			this.referralCodes.set(customer.referral_code, id);
			return reply(200, { message: 'Customer Created', requestId: randomUUID() });
		}
		existing.metadata = { ...existing.metadata, ...((metadata as Metadata | undefined) ?? {}) };
		if (code && code !== existing.referral_code) {
			this.referralCodes.delete(existing.referral_code);
			existing.referral_code = code;
			this.referralCodes.set(code, id);
		}
		existing.updated_at = now;
		return reply(200, { message: 'Request processed sucessfully', requestId: randomUUID() });
	}

	/** POST /api/customers: a plain create, every call a new customer. */
	private create(body: Record<string, unknown>): SimReply {
		if (body.Metadata === undefined) return error(400, 'bad request', "'Metadata' is required");
		if (!isObject(body.Metadata)) return error(400, 'bad request', "'Metadata' must be an object");
		const id = randomUUID();
		this.appCustomers.push({ ...body, Metadata: { ...body.Metadata }, id, created_at: new Date().toISOString() });
		return reply(200, { message: 'Customer Created', requestId: randomUUID(), id });
	}

	private generateCode(): string {
		let code: string;
		do code = `${CODE_PREFIX}${(this.nextCode++).toString(36).toUpperCase().padStart(6, '0')}`;
		while (this.referralCodes.has(code));
		return code;
	}
}

/** The body as a JSON object, or the reason it is not one. */
function jsonObject(request: SimRequest): Record<string, unknown> | string {
	if (request.rawBody.trim() === '') return 'the body must be a JSON object';
	if (request.contentType !== 'application/json') return 'the body must be JSON (Content-Type: application/json)';
	if (request.badJson) return 'the body is not valid JSON';
	if (!isObject(request.json)) return 'the body must be a JSON object';
	return request.json;
}

function header(request: SimRequest, name: string): string | undefined {
	const value = request.headers[name];
	return Array.isArray(value) ? value.join(', ') : value;
}

function isObject(value: unknown): value is Record<string, unknown> {
	return !!value && typeof value === 'object' && !Array.isArray(value);
}
