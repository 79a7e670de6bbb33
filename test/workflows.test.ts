import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The GitHub workflows: what n8n requires of a release (a GitHub Action with an npm provenance
 * statement) and what CI must prove. `npm run lint:workflows` (actionlint) checks their syntax and
 * types; this checks what they do.
 */
const root = join(__dirname, '..');
const workflow = (name: string) => readFileSync(join(root, '.github', 'workflows', name), 'utf8');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

test('the README test command is `npm ci && npm test`, which .ci/run and both workflows run; queue mode is a job of its own in both, with Redis', () => {
	const line = readme.split('\n').find((l) => l.includes('# run all tests'))!;
	expect(line.replace(/\s*#.*$/, '')).toBe('npm ci && npm test');
	for (const file of ['ci.yml', 'publish.yml']) {
		expect(workflow(file)).toContain('run: bash .ci/run');
		const queue = workflow(file).slice(workflow(file).indexOf('\n  queue:'));
		expect(queue.slice(0, queue.indexOf('\n  n8n1:'))).toMatch(/sudo apt-get install -y redis-server[\s\S]*run: npm ci\n {6}- run: npm run test:queue\n/);
	}
	expect(readme).toContain('`npm run test:queue`');
});

test('CI: on push and pull request, Node of the supported range, npm and n8n install folders cached, queue mode, the installer and n8n 1.x as jobs of their own', () => {
	const ci = workflow('ci.yml');
	expect(ci).toMatch(/^on:\n {2}push:\n {2}pull_request:/m);
	expect(pkg.engines.node).toBe('>=20.15');
	// Four jobs: the README's test command, queue mode, the installer, n8n 1.x.
	expect(ci.match(/node-version: 20\n/g)).toHaveLength(4);
	expect(ci.match(/cache: npm/g)).toHaveLength(4);
	expect(ci).toContain('run: npm run test:install');
	expect(ci).toContain('path: .cache/n8n-2.41.0');
	expect(ci).toContain('path: .cache/n8n-1.123.81');
	expect(ci).toContain('run: npm run test:n8n1');
	expect(pkg.scripts['test:n8n1']).toContain('E2E_N8N_VERSION=1.123.81');
});

test('publish: a version tag, the same tests, then npm publish --provenance with id-token: write', () => {
	const publish = workflow('publish.yml');
	expect(publish).toMatch(/^on:\n {2}push:\n {4}tags:\n {6}- 'v\*\.\*\.\*'/m);
	const job = publish.slice(publish.indexOf('\n  publish:'));
	expect(job).toContain('needs: [test, queue, n8n1]');
	expect(job).toMatch(/permissions:\n {6}contents: read\n {6}id-token: write/);
	expect(job.trimEnd().endsWith('run: npm publish --provenance --access public')).toBe(true);
	// The tag must name the version being published.
	expect(job).toContain('"v$version"');
});

test('no workflow names a registry host or sets a registry URL', () => {
	for (const file of readdirSync(join(root, '.github', 'workflows'))) {
		const text = workflow(file);
		expect([file, /registry-url|npmjs|https?:\/\//i.test(text)]).toEqual([file, false]);
	}
});
