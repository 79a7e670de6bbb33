import type { INode } from 'n8n-workflow';

import { apiError, errorsOrMessage } from '../../../nodes/shared/transport/errors';
import type { Provider } from '../../../nodes/shared/types';

describe('apiError', () => {
	const node = { id: 'n', name: 'Node', type: 'test', typeVersion: 1, position: [0, 0], parameters: {} } as INode;
	const provider: Provider = { displayName: 'Test API', secretFields: ['apiKey'], errorMessage: () => undefined, statusMeanings: { 401: 'Unauthorized' } };

	it('masks a secret in a long error page before shortening it, so no part of the secret is left', () => {
		const secret = 'SECRET-0123456789abcdef';
		// The secret straddles the 197-character cut of the message.
		const page = `<html><p>Invalid API key. ${'.'.repeat(160)} Key ${secret} is not valid for this account or any other account.</p></html>`;
		const error = apiError(node, provider, { kind: 'status', status: 401, body: page, retries: 0, duplicateRisk: false }, 2, [secret]);
		expect(error.message.startsWith('Unauthorized: Invalid API key.')).toBe(true);
		expect(error.message.endsWith('... [item 2]')).toBe(true);
		for (const part of [secret, secret.slice(0, 8), 'SECRET-']) expect(JSON.stringify(error)).not.toContain(part);
		expect(error.message).toContain('Key ***');
	});
});

describe('errorsOrMessage (BIK and Hyfin bodies)', () => {
	it('prefers the errors list, else the trimmed message, else nothing', () => {
		expect(errorsOrMessage({ status: 400, errors: [{ message: ' email is invalid ' }, { message: 'phone is invalid' }] })).toBe(
			'email is invalid; phone is invalid',
		);
		expect(errorsOrMessage({ success: false, errors: ['invalid field2', 'missing field_name'] })).toBe('invalid field2; missing field_name');
		expect(errorsOrMessage({ message: '  Customer not found \n' })).toBe('Customer not found');
		expect(errorsOrMessage({ errors: [], message: '   ' })).toBeUndefined();
		expect(errorsOrMessage('<html>')).toBeUndefined();
	});
});
