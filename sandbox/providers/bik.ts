import { SANDBOX_CREDENTIALS, isBasic } from '../credentials';
import { reply, type ProviderSim, type SimReply, type SimRequest } from '../types';
import { isEmailAddress, isPhoneNumber } from './addresses';

/**
 * BIK (docs 000 and 001): every call a POST with a JSON body below /integrations, HTTP Basic.
 * Errors: {"status": <code>, "errors": [{"message": "..."}]}; a missing customer on get is 406.
 */
type Customer = Record<string, unknown> & { id: number; assets: Asset[]; addresses?: unknown[] };
interface Asset {
	id: number;
	createdAt: string;
	assetName: 'EMAIL' | 'PHONE_NUMBER';
	assetValue: string;
	countryCode: string | null;
}

const PREFIX = '/integrations';
const ADDRESS_REQUIRED = ['address1', 'city', 'country', 'countryCode', 'state', 'zip'];
const FIELDS: Record<string, 'string' | 'string[]' | 'boolean' | 'address[]'> = {
	partnerCustomerId: 'string',
	firstName: 'string',
	lastName: 'string',
	phoneNumber: 'string',
	email: 'string',
	secondaryEmail: 'string',
	secondaryPhoneNumber: 'string',
	alternateEmails: 'string[]',
	alternatePhoneNumbers: 'string[]',
	secondaryEmails: 'string[]',
	secondaryPhoneNumbers: 'string[]',
	overWriteAssets: 'boolean',
	tags: 'string[]',
	addresses: 'address[]',
};

const error = (status: number, ...messages: string[]): SimReply => reply(status, { status, errors: messages.map((message) => ({ message })) });

export class BikSim implements ProviderSim {
	readonly name = 'bik' as const;
	readonly secretHeaders = ['authorization'];
	private customers: Customer[] = [];
	private nextId = 5482636;
	private nextAssetId = 4516077;

	reset(): void {
		this.customers = [];
		this.nextId = 5482636;
		this.nextAssetId = 4516077;
	}

	state() {
		return { customers: this.customers.length };
	}

	handle(request: SimRequest): SimReply {
		if (!request.path.startsWith(`${PREFIX}/`)) return error(404, 'The specified API could not be found');
		const endpoint = request.path.slice(PREFIX.length);
		const known = ['/bikPlatformFunctions-customers/createOrUpdate', '/bikPlatformFunctions-customers/get', '/bikPlatformFunctions-authPartnerViaKey'];
		if (!known.includes(endpoint)) return error(404, 'The specified API could not be found');
		if (request.method !== 'POST') return error(404, 'The specified API could not be found');
		const { apiKey, apiSecret } = SANDBOX_CREDENTIALS.bik;
		if (!isBasic(request.headers.authorization, apiKey, apiSecret)) return error(401, 'User is not authenticated');
		if (request.contentType !== 'application/json' || request.badJson || !isObject(request.json)) {
			return error(400, 'The request body must be a JSON object');
		}
		const body = request.json;
		if (endpoint === '/bikPlatformFunctions-authPartnerViaKey') return reply(200, { status: '200' });
		if (endpoint === '/bikPlatformFunctions-customers/get') return this.get(body);
		return this.createOrUpdate(body);
	}

	private get(body: Record<string, unknown>): SimReply {
		const allowed = ['partnerCustomerId', 'bikCustomerId', 'includeAssets', 'includeAddress', 'includeTags'];
		const unknown = Object.keys(body).filter((key) => !allowed.includes(key));
		if (unknown.length) return error(400, unknown.map((key) => `'${key}' is not allowed`).join('. '));
		const { partnerCustomerId, bikCustomerId } = body;
		if (partnerCustomerId === undefined && bikCustomerId === undefined) return error(400, "'partnerCustomerId' or 'bikCustomerId' is required");
		const customer = this.customers.find((c) =>
			partnerCustomerId !== undefined ? c.partnerCustomerId === partnerCustomerId : String(c.id) === String(bikCustomerId),
		);
		if (!customer) return error(406, 'Failed to get customer');
		const view: Record<string, unknown> = { ...customer };
		if (body.includeAssets === false) delete view.assets;
		if (body.includeAddress === false) delete view.addresses;
		if (body.includeTags === false) delete view.tags;
		return reply(200, { status: 200, success: true, data: { customer: view } });
	}

