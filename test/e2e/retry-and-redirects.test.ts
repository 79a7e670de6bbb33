import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	ROOT,
	freePort,
	importIntoN8n,
	installN8n,
	n8nCommand,
	packPackage,
	parseRawOutput,
	prepareN8n,
	setupOwner,
	startN8n,
	type N8n,
} from '../../local-n8n/n8n';
import { itemsThen, type Workflow } from '../../sandbox/workflows';
import { ApiServer, formOf, type Received } from '../helpers/api-server';

/**
 * Issue 20, items 1 and 3, in real n8n 2.41 with the package installed as users install it, run
 * with `n8n execute`:
 * - n8n's Retry On Fail on a plain create whose expression holds `$now`, one item refused once:
 *   the provider receives a, b, b, c (it received a, b, a, b, c before: n8n evaluates the
 *   expression again on each try);
 * - redirects: the provider's server (one origin) redirects to a second server on another port
 *   (another origin), which must receive nothing, for a read (Omnidesk's apikey header) and a write
 *   (BIK's Basic token); a read on the same origin is followed with the credential; a write met by
 *   a 301 fails naming the location (it became a GET that reported success before);
 * - the credential test in the running n8n sends nothing to the other origin either.
 * And issue 24's shortcut for field expressions, under n8n 2.41's default (vm) expression engine:
 * `={{ $json.value }}`, taken from the item, gives what `={{ ($json.value) }}`, which n8n evaluates,
 * gives, for values of every shape.
 */
jest.setTimeout(15 * 60 * 1000);

const provider = new ApiServer();
const elsewhere = new ApiServer();
let providerUrl: string;
let elsewhereUrl: string;
let n8n: N8n;

const OMNIDESK = { id: 'e2eRedirOmnidsk1', name: 'Redirect Omnidesk', type: 'omnideskApi', apiKey: 'omni-e2e-key-7f3a9c' };
const BIK = { id: 'e2eRedirBikApi01', name: 'Redirect BIK', type: 'bikApi', apiKey: 'bik-e2e-key-1234', apiSecret: 'bik-e2e-secret-5678' };
const BASIC = Buffer.from(`${BIK.apiKey}:${BIK.apiSecret}`).toString('base64');

function node(type: 'omnidesk' | 'bik', parameters: Record<string, unknown>, settings: Record<string, unknown> = {}) {
	const credential = type === 'omnidesk' ? OMNIDESK : BIK;
	return {
		name: 'Node Under Test',
		type: `n8n-nodes-customer-sync.${type}`,
		typeVersion: 1,
		parameters: { resource: 'customer', ...parameters },
		credentials: { [credential.type]: { id: credential.id, name: credential.name } },
		...settings,
	};
}

const WORKFLOWS: Record<string, Workflow> = {
	retryWithNow: itemsThen(
		'e2eRetryWithNow1',
		['a', 'b', 'c'],
		node(
			'omnidesk',
			{ operation: 'create', primaryId: "={{ $json.value + '|' + $now.toMillis() }}", options: { concurrency: 1, maxRetries: 0 } },
			{ retryOnFail: true, maxTries: 3, waitBetweenTries: 100 },
		),
	),
	read: itemsThen('e2eRedirectRead1', ['7'], node('omnidesk', { operation: 'get', customerId: '={{ $json.value }}', options: { maxRetries: 0 } })),
	write: itemsThen('e2eRedirectWrite', ['ada@example.com'], node('bik', { operation: 'createOrUpdate', email: '={{ $json.value }}', options: { maxRetries: 0 } })),
	...Object.fromEntries(
		[
			['fieldTaken', '={{ $json.value }}'],
			['fieldEvaluated', '={{ ($json.value) }}'],
		].map(([name, email], index) => [
			name,
			itemsThen(
				`e2eFieldExpress${index}`,
				['a@x.io', '  b@x.io  ', 5, true, '', null, { a: 'a@x.io' }, ['a@x.io'], 'not an email', 'd@x.io'],
				node('bik', { operation: 'createOrUpdate', email, additionalFields: { firstName: email } }, { onError: 'continueRegularOutput' }),
			),
		]),
	),
};

