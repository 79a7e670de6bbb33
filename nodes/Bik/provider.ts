import { errorTexts } from '../shared/errors';
import type { Provider } from '../shared/types';

/** BIK's error body: {"status": 400, "errors": [{"message": "..."}]}. */
function errorMessage(body: unknown): string | undefined {
	if (!body || typeof body !== 'object') return undefined;
	const { errors, message } = body as { errors?: unknown; message?: unknown };
	return errorTexts(errors) ?? (typeof message === 'string' && message.trim() ? message : undefined);
}

export const bik: Provider = {
	displayName: 'BIK',
	secretFields: ['apiSecret', 'apiKey'],
	errorMessage,
	statusMeanings: {
		400: 'Invalid payload',
		401: 'Unauthorized',
		404: 'Not found',
		406: 'Customer not found',
		500: 'BIK server error',
	},
};

export const BIK_CREDENTIAL = 'bikApi';
