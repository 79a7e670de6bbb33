import type { INodeProperties } from 'n8n-workflow';

import type { AutoMapSpec } from '../../shared/fields/automap';
import { showFor, text } from '../../shared/fields/describe';
import { answerFields, confirmation } from '../../shared/fields/output';
import * as rules from '../../shared/fields/rules';
import type { Operation } from '../../shared/types';
import { PATHS } from '../provider';
import { USER_PROPERTIES, userProperties, userPropertiesDescription } from './userProperties';

const showOp = { show: showFor('createOrUpdate') };

/** Map Automatically: Rehook's body names; metadata (an object of user properties) is read as the User Properties JSON. */
const autoMap: AutoMapSpec = {
	fields: { source_id: 'sourceId', referral_code: 'referralCode', metadata: USER_PROPERTIES.json },
	preset: { [USER_PROPERTIES.mode]: 'json' },
};

/**
 * The Define Below fields. The User Properties fields are Create's too (they are shown for both
 * operations and listed once, here, before Create's own field).
 */
export const description: INodeProperties[] = [
	text('Source ID', 'sourceId', 'Your application’s unique ID of the customer, e.g. krishna@123. Rehook creates the customer or updates the one with this ID.', {
		required: true,
		displayOptions: showOp,
	}),
	text('Referral Code', 'referralCode', 'The customer’s referral code. Leave empty to let Rehook assign one to a new customer.', {
		displayOptions: showOp,
	}),
	...userPropertiesDescription,
];

/** Rehook answers "Customer Created" for a new customer and "Request processed sucessfully" (sic) for an update. */
export function actionOf(message: unknown): 'created' | 'updated' | 'unknown' {
	if (typeof message !== 'string') return 'unknown';
	if (/created/i.test(message)) return 'created';
	if (/processed/i.test(message)) return 'updated';
	return 'unknown';
}

export const createOrUpdate: Operation = {
	option: {
		name: 'Create or Update',
		description: 'Create a customer, or update the one with the same source ID (with the API key and secret key credential)',
		action: 'Create or update a customer',
	},
	description,
	autoMap,
	// Rehook matches the customer by source_id: sending it twice leaves the same customer.
	idempotent: true,
	build(params) {
		const sourceId = rules.required(params.string('sourceId', 'Source ID'), 'Source ID', 'Rehook identifies the customer by your source ID');
		return {
			method: 'POST',
			path: PATHS.customers,
			// As documented: an empty referral_code lets Rehook assign one.
			body: { metadata: userProperties(params), referral_code: params.string('referralCode', 'Referral Code'), source_id: sourceId },
			about: { sourceId },
		};
	},
	output: (body, request) => confirmation(body, { ...request.about, action: actionOf(answerFields(body).message) }),
};
