import type { INodeProperties } from 'n8n-workflow';

import { offsetPaging, type OffsetPagingSpec } from '../../shared/transport/paging';
import { FieldError } from '../../shared/fields/params';
import * as rules from '../../shared/fields/rules';
import { collection, showFor, text } from '../../shared/fields/describe';
import type { Operation } from '../../shared/types';
import { MAX_PAGE_SIZE, PATHS } from '../provider';
import { field } from './formFields';
import { PATTERNS } from './validate';

/** How GET /api/v2/customer pages (also walked by the Omnidesk Trigger). */
export const INDEX_PAGING: OffsetPagingSpec = {
	startParam: 'itemStart',
	limitParam: 'itemLimit',
	maxPageSize: MAX_PAGE_SIZE,
	itemsField: 'items',
	totalField: 'itemTotal',
};

/** Get Many's pages, one request after the other (also the customer picker's From List). */
export const customerPages = offsetPaging(INDEX_PAGING);

export const description: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		displayOptions: { show: showFor('getAll') },
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		displayOptions: { show: { ...showFor('getAll'), returnAll: [false] } },
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
	},
	collection(
		'Filters',
		'filters',
		showFor('getAll'),
		[text('Search Query', 'query', 'Only customers matching this text: letters, digits and spaces')],
		'Add Filter',
	),
];

export const getMany: Operation = {
	option: {
		name: 'Get Many',
		description: 'Get many customers, optionally matching a search',
		action: 'Get many customers',
	},
	description,
	idempotent: true,
	build(params) {
		const search = rules.pattern(
			field(params.collection('filters'), 'query', 'Filters › Search Query'),
			'Filters › Search Query',
			PATTERNS.query,
			'Omnidesk accepts letters, digits and spaces only in a search',
		);
		let limit: number | undefined;
		if (!params.boolean('returnAll', 'Return All', false)) {
			limit = params.number('limit', 'Limit', 50);
			if (!Number.isInteger(limit) || limit < 1) {
				throw new FieldError('Limit', `must be a whole number of at least 1, got ${limit}`, 'Or turn on Return All');
			}
		}
		return customerPages.first({ method: 'GET', path: PATHS.index, qs: search ? { query: search } : {} }, limit);
	},
	paging: customerPages,
};
