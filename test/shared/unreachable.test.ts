import type { IExecuteFunctions } from 'n8n-workflow';

import { CallFailed } from '../../nodes/shared/transport/errors';
import { Pacer } from '../../nodes/shared/pacing/pacer';
import { send, type Connection } from '../../nodes/shared/transport';
import type { Provider } from '../../nodes/shared/types';

/**
 * EHOSTUNREACH / ENETUNREACH: no route to the host, so the request never left. They are retried
 * like a refused connection, for every operation, and they are not an answer lost in flight: a
 * delete whose retry then finds nothing is "not found", not done.
 */
const provider: Provider = { displayName: 'Probe', secretFields: [], errorMessage: () => undefined, statusMeanings: {} };

function connection(): Connection {
	return {
		credentialType: 'bikApi',
		credentials: {},
		baseUrl: 'http://127.0.0.1:9',
		provider,
		settings: { concurrency: 1, maxConcurrency: 1, timeoutMs: 1000, maxRetries: 3, maxWaitMs: 1 },
		pacer: new Pacer(1),
	};
}

/** A context whose HTTP helper fails or answers in turn with `steps`; records the calls. */
function context(steps: Array<{ code: string } | { statusCode: number; body?: unknown }>) {
	const calls: unknown[] = [];
	const ctx = {
		helpers: {
			httpRequestWithAuthentication: async (_type: string, options: unknown) => {
				calls.push(options);
				const step = steps[Math.min(calls.length - 1, steps.length - 1)];
				if ('code' in step) throw Object.assign(new Error(`connect ${step.code} 10.255.255.1:443`), { code: step.code });
				return { statusCode: step.statusCode, headers: {}, body: step.body ?? {} };
			},
		},
	} as unknown as IExecuteFunctions;
	return { ctx, calls };
}

const request = { method: 'DELETE' as const, path: '/customer/7' };
const createRequest = { method: 'POST' as const, path: '/customer', body: { name: 'Ada' } };

describe.each(['EHOSTUNREACH', 'ENETUNREACH'])('%s', (code) => {
	test('a plain create is retried: nothing was sent', async () => {
		const { ctx, calls } = context([{ code }, { statusCode: 200, body: { ok: true } }]);
		await expect(send(ctx, connection(), createRequest, { idempotent: false })).resolves.toEqual({ ok: true });
		expect(calls).toHaveLength(2);
	});

	test('after the retries it fails without a warning about duplicates', async () => {
		const { ctx, calls } = context([{ code }]);
		const failure = await send(ctx, connection(), createRequest, { idempotent: false }).catch((error: CallFailed) => error.failure);
		expect(calls).toHaveLength(4);
		expect(failure).toMatchObject({ kind: 'network', code, retries: 3, duplicateRisk: false });
	});

	test('a delete whose retry finds nothing is "not found", not done', async () => {
		const { ctx, calls } = context([{ code }, { statusCode: 404, body: { message: 'Customer not found' } }]);
		const failure = await send(ctx, connection(), request, { idempotent: true, goneMeansDone: true }).catch((error: CallFailed) => error.failure);
		expect(calls).toHaveLength(2);
		expect(failure).toMatchObject({ kind: 'status', status: 404 });
	});
});

test('a delete whose answer was really lost (ECONNRESET) and whose retry finds nothing is done', async () => {
	const { ctx, calls } = context([{ code: 'ECONNRESET' }, { statusCode: 404 }]);
	await expect(send(ctx, connection(), request, { idempotent: true, goneMeansDone: true })).resolves.toBeUndefined();
	expect(calls).toHaveLength(2);
});

test('a lost answer, then no route, then 404: the first attempt may have deleted it, so it is done', async () => {
	const { ctx } = context([{ code: 'ETIMEDOUT' }, { code: 'EHOSTUNREACH' }, { statusCode: 404 }]);
	await expect(send(ctx, connection(), request, { idempotent: true, goneMeansDone: true })).resolves.toBeUndefined();
});
