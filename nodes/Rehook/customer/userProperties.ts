import type { IDataObject } from 'n8n-workflow';

import { showFor } from '../../shared/fields/describe';
import { pairsDescription, readPairs, type PairsSpec } from '../../shared/fields/pairs';
import { FieldError, showValue, type Params } from '../../shared/fields/params';

/** Rehook's metadata: the customer's user properties as key/value pairs. */
export const USER_PROPERTIES: PairsSpec = {
	mode: 'metadataInput',
	list: 'metadata',
	entry: 'property',
	json: 'metadataJson',
	label: 'User Properties',
	entryLabel: 'Property',
};

/** Create's and Create or Update's; hidden with Map Automatically (Create or Update), which reads them from the item's metadata. */
export const userPropertiesDescription = pairsDescription(USER_PROPERTIES, showFor('createOrUpdate', 'create'), {
	list: 'The customer’s user properties (Rehook’s metadata), e.g. Name, Phone, location',
	name: 'The property’s name, e.g. Phone',
	value: 'The property’s value',
	json: 'User properties as a JSON object, e.g. {"Name": "Krishnananda", "Phone": "123456789"}',
});

/** The user properties as an object. JSON values may be text, numbers, true/false or null; not lists or objects. */
export function userProperties(params: Params): IDataObject {
	const metadata: IDataObject = {};
	for (const pair of readPairs(params, USER_PROPERTIES)) {
		if (pair.value !== null && typeof pair.value === 'object') {
			throw new FieldError(pair.label, `value must be text, a number, true/false or null, got ${showValue(pair.value)}`, 'Rehook stores user properties as key/value pairs');
		}
		metadata[pair.name] = pair.value as IDataObject[string];
	}
	return metadata;
}
