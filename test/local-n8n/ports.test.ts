import { createServer, type Server } from 'node:net';

import { freePort } from '../../local-n8n/n8n';
import { checkPorts, explainPortError, portInUse, startPorts } from '../../local-n8n/ports';

/** `npm start`'s port check: every port it opens, and a message that names the option to change. */
let held: Server;
let busy: number;

beforeAll(async () => {
	busy = await freePort();
	held = createServer();
	await new Promise<void>((resolve) => held.listen(busy, '127.0.0.1', resolve));
});
afterAll(() => new Promise<void>((resolve) => held.close(() => resolve())));

test('--port moves the editor and the task broker; the sandbox has its own option', () => {
	expect(startPorts(5690, 4010)).toEqual([
		{ port: 5690, what: 'the n8n editor', option: '--port' },
		{ port: 5691, what: "n8n's task broker, --port + 1", option: '--port' },
		{ port: 4010, what: 'the sandbox APIs', option: '--sandbox-port' },
	]);
});

test('a port in use is seen, a free one is not', async () => {
	expect(await portInUse(busy)).toBe(true);
	expect(await portInUse(await freePort())).toBe(false);
});

test('the editor port in use: the message names it and says to use --port', async () => {
	await expect(checkPorts(startPorts(busy, await freePort()))).rejects.toThrow(
		`Port ${busy} is in use (the n8n editor). Start with \`npm start -- --port <another>\`.`,
	);
});

test("the task broker's port in use (another n8n's 5679): also --port", async () => {
	await expect(checkPorts(startPorts(busy - 1, await freePort()))).rejects.toThrow(
		`Port ${busy} is in use (n8n's task broker, --port + 1). Start with \`npm start -- --port <another>\`.`,
	);
});

test('the sandbox port in use: --sandbox-port', async () => {
	const port = await freePort();
	await expect(checkPorts([{ port, what: 'the n8n editor', option: '--port' }, { port: busy, what: 'the sandbox APIs', option: '--sandbox-port' }])).rejects.toThrow(
		`Port ${busy} is in use (the sandbox APIs). Start with \`npm start -- --sandbox-port <another>\`.`,
	);
});

test('a port that is no port, or one wanted twice, is refused before anything starts', async () => {
	await expect(checkPorts(startPorts(Number('abc'), 4010))).rejects.toThrow('Port NaN is not a TCP port (the n8n editor). Start with `npm start -- --port <another>`.');
	await expect(checkPorts(startPorts(4009, 4010))).rejects.toThrow(
		"Port 4010 is wanted twice (n8n's task broker, --port + 1, and the sandbox APIs). Start with `npm start -- --sandbox-port <another>`.",
	);
	const port = await freePort();
	await expect(checkPorts(startPorts(port, port + 5))).resolves.toBeUndefined();
});

test("n8n's own 'already in use' message becomes advice", () => {
	const ports = startPorts(5690, 4010);
	expect(explainPortError('n8n exited with 1:\nTask Broker\'s port 5691 is already in use. Do you have another instance of n8n running already?', ports)).toBe(
		"Port 5691 is in use (n8n's task broker, --port + 1). Start with `npm start -- --port <another>`.",
	);
	expect(explainPortError('n8n exited with 1: something else', ports)).toBeUndefined();
});
