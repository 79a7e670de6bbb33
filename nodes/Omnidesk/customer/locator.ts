import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { inVersions, showFor } from '../../shared/fields/describe';
import { records } from '../../shared/fields/output';
import { FieldError, asString, showValue, type Params } from '../../shared/fields/params';
import * as rules from '../../shared/fields/rules';
import { StepFailed } from '../../shared/transport/errors';
import type { ApiRequest, BuildContext, Call, CallPolicy } from '../../shared/types';
import { PATHS } from '../provider';
import { num, withoutEmpty } from './formFields';

/**
 * The customer picker of node version 2 (n8n's resource locator) and what it takes to act on the
 * customer it names. Omnidesk knows a customer by two IDs:
 * - Customer ID: Omnidesk's own numeric ID (the `id` of every customer record);
 * - External ID: your own ID of the customer (Omnidesk's "external primary ID").
 * Endpoints take one or the other; when the picker holds the other one, it is looked up when the
 * node runs (an extra call per item, made through the same transport).
 */

/** Version 2 is where the picker and the one External ID field appear; version 1 keeps its fields. */
export const PICKER_VERSION = 2;

export function isV2(context: BuildContext): boolean {
	return (context.nodeVersion ?? 1) >= PICKER_VERSION;
}

/** Which customer an item means. */
export type CustomerRef = { by: 'id'; id: string } | { by: 'externalId'; externalId: string };

/** The search listing customers for From List (methods.listSearch). */
export const SEARCH_METHOD = 'searchCustomers';

const ID_HINT = "Omnidesk's customer ID is a whole number, e.g. 42 (the id of a customer record). For your own ID of the customer, choose By External ID.";

/**
 * The Customer field (`customer`) of the given operations, version 2 only. n8n's guidelines:
 * From List first; the other modes say which ID they take.
 */
export function customerLocator(operations: string[], description: string): INodeProperties {
	return inVersions([PICKER_VERSION], {
		displayName: 'Customer',
		name: 'customer',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description,
		displayOptions: { show: showFor(...operations) },
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				hint: 'Type to search by name or External ID: letters, digits and spaces only, the characters Omnidesk’s search allows',
				typeOptions: { searchListMethod: SEARCH_METHOD, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 42',
				hint: "Omnidesk's numeric customer ID",
				validation: [
					{
						type: 'regex',
						properties: { regex: '[0-9]+', errorMessage: 'Not an Omnidesk customer ID: digits only, e.g. 42' },
					},
				],
			},
			{
				displayName: 'By External ID',
				name: 'externalId',
				type: 'string',
				placeholder: 'e.g. crm-1001',
				hint: 'Your own ID of the customer; the node finds the customer with Search by External ID when it runs',
			},
		],
	});
}

/**
 * The customer the picker names. A plain value (an expression or a tool argument written over
 * the whole field, or Map Automatically's `id`) is Omnidesk's customer ID, as By ID is.
 */
export function readCustomer(params: Params): CustomerRef {
	const raw = params.raw('customer', '');
	let mode = 'id';
	let value: unknown = raw;
	if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
		const locator = raw as IDataObject;
		mode = typeof locator.mode === 'string' ? locator.mode : 'id';
		value = locator.value;
	}
	if (mode === 'externalId') {
		const label = 'Customer (By External ID)';
		return { by: 'externalId', externalId: rules.required(asString(value, label), label, 'Enter your own ID of the customer, or choose the customer From List') };
	}
	const label = mode === 'list' ? 'Customer (From List)' : 'Customer (By ID)';
	const id = rules.required(asString(value, label), label, 'Choose a customer From List, or enter its ID');
	if (!/^[0-9]+$/.test(id)) throw new FieldError(label, `${showValue(id)} is not an Omnidesk customer ID`, ID_HINT);
	return { by: 'id', id };
}

/** The words that name a customer in messages: `customer 42` or `the customer with External ID "crm-1"`. */
function named(ref: CustomerRef): string {
	return ref.by === 'id' ? `customer ${ref.id}` : `the customer with External ID "${ref.externalId}"`;
}

/** POST SearchByPrimaryExternalID for one External ID (in one brand, when given). */
export function searchRequest(externalId: string, brandId?: string): ApiRequest {
	const fields = withoutEmpty({ primary_id: externalId, brand_id: brandId });
	return {
		method: 'POST',
		path: PATHS.searchByPrimaryExternalId,
		form: { encoding: 'multipart', fields },
		about: { externalId, brandId: num(brandId) },
	};
}

/** The customers a search answered with: none (204 or an empty list), one, or several. */
export function foundCustomers(body: unknown): IDataObject[] {
	return records(body);
}

