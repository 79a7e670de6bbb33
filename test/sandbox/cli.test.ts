import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { BIK_AUTH, call } from '../helpers/sandbox-call';

/**
 * `npm run sandbox` compiles the sandbox and runs build/sandbox/cli.js; `npm test` compiles it
 * first (build:sandbox). This starts the compiled CLI the way a user does.
 */
const cli = join(__dirname, '..', '..', 'build', 'sandbox', 'cli.js');

function start(args: string[]): Promise<{ url: string; output: () => string; stop: () => Promise<number | null> }> {
	const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	child.stdout.on('data', (chunk) => (output += chunk));
	child.stderr.on('data', (chunk) => (output += chunk));
	const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`no URL printed:\n${output}`)), 10_000);
		child.stdout.on('data', () => {
			const match = /Sandbox listening on (http:\/\/\S+)/.exec(output);
			if (match) {
				clearTimeout(timer);
				resolve({
					url: match[1],
					output: () => output,
					stop: () => {
						child.kill('SIGINT');
						return exited;
					},
				});
			}
		});
		exited.then((code) => reject(new Error(`exited with ${code}:\n${output}`)));
	});
}

beforeAll(() => {
	if (!existsSync(cli)) throw new Error('build/sandbox/cli.js is missing: run `npm run build:sandbox` first (npm test does)');
});

test('starts on loopback, prints the credentials for n8n, applies flag faults, and stops on Ctrl-C', async () => {
	const sandbox = await start(['--port', '0', '--fail-503', '1', '--omnidesk-customers', '3']);
	try {
		expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(sandbox.output()).toContain(`bikApi        ${sandbox.url}/bik/integrations`);
		expect(sandbox.output()).toContain('apiKey=sandbox-bik-key  apiSecret=sandbox-bik-secret');
		const { status } = await call(`${sandbox.url}/bik/integrations/bikPlatformFunctions-customers/get`, { json: {}, headers: { authorization: BIK_AUTH } });
		expect(status).toBe(503);
		const state = await call(`${sandbox.url}/_sandbox/state`);
		expect(state.body.omnidesk.customers).toBe(3);
	} finally {
		expect(await sandbox.stop()).toBe(0);
	}
});

test('a bad flag stops with a message and the help text', async () => {
	await expect(start(['--fail-500', 'lots'])).rejects.toThrow(/exited with 2:\nsandbox: --fail-500 must be a number of at least 0, got "lots"/);
	await expect(start(['--slow-above', '1.5'])).rejects.toThrow(/exited with 2:\nsandbox: slowAbove must be a whole number of at least 0/);
});
