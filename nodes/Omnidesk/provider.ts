import type { Provider } from '../shared/types';

/** Omnidesk's error body: {"status": "error", "message": "..."}. */
function errorMessage(body: unknown): string | undefined {
	if (!body || typeof body !== 'object') return undefined;
	const { message, error } = body as { message?: unknown; error?: unknown };
	if (typeof message === 'string' && message.trim()) return message.trim();
	if (typeof error === 'string' && error.trim()) return error.trim();
	return undefined;
}

export const omnidesk: Provider = {
	displayName: 'Omnidesk',
	secretFields: ['apiKey'],
	errorMessage,
	statusMeanings: {
		400: 'Invalid request',
		401: 'Unauthorized',
		403: 'Forbidden (the API key lacks CUSTOMER_READ or CUSTOMER_CUD)',
		404: 'Not found',
		429: 'Too many requests',
		500: 'Omnidesk server error',
	},
	// An answer of {"status": "error"} is a failure whatever its HTTP status.
	isFailure: (body) => !!body && typeof body === 'object' && (body as { status?: unknown }).status === 'error',
};

export const OMNIDESK_CREDENTIAL = 'omnideskApi';

/** The API's paths. The three DELETE paths are cut off in the documentation: see the README. */
export const PATHS = {
	index: '/api/v2/customer',
	item: (id: string) => `/api/v2/customer/${encodeURIComponent(id)}`,
	/** Unconfirmed: the documentation names the endpoint (itemChannel) but not its path. */
	itemChannel: (id: string, channelId: string) =>
		`/api/v2/customer/${encodeURIComponent(id)}/channel/${encodeURIComponent(channelId)}`,
	/** From Omnidesk's public API-sync guide; its parameters are not documented there. */
	purgeData: '/api/v2/customer/purgedata',
	updateCustomer: '/api/v2/customer/updateCustomer',
	searchByPrimaryExternalId: '/api/v2/customer/SearchByPrimaryExternalID',
	searchByChannelValue: '/api/v2/customer/SearchByCustomerChannelValue',
	addChannelOnly: '/api/v2/customer/addChannelOnly',
	timeline: '/api/v2/customer/timelineByCustomerExternalID',
	externalEvent: '/api/v2/customer/externalEvent',
	syncWithCrm: '/api/v2/customer/syncWithCRM',
	createCustomerCrud: '/api/v2/customer/createCustomerCRUD',
} as const;

/** Unconfirmed: the documentation describes the flag ("include this with any value") but its name is cut off. */
export const TICKET_HISTORY_PARAM = 'ticket_history';

/**
 * Sync with CRM's `channel`, by the channel type chosen in the node: doc 003 shows only
 * `"channel": "phoneNumber"`, so Telephone sends that; the other types are sent by the names the
 * `channel_id` pattern uses (email, facebook, twitter): unconfirmed for this endpoint.
 */
export const CRM_CHANNEL: Record<string, string> = { telephone: 'phoneNumber' };

/** The largest page GET /api/v2/customer serves (itemLimit ≤ 99). */
export const MAX_PAGE_SIZE = 99;
