import { reply, type SimReply } from '../../../types';
import { error } from '../answers';
import { DEFAULT_BRAND, type Fields, type NewChannel } from '../model';
import { Input, OMNIDESK_RULES as R, inferType } from '../rules';
import type { OmnideskStore } from '../store';

/** POST /api/v2/customer (multipart) */
export function create(store: OmnideskStore, fields: Fields): SimReply {
	const input = new Input(fields);
	const channelId = input.matching('channel_id', R.channelId);
	const link = input.text('customer_link_channel');
	const search = input.text('search_customer_channel_value');
	const brand = input.number('brand_id') ?? DEFAULT_BRAND;
	const primary = input.text('primary_id');
	const firstname = input.personName('firstname');
	const lastname = input.personName('lastname');
	input.number('ticket_id');
	const extraEmail = input.channel('extra_email', 'email');
	const extraTelephone = input.channel('extra_telephone', 'telephone');
	const custom = input.custom();
	if (primary === undefined && search === undefined) {
		input.problems.push('primary_id is required (or search_customer_channel_value when the brand searches customers by channel)');
	}
	let linkType: string | undefined;
	if (channelId !== undefined && link === undefined) {
		input.problems.push('channel_id can only be processed together with customer_link_channel');
	}
	if (link !== undefined) {
		linkType = channelId ?? inferType(link);
		if (linkType === undefined) input.problems.push('channel_id is required to link customer_link_channel: its address is not an email address or a telephone number');
		else if (R.channelId.accepts(linkType)) input.checkChannel('customer_link_channel', linkType, link);
	}
	const failure = input.failure();
	if (failure) return failure;

	if (primary !== undefined ? store.findByPrimary(primary, brand) : store.findByChannel(search!, brand)) {
		store.countDuplicateCreate();
		return error(400, primary !== undefined ? 'A customer with this primary ID already exists' : 'A customer with this channel value already exists');
	}
	const customer = store.insert(primary ?? null, brand, firstname ?? '', lastname ?? '', custom);
	const channels: NewChannel[] = [];
	if (primary === undefined) channels.push({ type: inferType(search!) ?? (search === link ? linkType! : 'other'), value: search! });
	if (link !== undefined) channels.push({ type: linkType!, value: link });
	if (extraEmail !== undefined) channels.push({ type: 'email', value: extraEmail });
	if (extraTelephone !== undefined) channels.push({ type: 'telephone', value: extraTelephone });
	store.addChannels(customer, channels);
	return reply(200, { type: 'result', message: link !== undefined ? 'User created and channel linked.' : 'User created.' });
}

/** POST /api/v2/customer/createCustomerCRUD (multipart) */
export function createCrud(store: OmnideskStore, fields: Fields): SimReply {
	const input = new Input(fields);
	const primary = input.required('primaryID');
	const brand = input.number('brandID') ?? DEFAULT_BRAND;
	const { firstname, lastname, custom, channels } = input.changes();
	const failure = input.failure();
	if (failure) return failure;
	if (store.findByPrimary(primary!, brand)) {
		store.countDuplicateCreate();
		return error(400, 'A customer with this primary ID already exists');
	}
	const customer = store.insert(primary!, brand, firstname ?? '', lastname ?? '', custom);
	store.addChannels(customer, channels);
	return reply(204);
}
