import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Browser } from 'playwright-core';

import { N8N_CREDENTIALS, n8nCredentialsFile } from '../../sandbox/credentials';
import { Sandbox } from '../../sandbox/server';
import { TRIGGER, type Workflow } from '../../sandbox/workflows';
import { freePort, importIntoN8n, installN8n, n8nCommand, packPackage, postToWebhook, prepareN8n, setupOwner, startN8n, type N8n } from '../../local-n8n/n8n';
import { communityPackagesEnv, packageRef, startRegistry, type LocalRegistry } from '../../local-n8n/registry';
import { ARTIFACTS, launchChromium, loggedIn } from '../helpers/browser';

/**
 * The package installed by n8n's own installer, as users install community packages, from a real
 * npm registry: the packed tarball is published to a local registry (Verdaccio, no uplink, on
 * loopback), then
 * - n8n 2.41 starts with N8N_COMMUNITY_PACKAGES (+ N8N_COMMUNITY_PACKAGES_MANAGED_BY_ENV and
 *   N8N_COMMUNITY_PACKAGES_REGISTRY), installs it at start-up and runs a workflow with each node;
 * - on a fresh n8n, Settings › Community nodes › Install in Chromium installs it, and a workflow
 *   runs from the editor.
 * `npm run test:install` (n8n starts four times: about 4 minutes).
 */
jest.setTimeout(20 * 60 * 1000);

const { name: PACKAGE, version: VERSION } = packageRef();
const LICENCE_REFUSAL = 'Your license does not allow for feat:communityNodes:customRegistry';

let dir: string;
let work: string;
let registry: LocalRegistry;
let sandbox: Sandbox;
let sandboxUrl: string;

beforeAll(async () => {
	dir = installN8n();
	work = mkdtempSync(join(tmpdir(), 'n8n-installer-'));
	registry = await startRegistry();
	await registry.publish(packPackage(join(work, 'pack')));
	sandbox = new Sandbox({ seed: 1 });
	sandboxUrl = await sandbox.start();
});

afterAll(async () => {
	await registry?.stop();
	await sandbox?.stop();
	if (work) rmSync(work, { recursive: true, force: true });
});

/** A fresh user folder with nothing installed, the sandbox's credentials and `workflows` imported. */
async function freshN8n(name: string, workflows: Workflow[], env: NodeJS.ProcessEnv): Promise<N8n> {
	const n8n = prepareN8n(dir, undefined, await freePort(), join(work, name), await freePort());
	n8n.env = { ...n8n.env, ...env };
	const folder = join(work, `${name}-workflows`);
	mkdirSync(folder, { recursive: true });
	for (const workflow of workflows) writeFileSync(join(folder, `${workflow.id}.json`), JSON.stringify(workflow));
	await importIntoN8n(n8n, n8nCredentialsFile(sandboxUrl), folder);
	return n8n;
}

const nodesFolder = (n8n: N8n) => join(n8n.userFolder, '.n8n', 'nodes');
const installedManifest = (n8n: N8n) => join(nodesFolder(n8n), 'node_modules', PACKAGE, 'package.json');

/** n8n's record of the installed community packages, from its REST API. */
async function communityPackages(url: string, cookie: string) {
	const response = await fetch(`${url}/rest/community-packages`, { headers: { cookie } });
	return ((await response.json()) as { data: Array<{ packageName: string; installedVersion: string; installedNodes: Array<{ type: string }>; failedLoading: boolean }> }).data;
}

const node = (name: string, type: string, credential: keyof typeof N8N_CREDENTIALS, x: number, parameters: Record<string, unknown>) => ({
	id: `installer-${type}`,
	name,
	type: `${PACKAGE}.${type}`,
	typeVersion: 1,
	position: [x, 0],
	parameters,
	credentials: { [credential]: N8N_CREDENTIALS[credential] },
});

