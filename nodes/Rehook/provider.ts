import type { Provider } from '../shared/types';

type ErrorBody = Record<string, unknown>;

/** Reads a field in either of the spellings Rehook's documentation uses (`message`, `Message`). */
function read(body: ErrorBody, name: string): string | undefined {
	const value = body[name] ?? body[name.charAt(0).toUpperCase() + name.slice(1)];
	if (typeof value === 'string' && value.trim()) return value.trim();
	if (typeof value === 'number') return String(value);
	return undefined;
}

/** Rehook's error body: {code, details, message, request_id}; the user reads message and details. */
function errorMessage(body: unknown): string | undefined {
	if (!body || typeof body !== 'object') return undefined;
	const message = read(body as ErrorBody, 'message');
	const details = read(body as ErrorBody, 'details');
	if (message && details && !message.toLowerCase().includes(details.toLowerCase())) return `${message} (${details})`;
	return message ?? details;
}

export const rehook: Provider = {
	displayName: 'Rehook',
	secretFields: ['apiKey', 'secretKey', 'appId', 'appSecret'],
	errorMessage,
	errorReference: (body) => (body && typeof body === 'object' ? read(body as ErrorBody, 'request_id') ?? read(body as ErrorBody, 'requestId') : undefined),
	statusMeanings: {
		400: 'Bad request',
		401: 'Unauthorized',
		403: 'Forbidden',
		404: 'Not found',
		429: 'Too many requests',
		500: 'Rehook server error',
	},
};

/**
 * The credential each operation's endpoint takes: Create or Update is HTTP Basic (API key and
 * secret key), Create takes the appId/appSecret headers. The node's Authentication option only
 * shows the matching credential in the panel; the operation decides.
 */
export const CREDENTIAL_OF_OPERATION: Record<string, string> = {
	createOrUpdate: 'rehookApi',
	create: 'rehookAppApi',
};

export const PATHS = {
	/** Create or Update, Basic form. */
	customers: '/customers',
	/** Create, appId/appSecret form. */
	apiCustomers: '/api/customers',
} as const;
