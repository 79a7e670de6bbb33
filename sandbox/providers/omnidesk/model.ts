import type { SimReply, SimRequest } from '../../types';

/** The shapes the Omnidesk sandbox keeps and the form of its endpoints. */

export interface Channel {
	id: number;
	type: string;
	value: string;
}

export interface Customer {
	id: number;
	external_primary_id: string | null;
	brand_id: number;
	firstname: string;
	lastname: string;
	channels: Channel[];
	/** Custom fields by name, without the custom_ prefix. */
	custom: Record<string, string>;
}

export interface TimelineEvent {
	id: number;
	type: 'external_event';
	customer_id: number;
	brand_id: number;
	initiated_by: string | null;
	message: string;
	source_url: string | null;
	created_at: string;
}

export interface NewChannel {
	type: string;
	value: string;
}

export type Fields = Record<string, string>;
export type BodyType = 'multipart/form-data' | 'application/x-www-form-urlencoded';

/** One endpoint: the body type it requires (when it takes a body) and what it does. */
export interface Route {
	body?: BodyType;
	run: (request: SimRequest, fields: Fields) => SimReply;
}

export const DEFAULT_BRAND = 1;
