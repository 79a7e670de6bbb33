import { errorsOrMessage } from '../shared/transport/errors';
import type { Provider } from '../shared/types';

export const hyfin: Provider = {
	displayName: 'Hyfin',
	secretFields: ['accessToken'],
	// {success: false, errors: ["..."]}
	errorMessage: errorsOrMessage,
	refused: 'Hyfin refused the request',
	statusMeanings: {
		400: 'Invalid request',
		401: 'Unauthorized',
		403: 'Forbidden',
		404: 'Not found',
		429: 'Too many requests',
		500: 'Hyfin server error',
	},
	// {success: false} is a failure even with HTTP 200.
	isFailure: (body) => !!body && typeof body === 'object' && (body as { success?: unknown }).success === false,
};

export const HYFIN_CREDENTIAL = 'hyfinApi';

const site = (siteId: string) => `/api/v3.1/site/${encodeURIComponent(siteId)}`;
export const PATHS = {
	addUpdate: (siteId: string) => `${site(siteId)}/customer/addUpdate`,
	customer: (siteId: string, externalId: string) => `${site(siteId)}/customer/${encodeURIComponent(externalId)}`,
} as const;
