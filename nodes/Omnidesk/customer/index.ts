import type { INodeProperties } from 'n8n-workflow';

import { customerProperties } from '../../shared/fields/describe';
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

export const customerDescription: INodeProperties[] = customerProperties(customerOperations, 'create', [...customFieldsDescription, channelsDescription]);