	private createOrUpdate(body: Record<string, unknown>): SimReply {
		const problems: string[] = [];
		for (const [key, value] of Object.entries(body)) {
			const type = FIELDS[key];
			if (!type) problems.push(`'${key}' is not allowed`);
			else if (type === 'string' && typeof value !== 'string') problems.push(`'${key}' must be a string`);
			else if (type === 'boolean' && typeof value !== 'boolean') problems.push(`'${key}' must be a boolean`);
			else if (type === 'string[]' && !(Array.isArray(value) && value.every((v) => typeof v === 'string'))) problems.push(`'${key}' must be an array of strings`);
			else if (type === 'address[]') {
				if (!Array.isArray(value)) problems.push(`'${key}' must be an array`);
				else value.forEach((address, index) => problems.push(...addressProblems(address, index)));
			}
		}
		const email = typeof body.email === 'string' ? body.email : '';
		const phone = typeof body.phoneNumber === 'string' ? body.phoneNumber : '';
		if (!email && !phone) problems.push("Either 'email' or 'phoneNumber' must be provided");
		if (email && !isEmailAddress(email)) problems.push("'email' must be a valid email");
		if (phone && !isPhoneNumber(phone)) problems.push("'phoneNumber' must be a valid phone number");
		if (problems.length) return error(400, ...problems);

		// Matched by email or phone number, as BIK documents.
		let customer = this.customers.find((c) => (email && c.email === email) || (phone && c.phoneNumber === phone));
		const now = new Date().toISOString();
		if (!customer) {
			customer = { id: this.nextId++, createdAt: now, assets: [] };
			this.customers.push(customer);
		}
		const { alternateEmails, alternatePhoneNumbers, secondaryEmails, secondaryPhoneNumbers, overWriteAssets, ...fields } = body;
		Object.assign(customer, fields, { updatedAt: now, countryCode: customer.countryCode ?? (phone.startsWith('+91') ? 'IND' : null) });
		const emails = [email, ...list(alternateEmails), ...list(secondaryEmails)].filter(Boolean);
		const phones = [phone, ...list(alternatePhoneNumbers), ...list(secondaryPhoneNumbers)].filter(Boolean);
		if (overWriteAssets === true) customer.assets = [];
		for (const value of emails) this.addAsset(customer, 'EMAIL', value, now);
		for (const value of phones) this.addAsset(customer, 'PHONE_NUMBER', value, now);
		return reply(200, { status: 200, success: true, data: { customer } });
	}

	private addAsset(customer: Customer, assetName: Asset['assetName'], assetValue: string, now: string): void {
		if (customer.assets.some((asset) => asset.assetName === assetName && asset.assetValue === assetValue)) return;
		const countryCode = assetName === 'PHONE_NUMBER' && assetValue.startsWith('+91') ? 'IND' : null;
		customer.assets.push({ id: this.nextAssetId++, createdAt: now, assetName, assetValue, countryCode });
	}
}

function addressProblems(address: unknown, index: number): string[] {
	if (!isObject(address)) return [`'addresses[${index}]' must be an object`];
	const problems = ADDRESS_REQUIRED.filter((key) => typeof address[key] !== 'string' || address[key] === '').map(
		(key) => `'addresses[${index}].${key}' is required`,
	);
	for (const key of ['latitude', 'longitude']) {
		if (address[key] !== undefined && typeof address[key] !== 'number') problems.push(`'addresses[${index}].${key}' must be a number`);
	}
	return problems;
}

function list(value: unknown): string[] {
	return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function isObject(value: unknown): value is Record<string, unknown> {
	return !!value && typeof value === 'object' && !Array.isArray(value);
}