beforeAll(async () => {
	const dir = installN8n();
	providerUrl = await provider.start();
	elsewhereUrl = await elsewhere.start();
	n8n = prepareN8n(dir, packPackage(join(ROOT, 'build', 'pack-retry-redirects')), await freePort(), undefined, await freePort());
	const folder = join(n8n.userFolder, 'workflows-to-import');
	mkdirSync(folder, { recursive: true });
	for (const workflow of Object.values(WORKFLOWS)) writeFileSync(join(folder, `${workflow.id}.json`), JSON.stringify(workflow));
	await importIntoN8n(
		n8n,
		[
			{ id: OMNIDESK.id, name: OMNIDESK.name, type: OMNIDESK.type, data: { apiKey: OMNIDESK.apiKey, baseUrl: providerUrl } },
			{ id: BIK.id, name: BIK.name, type: BIK.type, data: { apiKey: BIK.apiKey, apiSecret: BIK.apiSecret, baseUrl: providerUrl } },
		],
		folder,
	);
});

afterAll(async () => {
	await provider.stop();
	await elsewhere.stop();
});

async function execute(workflow: Workflow) {
	const result = await n8nCommand(n8n, ['execute', `--id=${workflow.id}`, '--rawOutput'], undefined, {
		stdoutFile: join(n8n.userFolder, `execute-${workflow.id}.json`),
	});
	try {
		return parseRawOutput(result.stdout).runData['Node Under Test'];
	} catch (error) {
		throw new Error(`${(error as Error).message}\nexit ${result.code}\n${result.stderr.slice(-3000)}`);
	}
}

/** Everything a server received, as text, to look for the credential in any form. */
const everything = (requests: Received[]) => JSON.stringify(requests);

test('Retry On Fail with $now in the expression: a and c are created once, b twice (refused, then created)', async () => {
	const values: string[] = [];
	let refused = false;
	provider.reset(async (request) => {
		const value = (await formOf(request)).fields.primary_id;
		values.push(value);
		if (value.startsWith('b|') && !refused) {
			refused = true;
			return { status: 400, body: { status: 'error', message: 'Rejected once' } };
		}
		return { status: 200, body: { type: 'result', message: 'User created.' } };
	});
	const run = await execute(WORKFLOWS.retryWithNow);
	expect(run.error).toBeUndefined();
	expect(values.map((value) => value.split('|')[0])).toEqual(['a', 'b', 'b', 'c']);
	// n8n evaluated the expression again on the second try: b's two requests carry two timestamps.
	expect(new Set(values.filter((value) => value.startsWith('b|'))).size).toBe(2);
	expect(run.items.map((item) => String(item.primaryId).split('|')[0])).toEqual(['a', 'b', 'c']);
});

test('a field expression taken from the item gives what n8n\'s expression engine gives', async () => {
	const run = async (workflow: Workflow) => {
		provider.reset((request) => ({ status: 200, body: { status: 200, success: true, data: { customer: request.json } } }));
		const result = await execute(workflow);
		return { error: result.error, items: result.items, received: provider.received.map((request) => JSON.stringify(request.json)).sort() };
	};
	const evaluated = await run(WORKFLOWS.fieldEvaluated);
	const taken = await run(WORKFLOWS.fieldTaken);
	expect(evaluated.error).toBeUndefined();
	expect(evaluated.received.length).toBeGreaterThanOrEqual(3);
	expect(taken).toEqual(evaluated);
});

