import type { IDataObject, INode, INodeParameters } from 'n8n-workflow';

import { ApiServer } from './helpers/api-server';
import { runNode } from './helpers/run-node';

/**
 * Node versions and the Concurrency option, through n8n-core with real HTTP: a workflow saved
 * before version 2 (typeVersion 1, its JSON as n8n stored it) runs exactly as it did, and version
 * 2's Concurrency choice does what it says. Counted at the server: requests in flight at once.
 */
const api = new ApiServer();
let baseUrl: string;
beforeAll(async () => {
	baseUrl = await api.start();
});
afterAll(async () => api.stop());

/**
 * A BIK node as n8n 2.41 saved it with the package's first release: typeVersion 1, and only the
 * parameters that differ from their defaults (the user added Concurrency and typed 10).
 */
const SAVED_V1 = JSON.parse(`{
	"parameters": {
		"email": "={{ $json.email }}",
		"options": { "concurrency": 10 }
	},
	"id": "5b0c6a1e-2f5e-4c39-9d0a-6d1f4f1c9a01",
	"name": "BIK",
	"type": "n8n-nodes-customer-sync.bik",
	"typeVersion": 1,
	"position": [220, 0],
	"credentials": { "bikApi": { "id": "1", "name": "BIK account" } }
}`) as INode;

const emails = (count: number) => Array.from({ length: count }, (_, i) => ({ email: `user${i}@example.com` }));

/** Runs a BIK Create or Update node with these saved parameters; answers take `delayMs`. */
async function run(node: Pick<INode, 'parameters' | 'typeVersion'>, items: IDataObject[], delayMs = 200) {
	api.reset((request) => ({
		status: 200,
		body: { status: 200, success: true, data: { customer: { email: (request.json as { email: string }).email } } },
		delayMs,
	}));
	const result = await runNode({
		type: 'bik',
		typeVersion: node.typeVersion,
		parameters: node.parameters,
		credentials: { bikApi: { apiKey: 'k', apiSecret: 's', baseUrl: `${baseUrl}/integrations` } },
		items,
	});
	expect(result.error).toBeUndefined();
	expect(result.items.map((item) => item.json.email)).toEqual(items.map((item) => item.email));
	return api.maxInFlight;
}

describe('a workflow saved with version 1 runs as before', () => {
	test('"concurrency": 10 is still exactly 10 requests in flight', async () => {
		expect(await run(SAVED_V1, emails(40))).toBe(10);
	});

	test('"concurrency": 1 is still one at a time', async () => {
		expect(await run({ ...SAVED_V1, parameters: { ...SAVED_V1.parameters, options: { concurrency: 1 } } }, emails(4), 20)).toBe(1);
	});

	test('without Concurrency it adapts, and "maxConcurrency" still caps it', async () => {
		expect(await run({ ...SAVED_V1, parameters: { email: '={{ $json.email }}' } }, emails(80), 30)).toBeGreaterThan(5);
		expect(await run({ ...SAVED_V1, parameters: { email: '={{ $json.email }}', options: { maxConcurrency: 3 } } }, emails(20), 30)).toBe(3);
	});
});

describe('version 2: Concurrency is a choice', () => {
	const v2 = (options: INodeParameters) => ({ typeVersion: 2, parameters: { email: '={{ $json.email }}', options } });

	test('adding the option as it comes (Adaptive) does not pin the node: it grows past the old fixed 5', async () => {
		expect(await run(v2({ concurrencyControl: { settings: { mode: 'adaptive', maxConcurrency: 64 } } }), emails(80), 30)).toBeGreaterThan(5);
	});

	test('Fixed is exactly its number in flight', async () => {
		expect(await run(v2({ concurrencyControl: { settings: { mode: 'fixed', requests: 10 } } }), emails(40))).toBe(10);
	});

	test('Adaptive never goes above its ceiling', async () => {
		expect(await run(v2({ concurrencyControl: { settings: { mode: 'adaptive', maxConcurrency: 3 } } }), emails(20), 30)).toBe(3);
	});

	test('version 1\'s number means nothing in version 2 (it is not shown there): adaptive, starting at 4', async () => {
		expect(await run(v2({ concurrency: 2 }), emails(40), 30)).toBeGreaterThanOrEqual(4);
	});
});
