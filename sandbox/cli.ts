import { parseArgs } from 'node:util';

import { baseUrls, credentialData } from './credentials';
import { NO_FAULTS, type Faults } from './faults';
import { Sandbox } from './server';
import { PROVIDERS, type ProviderName } from './types';

const HELP = `npm run sandbox -- [options]

A local stand-in for the BIK, Rehook, Omnidesk and Hyfin APIs (see docs/sandbox.md).

  --port N              port to listen on (default 4010; 0 picks a free one)
  --host H              address to listen on (default 127.0.0.1, loopback only)
  --seed N              seed for the random choice of faulted requests (default 1)
  --omnidesk-customers N  start with N generated Omnidesk customers
  --latency MS          add MS milliseconds to every answer
  --slow-above N        latency grows with load: × (requests in flight ÷ N) beyond N in flight
  --rate-limit N        at most N requests per second per provider; then 429 with Retry-After
  --no-retry-after      send 429 without Retry-After
  --fail-500 SHARE      answer this share of requests (0 to 1) with 500
  --fail-503 SHARE      answer this share with 503 and Retry-After: 1
  --error-200 SHARE     answer this share with HTTP 200 and the provider's error body
  --drop SHARE          drop this share of connections without an answer
  --drop-after SHARE    apply this share of requests, then drop the connection
  --slow-body MS        send each answer's body in pieces over MS milliseconds
  --faults JSON         per-provider faults, e.g. '{"omnidesk": {"latencyMs": 50}}'
  --help                this text

Faults can be changed while it runs: PUT /_sandbox/faults (see docs/sandbox.md).`;

function main(): void {
	const { values } = parseArgs({
		options: {
			port: { type: 'string', default: '4010' },
			host: { type: 'string', default: '127.0.0.1' },
			seed: { type: 'string', default: '1' },
			'omnidesk-customers': { type: 'string', default: '0' },
			latency: { type: 'string' },
			'slow-above': { type: 'string' },
			'rate-limit': { type: 'string' },
			'no-retry-after': { type: 'boolean' },
			'fail-500': { type: 'string' },
			'fail-503': { type: 'string' },
			'error-200': { type: 'string' },
			drop: { type: 'string' },
			'drop-after': { type: 'string' },
			'slow-body': { type: 'string' },
			faults: { type: 'string' },
			help: { type: 'boolean' },
		},
		strict: true,
	});
	if (values.help) {
		process.stdout.write(`${HELP}\n`);
		return;
	}
	const number = (name: string, text: string | undefined): number | undefined => {
		if (text === undefined) return undefined;
		const value = Number(text);
		if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number of at least 0, got "${text}"`);
		return value;
	};
	const all: Partial<Faults> = {};
	const set = (key: keyof Faults, value: number | undefined) => {
		if (value !== undefined) (all[key] as number) = value;
	};
	set('latencyMs', number('latency', values.latency));
	set('slowAbove', number('slow-above', values['slow-above']));
	set('rateLimit', number('rate-limit', values['rate-limit']));
	set('fail500', number('fail-500', values['fail-500']));
	set('fail503', number('fail-503', values['fail-503']));
	set('error200', number('error-200', values['error-200']));
	set('drop', number('drop', values.drop));
	set('dropAfter', number('drop-after', values['drop-after']));
	set('slowBodyMs', number('slow-body', values['slow-body']));
	if (values['no-retry-after']) all.retryAfter = false;
	let providers: Partial<Record<ProviderName, Partial<Faults>>> = {};
	if (values.faults) {
		providers = JSON.parse(values.faults) as typeof providers;
		for (const name of Object.keys(providers)) {
			if (!PROVIDERS.includes(name as ProviderName)) throw new Error(`--faults: unknown provider "${name}"`);
		}
	}
	const sandbox = new Sandbox({
		port: number('port', values.port),
		host: values.host,
		seed: number('seed', values.seed),
		omnideskCustomers: number('omnidesk-customers', values['omnidesk-customers']),
		faults: { all: { ...NO_FAULTS, ...all }, providers },
	});
	sandbox.start().then(
		(url) => {
			const lines = [`Sandbox listening on ${url}`, '', 'Base URLs for the n8n credentials:'];
			for (const [type, base] of Object.entries(baseUrls(url))) lines.push(`  ${type.padEnd(13)} ${base}`);
			lines.push('', 'Credential values (also in docs/sandbox.md):');
			for (const [type, data] of Object.entries(credentialData(url))) {
				const fields = Object.entries(data as Record<string, string>).filter(([key]) => key !== 'baseUrl');
				lines.push(`  ${type.padEnd(13)} ${fields.map(([k, v]) => `${k}=${v}`).join('  ')}`);
			}
			lines.push('', `Requests received: ${url}/_sandbox/requests   Faults: ${url}/_sandbox/faults`, 'Ctrl-C stops it.');
			process.stdout.write(`${lines.join('\n')}\n`);
		},
		(error: Error) => {
			process.stderr.write(`sandbox: ${error.message}\n`);
			process.exit(1);
		},
	);
	const stop = () => {
		sandbox.stop().then(() => process.exit(0));
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

try {
	main();
} catch (error) {
	process.stderr.write(`sandbox: ${(error as Error).message}\n\n${HELP}\n`);
	process.exit(2);
}