describe('redirects', () => {
	test('a read redirected to another origin: nothing reaches it, and the error names the location', async () => {
		provider.reset(() => ({ status: 307, headers: { Location: `${elsewhereUrl}/api/v2/customer/7` }, body: '' }));
		elsewhere.reset(() => ({ status: 200, body: { id: 7 } }));
		const run = await execute(WORKFLOWS.read);
		expect(elsewhere.received).toEqual([]);
		expect(run.error?.message).toBe(`Omnidesk redirected the request to another host: ${elsewhereUrl}/api/v2/customer/7 [item 0]`);
		expect(provider.received).toHaveLength(1);
	});

	test('a write redirected to another origin: nothing reaches it, the Basic token included', async () => {
		provider.reset(() => ({ status: 307, headers: { Location: `${elsewhereUrl}/steal` }, body: '' }));
		elsewhere.reset(() => ({ status: 200, body: { status: 200, success: true, data: { customer: { id: 1 } } } }));
		const run = await execute(WORKFLOWS.write);
		expect(elsewhere.received).toEqual([]);
		expect(everything(elsewhere.received)).not.toContain(BASIC);
		expect(run.error?.message).toBe(`BIK redirected the request to ${elsewhereUrl}/steal; a POST is not sent on [item 0]`);
	});

	test('a read redirected on the same origin is followed, with the credential', async () => {
		provider.reset((request) =>
			request.path === '/api/v2/customer/7' ? { status: 301, headers: { Location: '/api/v2/customer/7/moved' }, body: '' } : { status: 200, body: { id: 7, firstname: 'Anna' } },
		);
		const run = await execute(WORKFLOWS.read);
		expect(run.error).toBeUndefined();
		expect(run.items).toEqual([{ id: 7, firstname: 'Anna' }]);
		expect(provider.received.map((request) => [request.method, request.path, request.headers.apikey])).toEqual([
			['GET', '/api/v2/customer/7', OMNIDESK.apiKey],
			['GET', '/api/v2/customer/7/moved', OMNIDESK.apiKey],
		]);
	});

	test('a write met by a 301 on the same origin fails naming the location; nothing is sent there', async () => {
		provider.reset((request) =>
			request.method === 'POST' ? { status: 301, headers: { Location: '/moved' }, body: '' } : { status: 200, body: { status: 200, success: true, data: { customer: { id: 1 } } } },
		);
		const run = await execute(WORKFLOWS.write);
		expect(run.error?.message).toBe(`BIK redirected the request to ${providerUrl}/moved; a POST is not sent on [item 0]`);
		expect(provider.received.map((request) => [request.method, request.path])).toEqual([['POST', '/bikPlatformFunctions-customers/createOrUpdate']]);
	});

	describe('the credential test, in the running n8n', () => {
		let server: Awaited<ReturnType<typeof startN8n>>;
		let cookie = '';
		beforeAll(async () => {
			server = await startN8n(n8n);
			cookie = await setupOwner(server.url);
		});
		afterAll(async () => server?.stop());

		test.each([
			['Omnidesk', { id: OMNIDESK.id, name: OMNIDESK.name, type: OMNIDESK.type, data: { apiKey: OMNIDESK.apiKey, baseUrl: '' } }, OMNIDESK.apiKey],
			['BIK', { id: BIK.id, name: BIK.name, type: BIK.type, data: { apiKey: BIK.apiKey, apiSecret: BIK.apiSecret, baseUrl: '' } }, BASIC],
		])('%s: a Base URL that redirects to another origin fails the test and sends nothing there', async (_name, credential, secret) => {
			provider.reset(() => ({ status: 307, headers: { Location: `${elsewhereUrl}/steal` }, body: '' }));
			elsewhere.reset(() => ({ status: 200, body: {} }));
			const response = await fetch(`${server.url}/rest/credentials/test`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', cookie },
				body: JSON.stringify({ credentials: { ...credential, data: { ...credential.data, baseUrl: providerUrl } } }),
			});
			const result = ((await response.json()) as { data?: { status: string; message: string } }).data;
			expect(elsewhere.received).toEqual([]);
			expect(everything(elsewhere.received)).not.toContain(secret);
			expect(result?.status).toBe('Error');
		});
	});
});