/** A webhook, then each of the four nodes in turn; the webhook answers with every node's output. */
const FOUR_NODES: Workflow = {
	id: 'installerFourNode',
	name: 'Installer: each node',
	active: false,
	settings: { executionOrder: 'v1' },
	nodes: [
		{
			id: 'installer-hook',
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: 'installer-four-nodes',
			parameters: { httpMethod: 'POST', path: 'installer', responseMode: 'lastNode', responseData: 'firstEntryJson', options: {} },
		},
		node('BIK', 'bik', 'bikApi', 220, { resource: 'customer', operation: 'createOrUpdate', email: '={{ $json.body.email }}' }),
		node('Rehook', 'rehook', 'rehookApi', 440, {
			authentication: 'basic',
			resource: 'customer',
			operation: 'createOrUpdate',
			sourceId: "={{ $('Webhook').item.json.body.id }}",
			metadata: { property: [{ name: 'Name', value: "={{ $('Webhook').item.json.body.name }}" }] },
		}),
		node('Omnidesk', 'omnidesk', 'omnideskApi', 660, {
			resource: 'customer',
			operation: 'searchByExternalId',
			primaryId: "={{ $('Webhook').item.json.body.id }}",
			brandId: '1',
		}),
		node('Hyfin', 'hyfin', 'hyfinApi', 880, {
			resource: 'customer',
			operation: 'addUpdate',
			externalId: "={{ $('Webhook').item.json.body.id }}",
			firstName: "={{ $('Webhook').item.json.body.name }}",
			lastName: 'Installer',
			active: true,
			additionalFields: {},
		}),
		{
			id: 'installer-answer',
			name: 'Answer',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [1100, 0],
			parameters: {
				mode: 'raw',
				jsonOutput: "={{ JSON.stringify({ bik: $('BIK').item.json, rehook: $('Rehook').item.json, omnidesk: $('Omnidesk').item.json, hyfin: $('Hyfin').item.json }) }}",
				options: {},
			},
		},
	],
	connections: {
		Webhook: { main: [[{ node: 'BIK', type: 'main', index: 0 }]] },
		BIK: { main: [[{ node: 'Rehook', type: 'main', index: 0 }]] },
		Rehook: { main: [[{ node: 'Omnidesk', type: 'main', index: 0 }]] },
		Omnidesk: { main: [[{ node: 'Hyfin', type: 'main', index: 0 }]] },
		Hyfin: { main: [[{ node: 'Answer', type: 'main', index: 0 }]] },
	},
};

describe('N8N_COMMUNITY_PACKAGES: n8n installs the package at start-up, from the registry it is told', () => {
	let n8n: N8n;
	beforeAll(async () => {
		n8n = await freshN8n('managed', [FOUR_NODES], communityPackagesEnv(registry, { managed: true, grant: false }));
	});

	test('without the licence feature n8n 2.41 requires for a registry other than its default, it refuses to install, and starts without the package', async () => {
		const server = await startN8n(n8n);
		try {
			expect(server.output()).toContain(`Failed to install community package '${PACKAGE}@${VERSION}' from env: ${LICENCE_REFUSAL}`);
			expect(existsSync(installedManifest(n8n))).toBe(false);
		} finally {
			await server.stop();
		}
	});

	test('with it, n8n installs the published version into its nodes folder, records its five nodes, and the webhook runs the four action nodes against the sandbox', async () => {
		n8n.env = { ...n8n.env, ...communityPackagesEnv(registry, { managed: true }) };
		// Published now: n8n unpublishes a workflow whose nodes it could not load at start-up.
		const published = await n8nCommand(n8n, ['publish:workflow', `--id=${FOUR_NODES.id}`]);
		expect(published.code).toBe(0);
		sandbox.reset({ faults: true });
		const server = await startN8n(n8n);
		try {
			expect(server.output()).toContain(`Installed community package '${PACKAGE}@${VERSION}' from env`);
			// What n8n's installer left: the package, without its peer dependency, in n8n's ledger.
			expect(JSON.parse(readFileSync(installedManifest(n8n), 'utf8'))).toMatchObject({ name: PACKAGE, version: VERSION });
			expect(JSON.parse(readFileSync(join(nodesFolder(n8n), 'package.json'), 'utf8')).dependencies).toEqual({ [PACKAGE]: VERSION });
			expect(readdirSync(join(nodesFolder(n8n), 'node_modules')).filter((entry) => !entry.startsWith('.'))).toEqual([PACKAGE]);
			const cookie = await setupOwner(server.url);
			expect(await communityPackages(server.url, cookie)).toEqual([
				expect.objectContaining({
					packageName: PACKAGE,
					installedVersion: VERSION,
					failedLoading: false,
					installedNodes: ['bik', 'hyfin', 'omnidesk', 'omnideskTrigger', 'rehook'].map((type) => expect.objectContaining({ type: `${PACKAGE}.${type}` })),
				}),
			]);

			const response = await postToWebhook(`${server.url}/webhook/installer`, { id: 'installed-ada', name: 'Ada', email: 'installed-ada@example.com' });
			expect(response.status).toBe(200);
			expect(await response.json()).toEqual({
				bik: expect.objectContaining({ email: 'installed-ada@example.com' }),
				rehook: expect.objectContaining({ sourceId: 'installed-ada', action: 'created' }),
				omnidesk: { found: false, primaryId: 'installed-ada', brandId: 1 },
				hyfin: expect.objectContaining({ externalId: 'installed-ada', success: true, action: 'added' }),
			});
			expect(sandbox.log.map((entry) => `${entry.provider} ${entry.outcome}`)).toEqual(['bik 200', 'rehook 200', 'omnidesk 204', 'hyfin 200']);
		} finally {
			await server.stop();
		}
	});
});

