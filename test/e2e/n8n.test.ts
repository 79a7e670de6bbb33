import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { N8N_CREDENTIALS, SANDBOX_CREDENTIALS, allN8nCredentials, n8nCredentialsFile } from '../../sandbox/credentials';
import { Sandbox } from '../../sandbox/server';
import { join as joinPath } from 'node:path';

import type { Browser, Page } from 'playwright-core';

import { ARTIFACTS, launchChromium, loggedIn } from '../helpers/browser';
import {
	N8N_VERSION,
	OWNER,
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
import { examples, itemsWorkflow, savedWorkflow, type Workflow } from '../helpers/e2e-workflows';
import { credentialTestsInN8n } from '../helpers/n8n-credential-tests';

/**
 * The package in the current n8n release, installed as a community package, running the example
 * workflows headlessly (`n8n execute`) against the sandbox; then the n8n server for the
 * credential tests. The first run installs n8n (minutes); later runs reuse it.
 */
jest.setTimeout(30 * 60 * 1000);

/**
 * The n8n release: the pinned one, or the one `E2E_N8N_VERSION` names (`npm run test:n8n1` runs this
 * file in the newest n8n 1.x). In n8n 1.x the examples, the behaviour tests and the credential tests
 * run; the editor's screens and `npm start` are those of the pinned release.
 */
const VERSION = process.env.E2E_N8N_VERSION || N8N_VERSION;
const describeInPinned = VERSION === N8N_VERSION ? describe : describe.skip;

let n8n: N8n;
let sandbox: Sandbox;
let sandboxUrl: string;

const WRONG = { id: 'sandboxWrongBik1', name: 'Sandbox BIK (wrong secret)' };
/** Every credential imported: the five of the sandbox, and a BIK one whose secret is wrong. */
const importedCredentials = () => [
	...allN8nCredentials(sandboxUrl),
	{ ...WRONG, type: 'bikApi', data: { ...n8nCredentialsFile(sandboxUrl)[0].data, apiSecret: 'wrong-secret' } },
];
/** The Omnidesk example as workflows saved it before node version 2 (test/helpers/omnidesk-lifecycle-v1.json). */
const savedV1 = savedWorkflow('omnidesk-lifecycle-v1');
const tests: Record<string, Workflow> = {
	continueOnFail: itemsWorkflow('testContinueFail', ['first@example.com', 'not-an-email', 'third@example.com'], {
		type: 'bik',
		credential: 'bikApi',
		onError: 'continueRegularOutput',
		parameters: { resource: 'customer', operation: 'createOrUpdate', email: '={{ $json.value }}' },
	}),
	// The Omnidesk example with its two destructive steps turned on, as its note says to try them.
	lifecycleDestructive: (() => {
		const copy = JSON.parse(JSON.stringify(examples()['omnidesk-customer-lifecycle'])) as Workflow;
		copy.id = 'testOmnideskAll16';
		copy.name = 'Test: every Omnidesk operation';
		for (const node of copy.nodes) delete node.disabled;
		return copy;
	})(),
	rateLimited: itemsWorkflow(
		'testRateLimited1',
		Array.from({ length: 40 }, (_, i) => `limited${i}@example.com`),
		{ type: 'bik', credential: 'bikApi', parameters: { resource: 'customer', operation: 'createOrUpdate', email: '={{ $json.value }}' } },
	),
};

beforeAll(async () => {
	const dir = installN8n(VERSION);
	sandbox = new Sandbox({ seed: 1 });
	sandboxUrl = await sandbox.start();
	n8n = prepareN8n(dir, packPackage(), await freePort(), undefined, await freePort());
	const workflowsFolder = join(n8n.userFolder, 'workflows-to-import');
	mkdirSync(workflowsFolder, { recursive: true });
	for (const workflow of [...Object.values(examples()), ...Object.values(tests), savedV1]) {
		writeFileSync(join(workflowsFolder, `${workflow.id}.json`), JSON.stringify(workflow));
	}
	await importIntoN8n(n8n, importedCredentials(), workflowsFolder);
});

afterAll(async () => {
	await sandbox?.stop();
});

async function execute(workflow: Workflow) {
	// Into a file: through a pipe n8n may exit before a large output (Get Many's) is written out.
	const result = await n8nCommand(n8n, ['execute', `--id=${workflow.id}`, '--rawOutput'], undefined, {
		stdoutFile: join(n8n.userFolder, `execute-${workflow.id}.json`),
	});
	let parsed;
	try {
		parsed = parseRawOutput(result.stdout);
	} catch (error) {
		throw new Error(`${(error as Error).message}\nexit ${result.code}\n${result.stderr.slice(-3000)}`);
	}
	return { ...parsed, code: result.code, stdout: result.stdout, stderr: result.stderr };
}

const requests = (provider: string) => sandbox.log.filter((entry) => entry.provider === provider);

/**
 * What the Omnidesk example (node version 2) sends, in order, for the customer `id` it creates: the
 * customer picker adds a search before Update (By External ID) and a read before Get Timeline (By ID).
 * With its destructive steps turned on, Purge Data and Delete (By External ID: a search, then the
 * delete) come last.
 */
function lifecycleRequests(id: unknown, destructive: boolean): unknown[] {
	return [
		'POST /api/v2/customer',
		// Create or Update: Ada exists, so a search and an update.
		'POST /api/v2/customer/SearchByPrimaryExternalID',
		`PUT /api/v2/customer/${id}`,
		'POST /api/v2/customer/SearchByPrimaryExternalID',
		`GET /api/v2/customer/${id}`,
		'POST /api/v2/customer/SearchByPrimaryExternalID',
		`PUT /api/v2/customer/${id}`,
		'PUT /api/v2/customer/updateCustomer',
		'PUT /api/v2/customer',
		'POST /api/v2/customer/addChannelOnly',
		'POST /api/v2/customer/SearchByCustomerChannelValue',
		'POST /api/v2/customer/externalEvent',
		`GET /api/v2/customer/${id}`,
		'GET /api/v2/customer/timelineByCustomerExternalID',
		'POST /api/v2/customer/syncWithCRM',
		// Delete Channel: the channel of the example customer, not a customer.
		expect.stringMatching(new RegExp(`^DELETE /api/v2/customer/${id}/channel/\\d+$`)),
		'POST /api/v2/customer/createCustomerCRUD',
		'POST /api/v2/customer/SearchByPrimaryExternalID',
		...(destructive
			? ['DELETE /api/v2/customer/purgedata', 'POST /api/v2/customer/SearchByPrimaryExternalID', expect.stringMatching(/^DELETE \/api\/v2\/customer\/\d+$/)]
			: []),
	];
}


test(`the n8n under test is n8n ${VERSION}`, async () => {
	const result = await n8nCommand(n8n, ['--version']);
	expect(result.stdout.trim().split('\n').pop()).toBe(VERSION);
});

describe('the example workflows run in real n8n against the sandbox', () => {
	beforeEach(() => sandbox.reset({ faults: true }));

	test('BIK: create or update, then get', async () => {
		const run = await execute(examples()['bik-customer']);
		expect(run.error).toBeUndefined();
		const created = run.runData['Create or Update'].items;
		expect(created).toEqual([
			expect.objectContaining({ email: 'ada@example.com', phoneNumber: '+919090909090', partnerCustomerId: 'example-ada', tags: ['vip', 'newsletter'] }),
		]);
		expect(run.runData.Get.items).toEqual(created);
		expect(requests('bik').map((r) => [r.method, r.path, r.outcome])).toEqual([
			['POST', '/integrations/bikPlatformFunctions-customers/createOrUpdate', 200],
			['POST', '/integrations/bikPlatformFunctions-customers/get', 200],
		]);
		expect(requests('bik')[0].headers.authorization).toBe('Basic ***');
		expect(requests('bik')[1].body).toEqual({ partnerCustomerId: 'example-ada', includeAssets: true, includeAddress: true, includeTags: true });
	});

	test('Rehook: both authentication forms; created, then updated', async () => {
		const run = await execute(examples()['rehook-customer']);
		expect(run.error).toBeUndefined();
		expect(run.runData['Create or Update'].items).toEqual([expect.objectContaining({ sourceId: 'example-ada', action: 'created', message: 'Customer Created' })]);
		expect(run.runData['Update Plan'].items).toEqual([expect.objectContaining({ sourceId: 'example-ada', action: 'updated' })]);
		expect(run.runData['Create (App ID)'].items).toEqual([expect.objectContaining({ created: true, message: 'Customer Created' })]);
		const [first, second, third] = requests('rehook');
		expect([first.path, first.headers.authorization, first.body]).toEqual([
			'/customers',
			'Basic ***',
			{ metadata: { Name: 'Ada Lovelace', Plan: 'Pro' }, referral_code: '', source_id: 'example-ada' },
		]);
		expect(second.body).toEqual({ metadata: { Plan: 'Enterprise', Seats: 25 }, referral_code: '', source_id: 'example-ada' });
		expect([third.path, third.headers.appid, third.headers.appsecret, third.body]).toEqual([
			'/api/customers',
			SANDBOX_CREDENTIALS.rehookApp.appId,
			'***',
			{ Metadata: { Name: 'Grace Hopper' }, source_id: 'example-grace' },
		]);
	});

	test('Hyfin: add or update, then get', async () => {
		const run = await execute(examples()['hyfin-customer']);
		expect(run.error).toBeUndefined();
		expect(run.runData['Add or Update'].items).toEqual([{ externalId: 'example-ada', success: true, action: 'added', _id: expect.stringMatching(/^[0-9a-f]{24}$/) }]);
		expect(run.runData.Get.items).toEqual([
			expect.objectContaining({ external_id: 'example-ada', first_name: 'Ada', email: 'ada@example.com', notification_options: { notify_email: true, notify_phone: false } }),
		]);
		expect(requests('hyfin').map((r) => [r.method, r.path])).toEqual([
			['POST', `/api/v3.1/site/${SANDBOX_CREDENTIALS.hyfin.siteId}/customer/addUpdate`],
			['GET', `/api/v3.1/site/${SANDBOX_CREDENTIALS.hyfin.siteId}/customer/example-ada`],
		]);
	});

	test('Omnidesk (node version 2), as shipped: every operation but the two destructive ones, which are disabled, with the customer picker and Create or Update; both example customers stay', async () => {
		const example = examples()['omnidesk-customer-lifecycle'];
		// Every step that deletes customer data is marked in its name and disabled.
		const destructive = example.nodes.filter((node) => ['purgeData', 'delete'].includes(node.parameters.operation)).map((node) => [node.name, node.parameters.operation, node.disabled]);
		expect(destructive).toEqual([
			['Purge Data (Destructive)', 'purgeData', true],
			['Delete (Destructive)', 'delete', true],
		]);
		const run = await execute(example);
		expect(run.error).toBeUndefined();
		const id = run.runData['Search by External ID'].items[0].id;
		expect(requests('omnidesk').map((r) => `${r.method} ${r.path}`)).toEqual(lifecycleRequests(id, false));
		expect(requests('omnidesk').every((r) => typeof r.outcome === 'number' && r.outcome < 300)).toBe(true);
		expect(sandbox.sims.omnidesk.state()).toMatchObject({ customers: 2, duplicateCreates: 0 });
		// Every brand ID comes from the one node that sets it.
		expect(requests('omnidesk').filter((r) => r.method === 'POST' && /createCustomerCRUD$/.test(r.path)).map((r) => (r.body as Record<string, string>).brandID)).toEqual(['1']);
	});

	test('Omnidesk (node version 2), destructive steps turned on: every operation, the customer picker and Create or Update, from create to purge', async () => {
		const run = await execute(tests.lifecycleDestructive);
		expect(run.error).toBeUndefined();
		const out = (name: string) => run.runData[name.replace(/^(Purge Data|Delete)$/, '$1 (Destructive)')].items;
		expect(out('Create')).toEqual([expect.objectContaining({ created: true, externalId: 'example-ada', brandId: 1, message: 'User created and channel linked.' })]);
		const id = out('Search by External ID')[0].id;
		expect(out('Create or Update')).toEqual([
			{ action: 'updated', customerId: id, externalId: 'example-ada', brandId: 1, message: 'Customer updated.', type: 'result' },
		]);
		expect(out('Get')).toEqual([expect.objectContaining({ id, external_primary_id: 'example-ada', firstname: 'Ada', custom_plan: 'pro', custom_tier: 'gold' })]);
		// Picked By External ID: found with a search, then updated by its ID.
		expect(out('Update')).toEqual([expect.objectContaining({ updated: true, customerId: id, externalId: 'example-ada', message: 'Customer updated.' })]);
		expect(out('Update by External ID')).toEqual([{ updated: true, externalId: 'example-ada', brandId: 1 }]);
		expect(out('Update Name')).toEqual([{ updated: true, externalId: 'example-ada', brandId: 1 }]);
		expect(out('Add Channel')).toEqual([{ added: true, externalId: 'example-ada', brandId: 1 }]);
		expect(out('Search by Channel Value')).toEqual([expect.objectContaining({ id, lastname: 'Lovelace' })]);
		expect(out('Create External Event')).toEqual([{ created: true, externalId: 'example-ada', brandId: 1 }]);
		// Picked By ID: the customer is read for its External ID, which the timeline is found by.
		expect(out('Get Timeline')).toEqual([expect.objectContaining({ message: 'Order 1001 shipped', initiated_by: 'Webshop' })]);
		expect(out('Sync with CRM')).toEqual([{ synced: true, brandId: 1, channel: 'telephone', address: '+31612345678' }]);
		expect(out('Delete Channel')).toEqual([expect.objectContaining({ deleted: true, customerId: id })]);
		expect(out('Purge Data')).toEqual([{ purged: true, externalId: 'example-ada', brandId: 1 }]);
		expect(out('Create with Channels')).toEqual([{ created: true, externalId: 'example-grace', brandId: 1 }]);
		expect(out('Delete')).toEqual([{ deleted: true, customerId: out('Find Grace')[0].id, externalId: 'example-grace' }]);
		expect(requests('omnidesk').map((r) => `${r.method} ${r.path}`)).toEqual(lifecycleRequests(id, true));
		// Sync with CRM's Telephone goes out as the value Omnidesk documents for that call.
		expect(requests('omnidesk').find((r) => r.path.endsWith('syncWithCRM'))?.body).toEqual({ brandID: '1', channel: 'phoneNumber', address: '+31612345678' });
		expect(requests('omnidesk').every((r) => typeof r.outcome === 'number' && r.outcome < 300)).toBe(true);
		expect(sandbox.sims.omnidesk.state()).toMatchObject({ customers: 0, duplicateCreates: 0 });
	});

	test('a workflow saved with Omnidesk node version 1 runs as it always did: the same requests, the same output', async () => {
		const run = await execute(savedV1);
		expect(run.error).toBeUndefined();
		const out = (name: string) => run.runData[name].items;
		expect(out('Create')).toEqual([expect.objectContaining({ created: true, primaryId: 'example-ada', brandId: 1, message: 'User created and channel linked.' })]);
		const id = out('Search by External ID')[0].id;
		expect(out('Get')).toEqual([expect.objectContaining({ id, external_primary_id: 'example-ada', firstname: 'Ada', custom_plan: 'pro' })]);
		expect(out('Update')).toEqual([expect.objectContaining({ updated: true, customerId: id, message: 'Customer updated.' })]);
		expect(out('Update by External ID')).toEqual([{ updated: true, externalPrimaryId: 'example-ada', brandId: 1 }]);
		expect(out('Update Name')).toEqual([{ updated: true, primaryId: 'example-ada', brandId: 1 }]);
		expect(out('Add Channel')).toEqual([{ added: true, primaryId: 'example-ada', brandId: 1 }]);
		expect(out('Search by Channel Value')).toEqual([expect.objectContaining({ id, lastname: 'Lovelace' })]);
		expect(out('Create External Event')).toEqual([{ created: true, externalId: 'example-ada', brandId: 1 }]);
		expect(out('Get Timeline')).toEqual([expect.objectContaining({ message: 'Order 1001 shipped', initiated_by: 'Webshop' })]);
		expect(out('Sync with CRM')).toEqual([{ synced: true, brandId: 1, channel: 'phoneNumber', address: '+31612345678' }]);
		expect(out('Delete Channel')).toEqual([expect.objectContaining({ deleted: true, customerId: id })]);
		expect(out('Purge Data')).toEqual([{ purged: true, externalPrimaryId: 'example-ada', brandId: 1 }]);
		expect(out('Create (CRUD)')).toEqual([{ created: true, primaryId: 'example-grace', brandId: 1 }]);
		expect(out('Delete')).toEqual([{ deleted: true, customerId: out('Find Grace')[0].id }]);
		expect(requests('omnidesk').map((r) => [r.method, r.path, r.body ?? r.query])).toEqual([
			['POST', '/api/v2/customer', expect.objectContaining({ channel_id: 'email', customer_link_channel: 'ada@example.com', brand_id: '1', primary_id: 'example-ada' })],
			['POST', '/api/v2/customer/SearchByPrimaryExternalID', { primary_id: 'example-ada', brand_id: '1' }],
			['GET', `/api/v2/customer/${id}`, {}],
			['PUT', `/api/v2/customer/${id}`, { lastname: 'King', customerChannelType_0: 'telephone', customerChannelValue_0: '+31612345678' }],
			['PUT', '/api/v2/customer/updateCustomer', { externalPrimaryID: 'example-ada', brandID: '1', firstname: 'Augusta Ada', custom_plan: 'enterprise' }],
			['PUT', '/api/v2/customer', { primaryID: 'example-ada', brandID: '1', firstname: 'Ada', lastname: 'Lovelace' }],
			['POST', '/api/v2/customer/addChannelOnly', { primary_id: 'example-ada', brand_id: '1', extra_twitter: 'ada_l' }],
			['POST', '/api/v2/customer/SearchByCustomerChannelValue', { customerChannelValue: 'ada@example.com', brand_id: '1' }],
			['POST', '/api/v2/customer/externalEvent', expect.objectContaining({ external_id: 'example-ada', brand_id: '1', message: 'Order 1001 shipped' })],
			['GET', '/api/v2/customer/timelineByCustomerExternalID', { brand_id: '1', external_id: 'example-ada', ticket_history: '1' }],
			['POST', '/api/v2/customer/syncWithCRM', { brandID: '1', channel: 'phoneNumber', address: '+31612345678' }],
			['DELETE', expect.stringMatching(new RegExp(`^/api/v2/customer/${id}/channel/\\d+$`)), {}],
			['DELETE', '/api/v2/customer/purgedata', { externalPrimaryID: 'example-ada', brandID: '1' }],
			['POST', '/api/v2/customer/createCustomerCRUD', { primaryID: 'example-grace', brandID: '1', firstname: 'Grace', lastname: 'Hopper', customerChannelType_0: 'email', customerChannelValue_0: 'grace@example.com' }],
			['POST', '/api/v2/customer/SearchByPrimaryExternalID', { primary_id: 'example-grace', brand_id: '1' }],
			['DELETE', `/api/v2/customer/${out('Find Grace')[0].id}`, {}],
		]);
		expect(requests('omnidesk').every((r) => typeof r.outcome === 'number' && r.outcome < 300)).toBe(true);
		expect(sandbox.sims.omnidesk.state()).toMatchObject({ customers: 0, duplicateCreates: 0 });
	});

	test('Map Automatically: spreadsheet rows into BIK Create or Update, by BIK\'s own field names', async () => {
		const run = await execute(examples()['map-automatically']);
		expect(run.error).toBeUndefined();
		expect(run.runData['Create or Update'].items.map((item) => item.partnerCustomerId)).toEqual(['crm-1001', 'crm-1002', 'crm-1003']);
		const bodies = requests('bik').map((r) => r.body as { partnerCustomerId: string });
		expect(bodies.sort((a, b) => a.partnerCustomerId.localeCompare(b.partnerCustomerId))).toEqual([
			{ email: 'ada@example.com', phoneNumber: '+919090909090', firstName: 'Ada', lastName: 'Lovelace', partnerCustomerId: 'crm-1001', tags: ['vip', 'newsletter'] },
			// Empty cells are not sent.
			{ email: 'grace@example.com', firstName: 'Grace', lastName: 'Hopper', partnerCustomerId: 'crm-1002', tags: ['newsletter'] },
			{ phoneNumber: '+918989890011', firstName: 'Alan', lastName: 'Turing', partnerCustomerId: 'crm-1003' },
		]);
	});

	test('Omnidesk Get Many: Return All across many pages', async () => {
		(sandbox.sims.omnidesk as unknown as { seed(count: number): void }).seed(1000);
		const run = await execute(examples()['omnidesk-get-many']);
		expect(run.error).toBeUndefined();
		const items = run.runData['Get Many'].items;
		expect(items).toHaveLength(1000);
		expect(items.map((item) => item.id)).toEqual(Array.from({ length: 1000 }, (_, k) => k + 1));
		expect(requests('omnidesk').map((r) => [r.query.itemStart, r.query.itemLimit])).toEqual(
			Array.from({ length: 11 }, (_, page) => [String(page * 99), '99']),
		);
	});
});

describe('behaviour a user relies on, in real n8n', () => {
	beforeEach(() => sandbox.reset({ faults: true }));

	test('Continue On Fail: the bad item becomes an error item, the others go on', async () => {
		const run = await execute(tests.continueOnFail);
		expect(run.error).toBeUndefined();
		const items = run.runData['Node Under Test'].items;
		expect(items).toHaveLength(3);
		expect(items[0]).toMatchObject({ email: 'first@example.com' });
		expect(items[1]).toEqual({
			error: 'Invalid "Email": "not-an-email" is not a valid email address [item 1]',
			details: { description: 'Use an address like name@example.com' },
		});
		expect(items[2]).toMatchObject({ email: 'third@example.com' });
		// Nothing was sent for the bad item.
		expect(requests('bik').map((r) => (r.body as { email: string }).email).sort()).toEqual(['first@example.com', 'third@example.com']);
	});

	test('a rate-limited run completes every item, once, in order', async () => {
		sandbox.faults.set({ rateLimit: 10 }, 'bik');
		const run = await execute(tests.rateLimited);
		expect(run.error).toBeUndefined();
		const emails = run.runData['Node Under Test'].items.map((item) => item.email);
		expect(emails).toEqual(Array.from({ length: 40 }, (_, i) => `limited${i}@example.com`));
		const limited = requests('bik').filter((r) => r.outcome === 429);
		expect(limited.length).toBeGreaterThan(0);
		expect(sandbox.sims.bik.state()).toEqual({ customers: 40 });
	});

	test('a failing API ends the run with the provider’s message', async () => {
		sandbox.faults.set({ fail500: 1 }, 'bik');
		const run = await execute(examples()['bik-customer']);
		expect(run.runData['Create or Update'].error?.message).toBe('BIK server error: Internal Server Error [item 0]');
	});
});

describe('the n8n server', () => {
	let server: Awaited<ReturnType<typeof startN8n>>;
	let cookie = '';

	beforeAll(async () => {
		sandbox.reset({ faults: true });
		server = await startN8n(n8n);
		cookie = await setupOwner(server.url);
	});
	afterAll(async () => server?.stop());

	credentialTestsInN8n(() => ({ url: server.url, cookie, sandbox, sandboxUrl }));

	test('a credential saved with a wrong secret fails its test', async () => {
		// The editor sends the credential's full data; the wrong one fails for its secret, not for missing fields.
		const stored = importedCredentials().find((c) => c.id === WRONG.id)!;
		const response = await fetch(`${server.url}/rest/credentials/test`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', cookie },
			body: JSON.stringify({ credentials: { id: WRONG.id, name: stored.name, type: stored.type, data: stored.data } }),
		});
		const result = ((await response.json()) as { data?: { status: string; message: string } }).data;
		expect(result?.status).toBe('Error');
		expect(result?.message).toMatch(/^BIK did not accept the API key and API secret/);
	});

	test('the customer picker’s From List in the editor: n8n asks the package, which pages through Omnidesk’s Get Many', async () => {
		(sandbox.sims.omnidesk as unknown as { seed(count: number): void }).seed(120);
		sandbox.log.length = 0;
		// What the editor sends when the list opens, is scrolled to its end, and is searched.
		const ask = async (filter?: string, paginationToken?: string) => {
			const response = await fetch(`${server.url}/rest/dynamic-node-parameters/resource-locator-results`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', cookie },
				body: JSON.stringify({
					path: 'parameters.customer',
					nodeTypeAndVersion: { name: 'n8n-nodes-customer-sync.omnidesk', version: 2 },
					currentNodeParameters: { resource: 'customer', operation: 'get', customer: { __rl: true, mode: 'list', value: '' } },
					methodName: 'searchCustomers',
					credentials: { omnideskApi: N8N_CREDENTIALS.omnideskApi },
					filter,
					paginationToken,
				}),
			});
			expect(response.status).toBe(200);
			return ((await response.json()) as { data: { results: Array<{ name: string; value: string }>; paginationToken?: string } }).data;
		};
		const first = await ask();
		expect(first.results).toHaveLength(99);
		expect(first.results[0]).toEqual({ name: 'Anna de Vries (ext-1)', value: '1' });
		const rest = await ask(undefined, first.paginationToken);
		expect(rest.results.map((result) => result.value)).toEqual(Array.from({ length: 21 }, (_, k) => String(100 + k)));
		expect(rest.paginationToken).toBeUndefined();
		const found = await ask('Tess');
		expect(found.results.map((result) => result.name)).toEqual(['Tess de Vries (ext-19)', 'Tess Jansen (ext-39)', 'Tess van Dijk (ext-59)', 'Tess Bakker (ext-79)', 'Tess Visser (ext-99)', 'Tess Smit (ext-119)']);
		expect(requests('omnidesk').map((r) => r.query)).toEqual([
			{ itemStart: '0', itemLimit: '99' },
			{ itemStart: '99', itemLimit: '99' },
			{ query: 'Tess', itemStart: '0', itemLimit: '99' },
		]);
	});

	test('the nodes are known to the editor under the package name', async () => {
		const response = await fetch(`${server.url}/types/nodes.json`, { headers: { cookie } });
		const types = (await response.json()) as Array<{ name: string; usableAsTool?: boolean; iconUrl?: unknown }>;
		const ours = types.filter((type) => type.name.startsWith('n8n-nodes-customer-sync.'));
		// Each node, and the AI-agent tool n8n makes of it because it is usableAsTool; the trigger, which is not.
		expect(ours.map((type) => type.name).sort()).toEqual(
			['bik', 'bikTool', 'hyfin', 'hyfinTool', 'omnidesk', 'omnideskTool', 'omnideskTrigger', 'rehook', 'rehookTool'].map(
				(name) => `n8n-nodes-customer-sync.${name}`,
			),
		);
	});

	describeInPinned('the editor, in headless Chromium', () => {
		let browser: Browser;
		beforeAll(async () => {
			browser = await launchChromium();
		});
		afterAll(async () => browser?.close());

		async function openExample(page: Page, id: string) {
			await page.goto(`${server.url}/workflow/${id}`);
			await page.locator('[data-test-id="execute-workflow-button"]').waitFor();
			// A first-visit hint can cover the panel.
			await page.getByText('Got it').click({ timeout: 2000 }).catch(() => undefined);
		}

		test.each([
			['BIK', 'bik', ['Create or update a customer', 'Get a customer']],
			['Omnidesk', 'omnidesk', ['Add a channel to a customer', 'Get many customers', 'Purge the data of a customer', 'Update the name of a customer']],
			['Rehook', 'rehook', ['Create or update a customer', 'Create a customer']],
			['Hyfin', 'hyfin', ['Add or update a customer', 'Get a customer']],
		])('the node panel finds %s by name, with its icon and its operations', async (name, file, actions) => {
			for (const scheme of ['light', 'dark'] as const) {
				const context = await loggedIn(browser, server.url, cookie, scheme);
				const page = await context.newPage();
				await openExample(page, 'exampleBik000001');
				await page.click('[data-test-id="node-creator-plus-button"]');
				// The panel opens with its search field focused, as for a user.
				await page.locator('[data-test-id="node-creator-search-bar"]').waitFor();
				await page.keyboard.type(name);
				const panel = page.locator('[data-test-id="node-creator"]');
				const entry = panel.locator('[data-test-id="node-creator-item-name"]', { hasText: name }).first();
				await entry.waitFor({ timeout: 15_000 }).catch(async (error: Error) => {
					await page.screenshot({ path: joinPath(ARTIFACTS, `failure-node-panel-${file}-${scheme}.png`) });
					throw error;
				});
				const iconFile = scheme === 'dark' ? `${file}.dark.svg` : `${file}.svg`;
				const icon = panel.locator(`img[src^="/icons/n8n-nodes-customer-sync/"]`).first();
				expect(await icon.getAttribute('src')).toBe(`/icons/n8n-nodes-customer-sync/dist/icons/${iconFile}`);
				// The icon was served and drawn, not just referenced.
				const width = await icon.evaluate(
					(element) =>
						new Promise<number>((resolve) => {
							const img = element as unknown as { complete: boolean; naturalWidth: number; addEventListener(type: string, listener: () => void): void };
							if (img.complete) resolve(img.naturalWidth);
							else img.addEventListener('load', () => resolve(img.naturalWidth));
						}),
				);
				expect(width).toBeGreaterThan(0);
				await page.screenshot({ path: joinPath(ARTIFACTS, `node-panel-${file}-${scheme}.png`) });
				// The whole row of the search result opens the node's details with its actions.
				await panel.locator('[data-test-id="node-creator-action-item"], [data-test-id="node-creator-node-item"]', { hasText: name }).first().click();
				const listed = page.locator('[data-keyboard-nav-type="action"] [data-test-id="node-creator-item-name"]');
				await listed
					.filter({ hasText: actions[0] })
					.first()
					.waitFor({ timeout: 15_000 })
					.catch(async (error: Error) => {
						await page.screenshot({ path: joinPath(ARTIFACTS, `failure-node-actions-${file}-${scheme}.png`) });
						throw error;
					});
				const texts = await listed.allInnerTexts();
				for (const action of actions) expect(texts.map((t) => t.trim())).toContain(action);
				await page.screenshot({ path: joinPath(ARTIFACTS, `node-actions-${file}-${scheme}.png`) });
				await context.close();
			}
		});

		test('an example workflow runs from the editor and succeeds', async () => {
			sandbox.reset({ faults: true });
			const context = await loggedIn(browser, server.url, cookie);
			const page = await context.newPage();
			await openExample(page, 'exampleHyfin0001');
			await page.click('[data-test-id="execute-workflow-button"]');
			await page.getByText(/executed successfully/i).first().waitFor({ timeout: 60_000 });
			await page.screenshot({ path: joinPath(ARTIFACTS, 'example-run-hyfin.png') });
			expect(requests('hyfin').map((r) => [r.method, r.outcome])).toEqual([
				['POST', 200],
				['GET', 200],
			]);
			const executions = await fetch(`${server.url}/rest/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: 'exampleHyfin0001' }))}`, {
				headers: { cookie },
			});
			const list = (await executions.json()) as { data: { results: Array<{ status: string; mode: string }> } };
			expect(list.data.results[0]).toMatchObject({ status: 'success', mode: 'manual' });
			await context.close();
		});
	});
});

