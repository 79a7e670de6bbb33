import { createServer } from 'node:net';

/** A port `npm start` opens, what opens it, and the option that moves it. */
export interface PlannedPort {
	port: number;
	/** What listens there, as a user would call it: "the n8n editor". */
	what: string;
	/** The `npm start` option that moves it, e.g. `--port`. */
	option: string;
}

/**
 * Every port `npm start` opens: n8n's editor on `--port`, n8n's task broker (which n8n would
 * otherwise put on 5679 whatever the editor's port) on the next one, the sandbox on `--sandbox-port`.
 */
export function startPorts(port: number, sandboxPort: number): PlannedPort[] {
	return [
		{ port, what: 'the n8n editor', option: '--port' },
		{ port: port + 1, what: "n8n's task broker, --port + 1", option: '--port' },
		{ port: sandboxPort, what: 'the sandbox APIs', option: '--sandbox-port' },
	];
}

/** Whether something already listens on `port` (on loopback, where n8n and the sandbox listen). */
export function portInUse(port: number, host = '127.0.0.1'): Promise<boolean> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', (error: NodeJS.ErrnoException) => {
			if (error.code === 'EADDRINUSE' || error.code === 'EACCES') resolve(true);
			else reject(error);
		});
		server.listen(port, host, () => server.close(() => resolve(false)));
	});
}

/** Throws, naming the option to change, if a port is out of range, taken twice, or already in use. */
export async function checkPorts(ports: PlannedPort[]): Promise<void> {
	const problems: string[] = [];
	const hint = (p: PlannedPort) => `Start with \`npm start -- ${p.option} <another>\`.`;
	for (const [index, planned] of ports.entries()) {
		if (!Number.isInteger(planned.port) || planned.port < 1 || planned.port > 65535) {
			problems.push(`Port ${planned.port} is not a TCP port (${planned.what}). ${hint(planned)}`);
			continue;
		}
		const earlier = ports.slice(0, index).find((other) => other.port === planned.port);
		if (earlier) {
			problems.push(`Port ${planned.port} is wanted twice (${earlier.what}, and ${planned.what}). ${hint(planned)}`);
			continue;
		}
		if (await portInUse(planned.port)) problems.push(`Port ${planned.port} is in use (${planned.what}). ${hint(planned)}`);
	}
	if (problems.length > 0) throw new Error(problems.join('\n'));
}

/** n8n's own words for a port it could not open, turned into what to do about it. */
export function explainPortError(output: string, ports: PlannedPort[]): string | undefined {
	const match = /port (\d+) is already in use/i.exec(output) ?? /EADDRINUSE[^\n]*?:(\d+)/.exec(output);
	if (!match) return undefined;
	const planned = ports.find((p) => p.port === Number(match[1]));
	return planned
		? `Port ${planned.port} is in use (${planned.what}). Start with \`npm start -- ${planned.option} <another>\`.`
		: `Port ${match[1]} is in use. Start with \`npm start -- --port <another>\`.`;
}
