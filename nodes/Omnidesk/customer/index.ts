import type { INodeProperties } from 'n8n-workflow';

import { retryOnFailNotice } from '../../shared/fields/describe';
import type { Operation } from '../../shared/types';
import { customFieldsDescription, channelsDescription } from './formFields';
import { addChannel } from './addChannel';
import { create } from './create';
import { createCrud } from './createCrud';
import { createExternalEvent } from './createExternalEvent';
import { createOrUpdate } from './createOrUpdate';
import { deleteCustomer } from './delete';
import { deleteChannel } from './deleteChannel';
import { get } from './get';
import { getMany } from './getMany';
import { getTimeline } from './getTimeline';
import { purgeData } from './purgeData';
import { searchByChannelValue, searchByExternalId } from './search';
import { syncWithCrm } from './syncWithCrm';
import { update } from './update';
import { updateByExternalId } from './updateByExternalId';
import { updateName } from './updateName';

/** The Customer controller's 16 endpoints, one operation each, and Create or Update made of three of them. */
export const customerOperations: Record<string, Operation> = {
	addChannel,
	create,
	createCrud,
	createExternalEvent,
	createOrUpdate,
	delete: deleteCustomer,
	deleteChannel,
	get,
	getAll: getMany,
	getTimeline,
	purgeData,
	searchByChannelValue,
	searchByExternalId,
	syncWithCrm,
	update,
	updateByExternalId,
	updateName,
};

export const customerDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['customer'] } },
		options: [
			{
				name: 'Add Channel',
				value: 'addChannel',
				description: 'Add email, telephone, Twitter or Facebook addresses to a customer',
				action: 'Add a channel to a customer',
			},
			{
				name: 'Create',
				value: 'create',
				description: 'Create a customer, optionally linking a channel and a ticket',
				action: 'Create a customer',
			},
			{
				name: 'Create External Event',
				value: 'createExternalEvent',
				description: 'Add an event, such as an order or a mailing, to a customer’s timeline',
				action: 'Create an external event on a customer timeline',
			},
			{
				name: 'Create or Update',
				value: 'createOrUpdate',
				description: 'Update the customer with this External ID, or create it when there is none',
				action: 'Create or update a customer',
			},
			{
				name: 'Create with Channels',
				value: 'createCrud',
				description: 'Create a customer by External ID with custom fields and several channels at once',
				action: 'Create a customer with several channels',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete a customer',
				action: 'Delete a customer',
			},
			{
				name: 'Delete Channel',
				value: 'deleteChannel',
				description: 'Remove a channel from a customer',
				action: 'Delete a channel of a customer',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a customer’s record with its channels and custom fields',
				action: 'Get a customer',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get many customers, optionally matching a search',
				action: 'Get many customers',
			},
			{
				name: 'Get Timeline',
				value: 'getTimeline',
				description: 'Get the events on a customer’s timeline',
				action: 'Get the timeline of a customer',
			},
			{
				name: 'Purge Data',
				value: 'purgeData',
				description: 'Permanently remove all data linked to a customer',
				action: 'Purge the data of a customer',
			},
			{
				name: 'Search by Channel Value',
				value: 'searchByChannelValue',
				description: 'Find a customer by an email address, telephone number or account',
				action: 'Search a customer by channel value',
			},
			{
				name: 'Search by External ID',
				value: 'searchByExternalId',
				description: 'Find a customer by your own ID of it (External ID)',
				action: 'Search a customer by external ID',
			},
			{
				name: 'Sync with CRM',
				value: 'syncWithCrm',
				description: 'Refresh a customer from the CRM lookup URL configured for the brand',
				action: 'Sync a customer with the CRM',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Update a customer’s fields, custom fields and channels',
				action: 'Update a customer',
			},
			{
				name: 'Update by External ID',
				value: 'updateByExternalId',
				description: 'Update a customer’s fields, custom fields and channels in one call, found by External ID',
				action: 'Update a customer by external ID',
			},
			{
				name: 'Update Name',
				value: 'updateName',
				description: 'Update a customer’s name and custom fields',
				action: 'Update the name of a customer',
			},
		],
		default: 'create',
	},
	// Create or Update searches before it creates: the plain-create notice does not describe it.
	retryOnFailNotice(Object.keys(customerOperations).filter((name) => !customerOperations[name].idempotent && name !== 'createOrUpdate')),
	...Object.values(customerOperations).flatMap((operation) => operation.description),
	...customFieldsDescription,
	channelsDescription,
];