describe('Settings › Community nodes › Install, in Chromium, on a fresh n8n', () => {
	const ONE_NODE: Workflow = {
		id: 'installerOneNode',
		name: 'Installer: Hyfin from the editor',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{ id: 'installer-trigger', name: TRIGGER, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			node('Hyfin: Add or Update', 'hyfin', 'hyfinApi', 240, {
				resource: 'customer',
				operation: 'addUpdate',
				externalId: 'editor-grace',
				firstName: 'Grace',
				lastName: 'Hopper',
				active: true,
				additionalFields: {},
			}),
		],
		connections: { [TRIGGER]: { main: [[{ node: 'Hyfin: Add or Update', type: 'main', index: 0 }]] } },
	};
	let n8n: N8n;
	let server: Awaited<ReturnType<typeof startN8n>>;
	let cookie: string;
	let browser: Browser;

	beforeAll(async () => {
		n8n = await freshN8n('editor', [ONE_NODE], communityPackagesEnv(registry, { managed: false }));
		server = await startN8n(n8n);
		cookie = await setupOwner(server.url);
		browser = await launchChromium();
	});
	afterAll(async () => {
		await browser?.close();
		await server?.stop();
	});

	test('the package installs by name, its nodes load, and a workflow with one of them runs from the editor', async () => {
		expect(await communityPackages(server.url, cookie)).toEqual([]);
		const context = await loggedIn(browser, server.url, cookie);
		const page = await context.newPage();
		const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `installer-${name}.png`) });
		try {
			await page.goto(`${server.url}/settings/community-nodes`);
			await page.getByRole('button', { name: 'Install a community node' }).click({ timeout: 60_000 });
			await page.getByPlaceholder('e.g. n8n-nodes-chatwork').fill(`${PACKAGE}@${VERSION}`);
			await page.getByText('I understand the risks of installing unverified code from a public source.').click();
			await shot('modal');
			await page.getByRole('button', { name: 'Install', exact: true }).click();
			await page.locator('[data-test-id="community-package-card"]', { hasText: PACKAGE }).waitFor({ timeout: 180_000 });
			await shot('installed');
			expect(await communityPackages(server.url, cookie)).toEqual([expect.objectContaining({ packageName: PACKAGE, installedVersion: VERSION, failedLoading: false })]);
			expect(JSON.parse(readFileSync(installedManifest(n8n), 'utf8')).version).toBe(VERSION);

			sandbox.reset({ faults: true });
			await page.goto(`${server.url}/workflow/${ONE_NODE.id}`);
			await page.locator('[data-test-id="execute-workflow-button"]').waitFor({ timeout: 60_000 });
			await page.getByText('Got it').click({ timeout: 2000 }).catch(() => undefined);
			await page.click('[data-test-id="execute-workflow-button"]');
			await page.getByText(/executed successfully/i).first().waitFor({ timeout: 60_000 });
			await shot('run');
			expect(sandbox.log.map((entry) => [entry.provider, entry.method, entry.outcome, (entry.body as { external_id?: string }).external_id])).toEqual([
				['hyfin', 'POST', 200, 'editor-grace'],
			]);
		} catch (error) {
			await shot('failure');
			throw error;
		} finally {
			await context.close();
		}
	});
});
