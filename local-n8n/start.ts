import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { allN8nCredentials } from '../sandbox/credentials';
import { OWNER, ROOT, importIntoN8n, installN8n, packPackage, prepareN8n, setupOwner, startN8n } from './n8n';
import { checkPorts, explainPortError, startPorts } from './ports';
import { Sandbox } from '../sandbox/server';

/**
 * `npm start`: the sandbox, and real n8n with this package installed as a community package, the
 * sandbox credentials and the example workflows, so a new user is one click from running one.
 */
async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			port: { type: 'string', default: '5678' },
			'sandbox-port': { type: 'string', default: '4010' },
		},
	});
	const say = (line: string) => process.stdout.write(`${line}\n`);
	// --port moves every port n8n opens: the editor, and its task broker on the next port.
	const port = Number(values.port);
	const ports = startPorts(port, Number(values['sandbox-port']));
	await checkPorts(ports);

	say('Installing n8n (once; a few minutes the first time) ...');
	const dir = installN8n();
	const sandbox = new Sandbox({ port: Number(values['sandbox-port']), omnideskCustomers: 250 });
	const sandboxUrl = await sandbox.start();
	say(`Sandbox: ${sandboxUrl}`);

	const n8n = prepareN8n(dir, packPackage(), port, join(ROOT, '.cache', 'start-user'), port + 1);
	const workflows = join(n8n.userFolder, 'examples');
	mkdirSync(workflows, { recursive: true });
	for (const file of readdirSync(join(ROOT, 'examples')).filter((name) => name.endsWith('.json'))) {
		// The recipe templates that call the sandbox itself hold its default address; point them at this one.
		const text = readFileSync(join(ROOT, 'examples', file), 'utf8');
		writeFileSync(join(workflows, file), text.split('http://127.0.0.1:4010').join(sandboxUrl));
	}
	await importIntoN8n(n8n, allN8nCredentials(sandboxUrl), workflows);
	say('Starting n8n ...');
	const server = await startN8n(n8n).catch(async (error: Error) => {
		await sandbox.stop();
		// Taken between the check and n8n's start: n8n's own message, and what to do about it.
		const advice = explainPortError(error.message, ports);
		throw advice ? new Error(advice) : error;
	});
	await setupOwner(server.url);

	say('');
	say(`n8n is running: ${server.url}`);
	say(`Log in as ${OWNER.email} / ${OWNER.password}. The example workflows are on the Overview page;`);
	say('open one and click "Execute workflow". They use the sandbox credentials ("Sandbox BIK", …).');
	say(`Sandbox requests: ${sandboxUrl}/_sandbox/requests`);
	say('Ctrl-C stops n8n and the sandbox.');

	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		say('\nStopping ...');
		await server.stop();
		await sandbox.stop();
		process.exit(0);
	};
	process.on('SIGINT', () => void stop());
	process.on('SIGTERM', () => void stop());
	server.process.on('exit', (code) => {
		if (stopping) return;
		process.stderr.write(`n8n stopped unexpectedly (exit ${code}):\n${server.output().slice(-2000)}\n`);
		void sandbox.stop().then(() => process.exit(1));
	});
}

main().catch((error: Error) => {
	process.stderr.write(`npm start: ${error.message}\n`);
	process.exit(1);
});