/** The one customer's numeric ID among those a search found; StepFailed when none or several. */
export function onlyCustomerId(found: IDataObject[], externalId: string, brandId?: string): string {
	const where = brandId ? ` in brand ${brandId}` : '';
	if (found.length === 0) {
		throw new StepFailed(
			`No Omnidesk customer has External ID "${externalId}"${where}`,
			'Check the External ID (your own ID of the customer, as Omnidesk stores it), or pick the customer From List or By ID. Nothing else was sent for this item.',
		);
	}
	if (found.length > 1) {
		const ids = found.map((customer) => customer.id).join(', ');
		throw new StepFailed(
			`${found.length} Omnidesk customers have External ID "${externalId}"${where} (IDs ${ids})`,
			'The node does not guess which one is meant: pick the customer By ID, or merge the duplicates in Omnidesk. Nothing else was sent for this item.',
		);
	}
	const id = found[0].id;
	if ((typeof id !== 'number' && typeof id !== 'string') || !/^[0-9]+$/.test(String(id))) {
		throw new StepFailed(`Omnidesk's answer to the search for External ID "${externalId}" holds no customer ID`, 'Pick the customer By ID instead.');
	}
	return String(id);
}

/** Searches (a read: safe to retry) and reads out the one customer's numeric ID. */
export async function findCustomerId(call: Call, search: ApiRequest, externalId: string, brandId?: string): Promise<string> {
	return onlyCustomerId(foundCustomers(await call(search, { idempotent: true })), externalId, brandId);
}

/**
 * The request for an endpoint that takes Omnidesk's customer ID. By ID (or From List) that is
 * `make(id)` itself; By External ID it is a search first (in `brandId` when given), then
 * `make(found id)`, with `policy` for that last call (the operation's own).
 */
export function withCustomerId(ref: CustomerRef, make: (customerId: string) => ApiRequest, policy: CallPolicy, brandId?: string): ApiRequest {
	if (ref.by === 'id') return make(ref.id);
	const search = searchRequest(ref.externalId, brandId);
	return {
		...search,
		steps: async (call) => {
			const customerId = await findCustomerId(call, search, ref.externalId, brandId);
			const request = make(customerId);
			request.about = { ...request.about, externalId: ref.externalId };
			return { body: await call(request, policy), request };
		},
	};
}

/**
 * The request for an endpoint that takes the External ID (Get Timeline). By External ID that is
 * `make(externalId)` itself; By ID (or From List) it is a Get of the customer first, whose
 * External ID the request then carries.
 */
export function withExternalId(ref: CustomerRef, make: (externalId: string) => ApiRequest, policy: CallPolicy): ApiRequest {
	if (ref.by === 'externalId') return make(ref.externalId);
	const get: ApiRequest = { method: 'GET', path: PATHS.item(ref.id), about: { customerId: num(ref.id) } };
	return {
		...get,
		steps: async (call) => {
			const [customer] = records(await call(get, { idempotent: true }));
			const externalId = customer?.external_primary_id;
			if (typeof externalId !== 'string' || externalId.trim() === '') {
				throw new StepFailed(
					`Omnidesk ${named(ref)} has no External ID`,
					'This endpoint finds the customer by its External ID: give the customer one (e.g. with Update), or pick a customer that has one.',
				);
			}
			const request = make(externalId);
			request.about = { ...request.about, customerId: num(ref.id) };
			return { body: await call(request, policy), request };
		},
	};
}

/**
 * For endpoints that take either ID (Add Channel, Update Name, Create External Event, Purge Data):
 * the form field the picker's ID goes into, under the endpoint's own field names.
 */
export function eitherId(ref: CustomerRef, names: { id: string; externalId: string }): Record<string, string> {
	return ref.by === 'id' ? { [names.id]: ref.id } : { [names.externalId]: ref.externalId };
}

/**
 * The same ID fields for an endpoint that takes either: from the picker in version 2 (`customer`);
 * in version 1 from its Customer ID field and its External ID field (`legacyExternalId`), as saved.
 */
export function eitherIdFields(params: Params, customer: CustomerRef | undefined, names: { id: string; externalId: string }, legacyExternalId: string): Record<string, string> {
	if (customer) return eitherId(customer, names);
	return {
		[names.id]: rules.wholeNumber(params.string('customerId', 'Customer ID'), 'Customer ID'),
		[names.externalId]: params.string(legacyExternalId, 'External ID'),
	};
}

/** Version 2's External ID text field of the given operations (version 1 keeps its own names for it). */
export function externalIdField(operations: string[], description: string, extra: Partial<INodeProperties> = {}): INodeProperties {
	return inVersions([PICKER_VERSION], {
		displayName: 'External ID',
		name: 'externalId',
		type: 'string',
		default: '',
		placeholder: 'e.g. crm-1001',
		description,
		displayOptions: { show: showFor(...operations) },
		...extra,
	});
}

/** The External ID text field: `externalId` in version 2, `legacyName` (what version 1 saved) before. */
export function readExternalId(params: Params, context: BuildContext, legacyName: string): string {
	return params.string(isV2(context) ? 'externalId' : legacyName, 'External ID');
}
