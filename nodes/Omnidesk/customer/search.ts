import type { INodeProperties } from 'n8n-workflow';

import { resultsOrNotFound } from '../../shared/fields/output';
import * as rules from '../../shared/fields/rules';
import { showFor, text } from '../../shared/fields/describe';
import type { Operation } from '../../shared/types';
import { PATHS } from '../provider';
import { brandId, withoutEmpty, num } from './formFields';

const showByExternalId = { show: showFor('searchByExternalId') };
const showByChannelValue = { show: showFor('searchByChannelValue') };

export const searchByExternalId: Operation = {
	option: {
		name: 'Search by External ID',
		description: 'Find a customer by your own primary ID',
		action: 'Search a customer by external ID',
	},
	description: [
		text('External Primary ID', 'primaryId', 'Your own (external primary) ID of the customer', {
			required: true,
			displayOptions: showByExternalId,
		}),
		{ ...brandId(), displayOptions: showByExternalId },
	] satisfies INodeProperties[],
	// A search sent twice finds the same customer.
	idempotent: true,
	build(params) {
		const fields = withoutEmpty({
			primary_id: rules.required(params.string('primaryId', 'External Primary ID'), 'External Primary ID'),
			brand_id: rules.wholeNumber(params.string('brandId', 'Brand ID'), 'Brand ID'),
		});
		return {
			method: 'POST',
			path: PATHS.searchByPrimaryExternalId,
			form: { encoding: 'multipart', fields },
			about: { primaryId: fields.primary_id, brandId: num(fields.brand_id) },
		};
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
