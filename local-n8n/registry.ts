import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { ROOT, freePort } from './n8n';

/**
 * A real npm registry on loopback (Verdaccio, a devDependency), for the tests that install the
 * package the way n8n's own installer does: from a registry, by name and version. It has no
 * uplink, so it serves only what the test publishes to it and nothing leaves the machine; its
 * storage is a temporary folder, removed by `stop()`.
 */
export interface LocalRegistry {
	/** e.g. http://127.0.0.1:41234 (no trailing slash, as n8n's N8N_COMMUNITY_PACKAGES_REGISTRY takes it). */
	url: string;
	/** `npm publish <tarball>` to this registry, as a registered user. */
	publish(tarball: string): Promise<void>;
	/** Verdaccio's log, for failure messages. */
	output(): string;
	stop(): Promise<void>;
}

const run = promisify(execFile);
/** Preloaded into n8n by `communityPackagesEnv`: see the file for why. */
export const GRANT_CUSTOM_REGISTRY = join(ROOT, 'local-n8n', 'grant-custom-registry.cjs');

export async function startRegistry(): Promise<LocalRegistry> {
	const folder = mkdtempSync(join(tmpdir(), 'npm-registry-'));
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	const config = join(folder, 'config.yaml');
	// YAML is a superset of JSON: the configuration is written as JSON.
	writeFileSync(
		config,
		JSON.stringify({
			storage: join(folder, 'storage'),
			auth: { htpasswd: { file: join(folder, 'htpasswd') } },
			uplinks: {},
			packages: { '**': { access: '$all', publish: '$authenticated', unpublish: '$authenticated' } },
			web: { enable: false },
			log: { type: 'stdout', format: 'pretty', level: 'warn' },
		}),
	);
	const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'node_modules', 'verdaccio', 'bin', 'verdaccio'), '--config', config, '--listen', `127.0.0.1:${port}`], {
		cwd: folder,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	child.stdout!.on('data', (chunk) => (output += chunk));
	child.stderr!.on('data', (chunk) => (output += chunk));
	const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
	const stop = async () => {
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
		await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
		rmSync(folder, { recursive: true, force: true });
	};
	try {
		const deadline = Date.now() + 60_000;
		for (;;) {
			if (child.exitCode !== null) throw new Error(`the local registry exited with ${child.exitCode}:\n${output}`);
			const ping = await fetch(`${url}/-/ping`).catch(() => undefined);
			if (ping?.ok) break;
			if (Date.now() > deadline) throw new Error(`the local registry did not start in 60 s:\n${output}`);
			await new Promise((resolve) => setTimeout(resolve, 300));
		}
		// A user to publish as (Verdaccio registers one on first login, as `npm adduser` does).
		const login = await fetch(`${url}/-/user/org.couchdb.user:publisher`, {
			method: 'PUT',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ name: 'publisher', password: 'local-registry-only' }),
		});
		const { token } = (await login.json()) as { token?: string };
		if (!token) throw new Error(`the local registry gave no token: ${login.status}`);
		const npmrc = join(folder, 'npmrc');
		writeFileSync(npmrc, `//127.0.0.1:${port}/:_authToken=${token}\n`);
		return {
			url,
			output: () => output,
			stop,
			publish: async (tarball: string) => {
				await run('npm', ['publish', tarball, '--registry', `${url}/`, '--userconfig', npmrc, '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: folder });
			},
		};
	} catch (error) {
		await stop();
		throw error;
	}
}

/** The package's name and version, as package.json has them. */
export function packageRef(): { name: string; version: string } {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { name, version } = require(join(ROOT, 'package.json')) as { name: string; version: string };
	return { name, version };
}

/**
 * What main needs to install the package itself at start-up, as n8n 2.41 documents it:
 * N8N_COMMUNITY_PACKAGES (a JSON list of `{name, version}`) with
 * N8N_COMMUNITY_PACKAGES_MANAGED_BY_ENV=true, from the registry N8N_COMMUNITY_PACKAGES_REGISTRY
 * names. `managed: false` leaves out the list, for an n8n whose packages are installed in the
 * editor (Settings › Community nodes) or, on a queue-mode worker, reinstalled from main's records.
 */
export function communityPackagesEnv(registry: LocalRegistry, options: { managed: boolean; grant?: boolean } = { managed: true }): NodeJS.ProcessEnv {
	const { name, version } = packageRef();
	return {
		...(options.managed ? { N8N_COMMUNITY_PACKAGES: JSON.stringify([{ name, version }]), N8N_COMMUNITY_PACKAGES_MANAGED_BY_ENV: 'true' } : {}),
		N8N_COMMUNITY_PACKAGES_REGISTRY: registry.url,
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		...(options.grant === false ? {} : { NODE_OPTIONS: `--require=${JSON.stringify(GRANT_CUSTOM_REGISTRY)}` }),
	};
}
