import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { AutoMapSpec } from '../../shared/fields/automap';
import { collection, showFor, text } from '../../shared/fields/describe';
import { confirmation } from '../../shared/fields/output';
import { asBoolean, asString } from '../../shared/fields/params';
import * as rules from '../../shared/fields/rules';
import type { Operation } from '../../shared/types';
import { PATHS } from '../provider';
import { siteId } from './siteId';

const showOp = showFor('addUpdate');

/**
 * Map Automatically: Hyfin's body names and where Define Below keeps each. notification_options
 * may be an object or flat columns named notification_options.notify_phone / .notify_email.
 */
const autoMap: AutoMapSpec = {
	fields: {
		external_id: 'externalId',
		first_name: 'firstName',
		last_name: 'lastName',
		account_name: 'additionalFields.accountName',
		mobile_phone: 'additionalFields.mobilePhone',
		email: 'additionalFields.email',
		notes: 'additionalFields.notes',
		active: 'active',
		'notification_options.notify_phone': 'notificationOptions.notifyPhone',
		'notification_options.notify_email': 'notificationOptions.notifyEmail',
	},
};

export const description: INodeProperties[] = [
	text('External ID', 'externalId', 'The customer’s unique ID in your system. Hyfin updates the customer with this ID, or adds one.', {
		required: true,
		displayOptions: { show: showOp },
	}),
	text('First Name', 'firstName', 'The customer’s first name', { required: true, displayOptions: { show: showOp } }),
	text('Last Name', 'lastName', 'The customer’s last name', { required: true, displayOptions: { show: showOp } }),
	{
		displayName: 'Active',
		name: 'active',
		type: 'boolean',
		default: true,
		displayOptions: { show: showOp },
		description: 'Whether the customer record is active and available for use',
	},
	collection('Additional Fields', 'additionalFields', showOp, [
		text('Account Name', 'accountName', 'An extra identifier for a business customer, e.g. 123 Main Street or ABC Company'),
		text('Email', 'email', 'Where payment requests are emailed, e.g. name@example.com. Required when Notify by Email is on.', { placeholder: 'name@email.com' }),
		text('Mobile Phone', 'mobilePhone', 'Where payment requests are texted: 7 to 15 digits with an optional + and country code, separators allowed, e.g. +14155550123 or 111-222-3333. Required when Notify by Phone is on.', { placeholder: '111-222-3333' }),
		text('Notes', 'notes', 'Internal notes, visible only to the merchant', { typeOptions: { rows: 2 } }),
	]),
	collection(
		'Notification Options',
		'notificationOptions',
		showOp,
		[
			{
				displayName: 'Notify by Email',
				name: 'notifyEmail',
				type: 'boolean',
				default: false,
				description: 'Whether the customer receives notifications by email',
			},
			{
				displayName: 'Notify by Phone',
				name: 'notifyPhone',
				type: 'boolean',
				default: false,
				description: 'Whether the customer receives notifications by text message',
			},
		],
		'Add Option',
	),
];

export const addUpdate: Operation = {
	option: {
		name: 'Add or Update',
		description: 'Add a customer, or update the one with the same external ID',
		action: 'Add or update a customer',
	},
	description,
	autoMap,
	// Hyfin upserts on external_id: sending it twice leaves the same record.
	idempotent: true,
	build(params, context) {
		const site = siteId(params, context);
		const extra = params.collection('additionalFields');
		const notify = params.collection('notificationOptions');
		const optional = (name: string, label: string) => asString(extra[name], label);
		const body: IDataObject = {
			external_id: rules.required(params.string('externalId', 'External ID'), 'External ID', 'Hyfin adds or updates the customer by this ID'),
			first_name: rules.required(params.string('firstName', 'First Name'), 'First Name'),
			last_name: rules.required(params.string('lastName', 'Last Name'), 'Last Name'),
			account_name: optional('accountName', 'Account Name'),
			mobile_phone: rules.phone(optional('mobilePhone', 'Mobile Phone'), 'Mobile Phone'),
			email: rules.email(optional('email', 'Email'), 'Email'),
			notes: optional('notes', 'Notes'),
			active: params.boolean('active', 'Active', true),
		};
		// Fields left empty are not sent, so an update keeps what Hyfin has.
		for (const key of ['account_name', 'mobile_phone', 'email', 'notes']) if (body[key] === '') delete body[key];
		if (notify.notifyPhone !== undefined || notify.notifyEmail !== undefined) {
			const options: IDataObject = {};
			if (notify.notifyPhone !== undefined) options.notify_phone = asBoolean(notify.notifyPhone, 'Notification Options › Notify by Phone');
			if (notify.notifyEmail !== undefined) options.notify_email = asBoolean(notify.notifyEmail, 'Notification Options › Notify by Email');
			if (options.notify_phone === true) {
				rules.required(body.mobile_phone === undefined ? '' : String(body.mobile_phone), 'Mobile Phone', 'Hyfin needs a mobile phone number to notify by phone');
			}
			if (options.notify_email === true) {
				rules.required(body.email === undefined ? '' : String(body.email), 'Email', 'Hyfin needs an email address to notify by email');
			}
			body.notification_options = options;
		}
		return { method: 'POST', path: PATHS.addUpdate(site), body, about: { externalId: body.external_id } };
	},
	output: (body, request) => confirmation(body, { ...request.about }),
};
