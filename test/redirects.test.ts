import type { IDataObject } from 'n8n-workflow';

import { ApiServer, type Received } from './helpers/api-server';
import { runNode, type RunResult } from './helpers/run-node';

/**
 * Redirects (issue 20, item 3), through n8n-core with real HTTP: the provider's server (one origin)
 * and a second server on another port (another origin).
 * - No credential ever reaches another origin: a redirect there is not followed, for reads and
 *   writes alike, and the error names the location.
 * - A write (any method but GET) is never redirected: n8n's HTTP client would turn a POST met by a
 *   301, 302 or 303 into a GET of the new location and report success with nothing written, and
 *   would send the body again on a 307 or 308. It fails with the location in the error.
 * - A read (GET) follows a redirect on the same origin, up to 5 times, with the credential applied
 *   again by n8n for each request.
 */
const provider = new ApiServer();
const elsewhere = new ApiServer();
let providerUrl: string;
let elsewhereUrl: string;

beforeAll(async () => {
	providerUrl = await provider.start();
	elsewhereUrl = await elsewhere.start();
});
afterAll(async () => {
	await provider.stop();
	await elsewhere.stop();
});

const OMNIDESK_KEY = 'omni-key-redirect-7f3a9c';
const BIK = { apiKey: 'bik-key-redirect-1234', apiSecret: 'bik-secret-redirect-5678' };
const STATUSES = [301, 302, 303, 307, 308];

/** The provider redirects `from` (a path) to `to` (a path on it, or a full URL) with `status`; everything else answers 200. */
function redirect(from: string, to: string, status: number, answer: IDataObject = { id: 7, firstname: 'Anna' }) {
	provider.reset((request) => (request.path === from ? { status, headers: { Location: to }, body: '' } : { status: 200, body: answer }));
	elsewhere.reset(() => ({ status: 200, body: { id: 7, firstname: 'Elsewhere' } }));
}

function omnidesk(parameters: IDataObject): Promise<RunResult> {
	return runNode({
		type: 'omnidesk',
		parameters: { resource: 'customer', ...parameters, options: { maxRetries: 0 } } as never,
		credentials: { omnideskApi: { apiKey: OMNIDESK_KEY, baseUrl: providerUrl } },
	});
}

function bik(parameters: IDataObject): Promise<RunResult> {
	return runNode({
		type: 'bik',
		parameters: { resource: 'customer', ...parameters, options: { maxRetries: 0 } } as never,
		credentials: { bikApi: { ...BIK, baseUrl: providerUrl } },
	});
}

/** Every header value a server received, to look for the credential in any form. */
const headerText = (requests: Received[]) => JSON.stringify(requests.map((request) => request.headers));
const basic = Buffer.from(`${BIK.apiKey}:${BIK.apiSecret}`).toString('base64');

describe('a read (GET)', () => {
	test.each(STATUSES)('%i on the same origin is followed, with the credential applied again', async (status) => {
		redirect('/api/v2/customer/7', '/api/v2/customer/7/moved?x=1', status);
		const result = await omnidesk({ operation: 'get', customerId: '7' });
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json)).toEqual([{ id: 7, firstname: 'Anna' }]);
		expect(provider.received.map((request) => [request.method, request.path, request.query, request.headers.apikey])).toEqual([
			['GET', '/api/v2/customer/7', {}, OMNIDESK_KEY],
			['GET', '/api/v2/customer/7/moved', { x: '1' }, OMNIDESK_KEY],
		]);
	});

	test.each(STATUSES)('%i to another origin is not followed: nothing reaches it, and the error names the location', async (status) => {
		redirect('/api/v2/customer/7', `${elsewhereUrl}/steal`, status);
		const result = await omnidesk({ operation: 'get', customerId: '7' });
		expect(elsewhere.received).toEqual([]);
		expect(result.error?.message).toBe(`Omnidesk redirected the request to another host: ${elsewhereUrl}/steal [item 0]`);
		expect(result.error?.description).toContain(`Nothing was sent to ${elsewhereUrl}`);
		expect(result.error?.description).toContain('Base URL');
		expect(provider.received).toHaveLength(1);
	});

	test('a redirect loop on the same origin ends after 5 redirects with a clear error', async () => {
		provider.reset((request) => ({ status: 302, headers: { Location: `${request.path}x` }, body: '' }));
		const result = await omnidesk({ operation: 'get', customerId: '7' });
		expect(result.error?.message).toBe(`Omnidesk redirected the request more than 5 times, last to ${providerUrl}/api/v2/customer/7xxxxxx [item 0]`);
		expect(provider.received).toHaveLength(6);
	});
});

describe('a write (POST, PUT, DELETE)', () => {
	test.each(STATUSES)('BIK Create or Update met by %i on the same origin: not followed, the error names the location', async (status) => {
		redirect('/bikPlatformFunctions-customers/createOrUpdate', '/v2/createOrUpdate', status);
		const result = await bik({ operation: 'createOrUpdate', email: 'ada@example.com' });
		expect(result.items).toEqual([]);
		expect(result.error?.message).toBe(`BIK redirected the request to ${providerUrl}/v2/createOrUpdate; a POST is not sent on [item 0]`);
		expect(result.error?.description).toContain('Set the Base URL in the credential');
		expect(provider.received.map((request) => [request.method, request.path])).toEqual([['POST', '/bikPlatformFunctions-customers/createOrUpdate']]);
	});

	test.each(STATUSES)('Omnidesk Create met by %i to another origin: nothing reaches it', async (status) => {
		redirect('/api/v2/customer', `${elsewhereUrl}/api/v2/customer`, status);
		const result = await omnidesk({ operation: 'create', primaryId: 'crm-1' });
		expect(elsewhere.received).toEqual([]);
		expect(result.error?.message).toBe(`Omnidesk redirected the request to ${elsewhereUrl}/api/v2/customer; a POST is not sent on [item 0]`);
	});

	test.each([
		['update', { customerId: '7', updateFields: { firstName: 'Anna' } }, 'PUT', '/api/v2/customer/7'],
		['delete', { customerId: '7' }, 'DELETE', '/api/v2/customer/7'],
	])('Omnidesk %s (%s) met by 307 on the same origin: not followed', async (operation, parameters, method, path) => {
		redirect(path as string, '/elsewhere', 307);
		const result = await omnidesk({ operation, ...(parameters as IDataObject) });
		expect(result.error?.message).toBe(`Omnidesk redirected the request to ${providerUrl}/elsewhere; a ${method} is not sent on [item 0]`);
		expect(provider.received.map((request) => request.path)).toEqual([path]);
	});

	test('BIK: neither the Basic credential nor Omnidesk’s apikey ever reaches the other origin', async () => {
		for (const status of STATUSES) {
			redirect('/bikPlatformFunctions-customers/createOrUpdate', `${elsewhereUrl}/x`, status);
			await bik({ operation: 'createOrUpdate', email: 'ada@example.com' });
			redirect('/api/v2/customer/7', `${elsewhereUrl}/x`, status);
			await omnidesk({ operation: 'get', customerId: '7' });
			expect(elsewhere.received).toEqual([]);
			expect(headerText(elsewhere.received)).not.toContain(basic);
		}
	});
});
