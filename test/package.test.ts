import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { PackageDirectoryLoader } from 'n8n-core';

/**
 * The built package, loaded by n8n-core's own community-package loader (what n8n does for every
 * package in ~/.n8n/nodes/node_modules). Needs `npm run build` first; `npm test` runs it.
 */
const root = join(__dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
/** Every node the package ships, with the credentials it offers. */
const NODE_CREDENTIALS: Record<string, string[]> = {
	bik: ['bikApi'],
	hyfin: ['hyfinApi'],
	omnidesk: ['omnideskApi'],
	omnideskTrigger: ['omnideskApi'],
	rehook: ['rehookApi', 'rehookAppApi'],
};
/** Triggers start workflows: n8n's rules forbid them as AI tools. */
const TRIGGERS = ['omnideskTrigger'];

beforeAll(() => {
	if (!existsSync(join(root, 'dist', 'nodes'))) throw new Error('dist/ is missing: run `npm run build` first');
});

test('n8n loads every listed node and credential under the package name', async () => {
	const loader = new PackageDirectoryLoader(root);
	await loader.loadAll();
	expect(loader.packageName).toBe('n8n-nodes-customer-sync');
	expect(Object.keys(loader.nodeTypes).sort()).toEqual(Object.keys(NODE_CREDENTIALS).sort());
	expect(Object.keys(loader.credentialTypes).sort()).toEqual(['bikApi', 'hyfinApi', 'omnideskApi', 'rehookApi', 'rehookAppApi']);
	for (const [name, credentials] of Object.entries(NODE_CREDENTIALS)) {
		const node = loader.nodeTypes[name].type as {
			description: { usableAsTool?: boolean; polling?: boolean; inputs?: unknown[]; credentials?: Array<{ name: string }> };
		};
		if (TRIGGERS.includes(name)) {
			expect([name, node.description.usableAsTool, node.description.polling, node.description.inputs]).toEqual([name, undefined, true, []]);
		} else {
			expect([name, node.description.usableAsTool]).toEqual([name, true]);
		}
		expect([name, node.description.credentials?.map((c) => c.name)]).toEqual([name, credentials]);
	}
});

test('the loaded credentials authenticate with a function, and the editor still sees an `authenticate`', async () => {
	const loader = new PackageDirectoryLoader(root);
	await loader.loadAll();
	for (const [name, { type }] of Object.entries(loader.credentialTypes)) {
		expect([name, typeof type.authenticate]).toEqual([name, 'function']);
		// n8n serves the credential types to the editor as JSON, with a function-form authenticate as {}.
		// The HTTP Request node's "Predefined Credential Type" lists the types that have one.
		expect([name, JSON.parse(JSON.stringify(type)).authenticate]).toEqual([name, {}]);
	}
	const bik = loader.credentialTypes.bikApi.type;
	if (typeof bik.authenticate !== 'function') throw new Error('bikApi: no authenticate function');
	const request = { url: 'https://bik.example/x', headers: { 'X-Trace': '1' } };
	expect(await bik.authenticate({ apiKey: 'key1', apiSecret: 'secret1' }, request)).toEqual({
		url: 'https://bik.example/x',
		headers: { 'X-Trace': '1', Authorization: 'Basic a2V5MTpzZWNyZXQx' },
	});
});

test('every node and credential has distinct light and dark icons that are in dist/', async () => {
	const loader = new PackageDirectoryLoader(root);
	await loader.loadAll();
	// n8n resolves each `file:` icon to an icon URL below the package, or drops it if it is missing.
	const icons = [
		...Object.values(loader.nodeTypes).map((data) => (data.type as { description: { iconUrl?: unknown } }).description.iconUrl),
		...Object.values(loader.credentialTypes).map((data) => (data.type as { iconUrl?: unknown }).iconUrl),
	];
	expect(icons).toHaveLength(Object.keys(NODE_CREDENTIALS).length + 5);
	for (const icon of icons) {
		const { light, dark } = icon as { light: string; dark: string };
		expect(light).toMatch(/^icons\/n8n-nodes-customer-sync\/dist\/icons\/[a-z]+\.svg$/);
		expect(dark).toBe(light.replace(/\.svg$/, '.dark.svg'));
		const files = [light, dark].map((url) => join(root, url.replace('icons/n8n-nodes-customer-sync/', '')));
		for (const file of files) expect(existsSync(file)).toBe(true);
		expect(readFileSync(files[0], 'utf8')).not.toEqual(readFileSync(files[1], 'utf8'));
	}
});

test('each node ships its codex file beside it, naming it', () => {
	for (const file of pkg.n8n.nodes as string[]) {
		const codex = JSON.parse(readFileSync(join(root, file.replace(/\.js$/, '.json')), 'utf8'));
		const name = file.split('/').pop()!.replace('.node.js', '');
		expect(codex.node).toBe(`n8n-nodes-customer-sync.${name.charAt(0).toLowerCase()}${name.slice(1)}`);
		expect(codex.categories.length).toBeGreaterThan(0);
	}
	expect(pkg.n8n.nodes).toHaveLength(Object.keys(NODE_CREDENTIALS).length);
});

test("package.json meets n8n's rules for verified packages", () => {
	expect(pkg.name).toMatch(/^n8n-nodes-/);
	expect(pkg.keywords).toContain('n8n-community-node-package');
	expect(pkg.license).toBe('MIT');
	expect(pkg.files).toEqual(['dist']);
	expect(pkg.dependencies ?? {}).toEqual({});
	expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
	expect(pkg.overrides).toBeUndefined();
	for (const script of ['preinstall', 'install', 'postinstall', 'prepare']) expect(pkg.scripts[script]).toBeUndefined();
	for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) expect(existsSync(join(root, file))).toBe(true);
});

test('shipped code imports only n8n-workflow (and node:crypto) and touches none of the globals n8n forbids', () => {
	const { execSync } = jest.requireActual('node:child_process') as typeof import('node:child_process');
	const files = execSync('find dist/nodes dist/credentials -name "*.js"', { cwd: root, encoding: 'utf8' }).trim().split('\n');
	for (const file of files) {
		const code = readFileSync(join(root, file), 'utf8');
		const required = [...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
		// n8n's scanner allows `crypto` / `node:crypto` beside n8n-workflow (no-restricted-imports).
		expect([file, required.filter((m) => !['n8n-workflow', 'node:crypto', 'crypto'].includes(m) && !m.startsWith('.'))]).toEqual([file, []]);
		expect([file, /\b(process|setTimeout|setInterval|setImmediate|globalThis|console)\s*[.(]/.test(code)]).toEqual([file, false]);
	}
});
