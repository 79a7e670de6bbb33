import type { INodeProperties } from 'n8n-workflow';

import { resultsOrNotFound } from '../../shared/fields/output';
import * as rules from '../../shared/fields/rules';
import { inVersions, showFor, text } from '../../shared/fields/describe';
import type { Operation } from '../../shared/types';
import { PATHS } from '../provider';
import { brandId, withoutEmpty, num } from './formFields';
import { externalIdField, isV2, readExternalId, searchRequest } from './locator';

const showByExternalId = { show: showFor('searchByExternalId') };
const showByChannelValue = { show: showFor('searchByChannelValue') };

const EXTERNAL_ID = 'Your own ID of the customer, as Omnidesk stores it';

export const searchByExternalId: Operation = {
	option: {
		name: 'Search by External ID',
		description: 'Find a customer by your own ID of it (External ID)',
		action: 'Search a customer by external ID',
	},
	description: [
		inVersions([1], text('External ID', 'primaryId', EXTERNAL_ID, { required: true, displayOptions: showByExternalId })),
		externalIdField(['searchByExternalId'], EXTERNAL_ID, { required: true }),
		{ ...brandId(), displayOptions: showByExternalId },
	] satisfies INodeProperties[],
	// A search sent twice finds the same customer.
	idempotent: true,
	build(params, context) {
		const externalId = rules.required(readExternalId(params, context, 'primaryId'), 'External ID');
		const brand = rules.wholeNumber(params.string('brandId', 'Brand ID'), 'Brand ID');
		const request = searchRequest(externalId, brand);
		// Version 1 reported the External ID as primaryId.
		if (!isV2(context)) request.about = { primaryId: externalId, brandId: num(brand) };
		return request;
	},
	output: (body, request) => resultsOrNotFound(body, request.about ?? {}),
};

export const searchByChannelValue: Operation = {
	option: {
		name: 'Search by Channel Value',
		description: 'Find a customer by an email address, telephone number or account',
		action: 'Search a customer by channel value',
	},
	description: [
		text('Channel Value', 'channelValue', 'An address on one of the customer’s channels: an email address, a telephone number in international format (e.g. +31612345678) or an account name', {
			required: true,
			displayOptions: showByChannelValue,
		}),
		{ ...brandId(), displayOptions: showByChannelValue },
	] satisfies INodeProperties[],
	idempotent: true,
	build(params) {
		const fields = withoutEmpty({
			customerChannelValue: rules.required(params.string('channelValue', 'Channel Value'), 'Channel Value'),
			brand_id: rules.wholeNumber(params.string('brandId', 'Brand ID'), 'Brand ID'),
		});
		return {
			method: 'POST',
			path: PATHS.searchByChannelValue,
			form: { encoding: 'multipart', fields },
			about: { channelValue: fields.customerChannelValue, brandId: num(fields.brand_id) },
		};
	},
	output: (body, request) => resultsOrNotFound(body, request.about ?? {}),
};
