#!/usr/bin/env node
// n8n's own tools on the package as it will be published (`npm run check:package`, part of `npm test`):
// 1. `npm pack`, and the tarball extracted to a temporary folder;
// 2. what the tarball must hold: every file package.json names, and nothing but dist/ and the docs;
// 3. @n8n/scan-community-package's analysis, both legs of it: the extracted tarball (compiled .js and
//    the published package.json) and the source the tarball was built from (package.json, nodes/,
//    credentials/). The scanner itself downloads a package by name from the registry after a
//    provenance check; only its analysis can run before a release, so that is what runs here;
// 4. `n8n-node lint` (@n8n/node-cli) itself, in a folder laid out as its template expects: the
//    extracted tarball, the sources it was built from, and the template's own eslint.config.mjs
//    (the package is in strict mode, in which n8n-node refuses any other config).
// Needs `npm run build` first.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(join(tmpdir(), 'check-package-'));
const failures = [];
const say = (line) => process.stdout.write(`${line}\n`);
const check = (ok, what) => {
	say(`${ok ? '✓' : '✗'} ${what}`);
	if (!ok) failures.push(what);
};

try {
	if (!existsSync(join(ROOT, 'dist', 'nodes'))) throw new Error('dist/ is missing: run `npm run build` first');

	// 1. The tarball, extracted.
	const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }))[0];
	const tarball = join(work, packed.filename);
	const pkgDir = join(work, 'package');
	execFileSync('tar', ['-xzf', tarball, '-C', work]);
	say(`Packed ${packed.filename}: ${packed.entryCount} files, ${Math.round(packed.size / 1024)} kB`);

	// 2. What the tarball holds.
	const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
	const named = [...pkg.n8n.nodes, ...pkg.n8n.credentials, ...(pkg.main ? [pkg.main] : [])];
	const missing = named.filter((file) => !existsSync(join(pkgDir, file)));
	check(missing.length === 0, `every file package.json names is in the tarball${missing.length ? `; missing: ${missing.join(', ')}` : ''}`);
	const top = readdirSync(pkgDir).sort();
	const allowed = new Set(['dist', 'package.json', 'README.md', 'LICENSE.md', 'CHANGELOG.md']);
	check(top.every((entry) => allowed.has(entry)), `the tarball holds only dist/ and the docs (${top.join(', ')})`);
	const scripts = Object.keys(pkg.scripts ?? {}).filter((name) => /^(pre|post)?(install|prepare|publish|pack)$|^prepublishOnly$/.test(name));
	check(scripts.length === 0, `the published package.json has no lifecycle scripts${scripts.length ? `: ${scripts.join(', ')}` : ''}`);

	// 3. The scanner's analysis (@n8n/scan-community-package's analyzePackage, the same ESLint setup).
	const scanner = await import('@n8n/scan-community-package/scanner/scanner.mjs');
	const distResult = await scanner.analyzePackage(pkgDir, ['**/*.js', 'package.json']);
	check(distResult.passed, 'scan-community-package: the extracted tarball (compiled .js and package.json)');
	if (!distResult.passed) say(distResult.details ?? distResult.message);
	const sourceResult = await scanner.analyzePackage(ROOT, scanner.SOURCE_FILE_PATTERNS);
	check(sourceResult.passed, `scan-community-package: the source it was built from (${scanner.SOURCE_FILE_PATTERNS.join(', ')})`);
	if (!sourceResult.passed) say(sourceResult.details ?? sourceResult.message);

	// 4. `n8n-node lint`, run as n8n's template project runs it.
	const lintDir = join(work, 'n8n-node-lint');
	cpSync(pkgDir, lintDir, { recursive: true });
	for (const entry of ['nodes', 'credentials', 'icons', 'tsconfig.json']) cpSync(join(ROOT, entry), join(lintDir, entry), { recursive: true });
	cpSync(join(ROOT, 'node_modules', '@n8n', 'node-cli', 'dist', 'template', 'templates', 'shared', 'default', 'eslint.config.mjs'), join(lintDir, 'eslint.config.mjs'));
	symlinkSync(join(ROOT, 'node_modules'), join(lintDir, 'node_modules'), 'dir');
	const lint = spawnSync(join(ROOT, 'node_modules', '.bin', 'n8n-node'), ['lint'], { cwd: lintDir, encoding: 'utf8', env: { ...process.env, CI: 'true', FORCE_COLOR: '0' } });
	check(lint.status === 0, 'n8n-node lint (@n8n/node-cli, strict mode, its own eslint.config.mjs) on the tarball and its sources');
	if (lint.status !== 0) say(`${lint.stdout}\n${lint.stderr}`);
} catch (error) {
	failures.push(error.message);
	say(`✗ ${error.stack ?? error.message}`);
} finally {
	rmSync(work, { recursive: true, force: true });
}

if (failures.length > 0) {
	say(`\ncheck:package: ${failures.length} check(s) failed`);
	process.exit(1);
}
say('\ncheck:package: the packed package passes n8n-node lint and the scanner');
