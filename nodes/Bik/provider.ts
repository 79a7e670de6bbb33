import { errorsOrMessage } from '../shared/transport/errors';
import type { Provider } from '../shared/types';

export const bik: Provider = {
	displayName: 'BIK',
	secretFields: ['apiSecret', 'apiKey'],
	// {"status": 400, "errors": [{"message": "..."}]}
	errorMessage: errorsOrMessage,
	statusMeanings: {
		400: 'Invalid payload',
		401: 'Unauthorized',
		404: 'Not found',
		406: 'Customer not found',
		500: 'BIK server error',
	},
};

export const BIK_CREDENTIAL = 'bikApi';