describeInPinned('npm start', () => {
	test('a port in use (here the task broker’s, --port + 1): it stops at once and names the option to change', async () => {
		const { spawn } = await import('node:child_process');
		const { createServer } = await import('node:net');
		const [port, sandboxPort] = [await freePort(), await freePort()];
		const held = createServer();
		await new Promise<void>((resolve) => held.listen(port + 1, '127.0.0.1', resolve));
		try {
			const child = spawn(process.execPath, [joinPath(ROOT, 'build', 'local-n8n', 'start.js'), '--port', String(port), '--sandbox-port', String(sandboxPort)], { cwd: ROOT });
			let output = '';
			child.stdout.on('data', (chunk) => (output += chunk));
			child.stderr.on('data', (chunk) => (output += chunk));
			const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
			expect(code).toBe(1);
			expect(output).toBe(`npm start: Port ${port + 1} is in use (n8n's task broker, --port + 1). Start with \`npm start -- --port <another>\`.\n`);
		} finally {
			await new Promise((resolve) => held.close(resolve));
		}
	});

	test('starts the sandbox and n8n with the package, credentials and examples, and stops on Ctrl-C', async () => {
		const { spawn } = await import('node:child_process');
		const [port, sandboxPort] = [await freePort(), await freePort()];
		const child = spawn(process.execPath, [joinPath(ROOT, 'build', 'local-n8n', 'start.js'), '--port', String(port), '--sandbox-port', String(sandboxPort)], {
			cwd: ROOT,
		});
		let output = '';
		child.stdout.on('data', (chunk) => (output += chunk));
		child.stderr.on('data', (chunk) => (output += chunk));
		const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
		// A failed check must not leave npm start (and its n8n) running.
		try {
			const deadline = Date.now() + 180_000;
			while (!output.includes('Ctrl-C stops')) {
				if (child.exitCode !== null || Date.now() > deadline) throw new Error(`npm start did not come up:\n${output}`);
				await new Promise((resolve) => setTimeout(resolve, 500));
			}
			const url = `http://127.0.0.1:${port}`;
			expect(output).toContain(`n8n is running: ${url}`);
			const login = await fetch(`${url}/rest/login`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ emailOrLdapLoginId: OWNER.email, password: OWNER.password }),
			});
			expect(login.status).toBe(200);
			const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
			const workflows = (await (await fetch(`${url}/rest/workflows`, { headers: { cookie } })).json()) as { data: Array<{ id: string }> };
			expect(workflows.data.map((w) => w.id).sort()).toEqual(Object.values(examples()).map((w) => w.id).sort());
			const credentials = (await (await fetch(`${url}/rest/credentials`, { headers: { cookie } })).json()) as { data: Array<{ name: string }> };
			expect(credentials.data.map((c) => c.name).sort()).toEqual(allN8nCredentials(url).map((c) => c.name).sort());
			child.kill('SIGINT');
			expect(await exited).toBe(0);
			await expect(fetch(`${url}/healthz`)).rejects.toThrow();
		} finally {
			if (child.exitCode === null) child.kill('SIGINT');
		}
	});
});
