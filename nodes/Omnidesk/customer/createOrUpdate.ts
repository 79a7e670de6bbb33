import type { INodeProperties } from 'n8n-workflow';

import { confirmation, oneRecord } from '../../shared/fields/output';
import * as rules from '../../shared/fields/rules';
import { collection, showFor, text } from '../../shared/fields/describe';
import { CallFailed } from '../../shared/transport/errors';
import type { Answered, ApiRequest, Call, Operation } from '../../shared/types';
import { PATHS } from '../provider';
import { autoMapSpec, brandId, channels, customFields, field, firstName, withoutEmpty, lastName, num } from './formFields';
import { foundCustomers, onlyCustomerId, searchRequest } from './locator';
import { personName, requireChange } from './validate';

/**
 * Create or Update by External ID: Omnidesk has no upsert endpoint, so one item makes
 * 1. Search by External ID (POST SearchByPrimaryExternalID, brand_id when given);
 * 2. found one: Update it by its ID (PUT /api/v2/customer/{id}) → `action: 'updated'`;
 *    found several: the item fails naming their IDs (the node does not pick one);
 *    found none: Create it with the External ID (POST createCustomerCRUD) → `action: 'created'`.
 *
 * Two runs for the same new External ID can both find nothing and both create. What the node does:
 * - A create Omnidesk refuses (a 4xx, or a 200 with {"status": "error"}: nothing was created)
 *   is followed by one more search. If the customer now exists (the other run created it), it is
 *   updated instead (`action: 'updated'`); if not, the item fails with Omnidesk's refusal.
 * - A create that may have been applied (a 5xx or a lost answer) is never sent again, by the
 *   transport or by n8n's Retry On Fail (see run/tries.ts): the item fails and says so.
 * - If Omnidesk accepted both creates (its documents do not say that it refuses a second customer
 *   with the same External ID), the next Create or Update for that ID finds both and fails naming
 *   them, rather than updating one of them.
 */

const OPERATION = 'createOrUpdate';
const showOp = { show: showFor(OPERATION) };

/** Map Automatically: the create form's own field names, custom_<name> and the numbered channel fields. */
const autoMap = autoMapSpec({
	primaryID: 'externalId',
	brandID: 'brandId',
	firstname: 'additionalFields.firstName',
	lastname: 'additionalFields.lastName',
}, true);

export const description: INodeProperties[] = [
	text('External ID', 'externalId', 'Your own ID of the customer: the customer with this External ID is updated, or created with it when there is none', {
		required: true,
		placeholder: 'e.g. crm-1001',
		displayOptions: showOp,
	}),
	{ ...brandId('The brand to search, create and update in: its ID from Omnidesk’s admin settings › Brands'), displayOptions: showOp },
	collection('Additional Fields', 'additionalFields', showOp.show, [firstName, lastName]),
];

/** A create Omnidesk answered with a refusal: it created nothing, so a second search is safe. */
function refused(error: unknown): boolean {
	return error instanceof CallFailed && error.failure.kind === 'status' && error.failure.status < 500 && !error.failure.duplicateRisk;
}

/** The three requests of one item, built and validated before anything is sent. */
interface Plan {
	search: ApiRequest;
	create: ApiRequest;
	update: (customerId: string) => ApiRequest;
	externalId: string;
	brand: string;
}

async function run(plan: Plan, call: Call): Promise<Answered> {
	const { search, create, update, externalId, brand } = plan;
	const updateFound = async (customerId: string): Promise<Answered> => {
		const request = update(customerId);
		return { body: await call(request, { idempotent: true }), request };
	};
	const found = foundCustomers(await call(search, { idempotent: true }));
	if (found.length > 0) return await updateFound(onlyCustomerId(found, externalId, brand));
	// Never retried after a 5xx or a lost answer: it could create the customer twice.
	const created = await call(create, { idempotent: false }).then(
		(body) => ({ body }),
		(error: unknown) => ({ error }),
	);
	if (!('error' in created)) return { body: created.body, request: create };
	if (!refused(created.error)) throw created.error;
	// Refused: another run may have created the customer since the search. Search once more.
	const again = foundCustomers(await call(search, { idempotent: true }));
	if (again.length === 0) throw created.error;
	return await updateFound(onlyCustomerId(again, externalId, brand));
}

export const createOrUpdate: Operation = {
	option: {
		name: 'Create or Update',
		description: 'Update the customer with this External ID, or create it when there is none',
		action: 'Create or update a customer',
	},
	description,
	autoMap,
	// One of its steps creates: n8n's Retry On Fail must not send an item that may be created twice.
	idempotent: false,
	// It searches before it creates: no "each item creates a new record" notice.
	upsert: true,
	build(params) {
		const extra = params.collection('additionalFields');
		const externalId = rules.required(params.string('externalId', 'External ID'), 'External ID', 'The customer is found, or created, by your own ID of it');
		const brand = rules.wholeNumber(params.string('brandId', 'Brand ID'), 'Brand ID');
		const changes = {
			...withoutEmpty({
				firstname: personName(field(extra, 'firstName', 'First Name'), 'First Name'),
				lastname: personName(field(extra, 'lastName', 'Last Name'), 'Last Name'),
			}),
			...customFields(params),
			...channels(params),
		};
		requireChange(changes, [], 'Additional Fields', 'Give a First Name, a Last Name, a custom field or a channel: they are written to the customer found or created');
		const about = { externalId, brandId: num(brand) };
		const plan: Plan = {
			search: searchRequest(externalId, brand),
			create: {
				method: 'POST',
				path: PATHS.createCustomerCrud,
				form: { encoding: 'multipart', fields: { ...withoutEmpty({ primaryID: externalId, brandID: brand }), ...changes } },
				about: { action: 'created', ...about },
			},
			// The customer found in the brand keeps its brand: only the fields are sent.
			update: (customerId) => ({
				method: 'PUT',
				path: PATHS.item(customerId),
				form: { encoding: 'urlencoded', fields: changes },
				about: { action: 'updated', customerId: num(customerId), ...about },
			}),
			externalId,
			brand,
		};
		return { ...plan.search, steps: (call) => run(plan, call) };
	},
	output: (body, request) => confirmation(oneRecord(body), request.about ?? {}),
};
