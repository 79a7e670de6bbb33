import { reply, type SimReply } from '../../../types';
import { error, notFound } from '../answers';
import type { Fields, NewChannel } from '../model';
import { Input, checkId } from '../rules';
import type { OmnideskStore } from '../store';

/** POST /api/v2/customer/addChannelOnly (multipart) */
export function addChannelOnly(store: OmnideskStore, fields: Fields): SimReply {
	const input = new Input(fields);
	const customerId = input.number('customer_id');
	const primary = input.text('primary_id');
	const brand = input.number('brand_id');
	const email = input.channel('extra_email', 'email');
	const telephone = input.channel('extra_telephone', 'telephone');
	const twitter = input.channel('extra_twitter', 'twitter');
	const facebook = input.text('extra_facebook');
	if (input.text('customer_id') === undefined && primary === undefined) input.problems.push('customer_id or primary_id is required');
	if ([email, telephone, twitter, facebook].every((value) => value === undefined)) {
		input.problems.push('extra_email, extra_telephone, extra_twitter or extra_facebook is required');
	}
	const failure = input.failure();
	if (failure) return failure;
	const found = store.findBy(customerId, primary, brand);
	if (!found) return notFound();
	const channels: NewChannel[] = [];
	if (email !== undefined) channels.push({ type: 'email', value: email });
	if (telephone !== undefined) channels.push({ type: 'telephone', value: telephone });
	if (twitter !== undefined) channels.push({ type: 'twitter', value: twitter });
	if (facebook !== undefined) channels.push({ type: 'facebook', value: facebook });
	store.addChannels(store.editable(found.id)!, channels);
	return reply(204);
}

/** DELETE /api/v2/customer/{id}/channel/{channelId} */
export function deleteChannel(store: OmnideskStore, idText: string, channelText: string): SimReply {
	const bad = checkId('id', idText) ?? checkId('channelId', channelText);
	if (bad) return bad;
	const found = store.customer(Number(idText));
	if (!found) return notFound();
	const channelId = Number(channelText);
	if (!found.channels.some((channel) => channel.id === channelId)) return error(404, 'Channel not found');
	const customer = store.editable(found.id)!;
	customer.channels = customer.channels.filter((channel) => channel.id !== channelId);
	return reply(204);
}
