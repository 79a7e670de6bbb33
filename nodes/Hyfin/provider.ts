import type { Provider } from '../shared/types';

/** Hyfin's failure body: {success: false, errors: ["..."]}. */
function errorMessage(body: unknown): string | undefined {
	if (!body || typeof body !== 'object') return undefined;
	const { errors, message } = body as { errors?: unknown; message?: unknown };
	if (Array.isArray(errors)) {
		const texts = errors
			.map((entry) => (typeof entry === 'string' ? entry : entry && typeof entry === 'object' ? (entry as { message?: unknown }).message : undefined))
			.filter((text): text is string => typeof text === 'string' && text.trim() !== '');
		if (texts.length) return texts.join('; ');
	}
	if (typeof errors === 'string' && errors.trim()) return errors.trim();
	return typeof message === 'string' && message.trim() ? message.trim() : undefined;
}

export const hyfin: Provider = {
	displayName: 'Hyfin',
	secretFields: ['accessToken'],
	errorMessage,
	statusMeanings: {
		// Only a {success: false} answer reaches the error builder with a 2xx status.
		200: 'Hyfin refused the request',
		201: 'Hyfin refused the request',
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
