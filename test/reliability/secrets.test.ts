import { randomBytes } from 'node:crypto';

import { Container } from '@n8n/di';
import { ErrorReporter } from 'n8n-core';
import { LoggerProxy, type ICredentialDataDecryptedObject, type IDataObject } from 'n8n-workflow';

import { credentialData } from '../../sandbox/credentials';
import { Sandbox } from '../../sandbox/server';
import { sharedPacers } from '../../nodes/shared/pacing/shared';
import { ApiServer, type Handler, type Received, type Reply } from '../helpers/api-server';
import { credentialTypes, reportedErrors, runNode, type RunResult } from '../helpers/run-node';
import { recordFigures } from '../helpers/figures';

/**
 * Secrets never leave through anything a user or an operator reads. Every credential type holds a
 * unique marker in its secret fields; each node runs through n8n's real execution path against a
 * server that succeeds, fails, echoes the request's auth headers and the secrets into its error
 * body, drops the connection, stalls, or is not there at all. The marker (raw, URL-encoded, and
 * base64, as the Basic token carries it) must appear in no output item, error, error report or
 * log line, while the provider's own error text still reaches the user.
 */

const MARK = `MARKER-${randomBytes(6).toString('hex')}`;

/** The secrets of each credential type. "/", "+" and "=" make the URL-encoded form differ from the raw one. */
const SECRETS = {
	bikApi: { apiKey: `${MARK}-bik-key/+=`, apiSecret: `${MARK}-bik-secret/+=` },
	rehookApi: { apiKey: `${MARK}-rehook-key/+=`, secretKey: `${MARK}-rehook-secret/+=` },
	rehookAppApi: { appId: `${MARK}-rehook-app-id`, appSecret: `${MARK}-rehook-app-secret/+=` },
	omnideskApi: { apiKey: `${MARK}-omnidesk-key/+=` },
	hyfinApi: { accessToken: `${MARK}-hyfin-token/+=` },
} satisfies Record<string, Record<string, string>>;
type CredentialType = keyof typeof SECRETS;

/** The Basic tokens the BIK and Rehook credentials send: base64 of "key:secret". */
const BASIC_TOKENS = [
	Buffer.from(`${SECRETS.bikApi.apiKey}:${SECRETS.bikApi.apiSecret}`).toString('base64'),
	Buffer.from(`${SECRETS.rehookApi.apiKey}:${SECRETS.rehookApi.secretKey}`).toString('base64'),
];

/**
 * The base64 of `text` wherever it sits in a longer string: one encoding for each of the three
 * byte alignments, without the characters that depend on the bytes around it.
 */
function base64Cores(text: string): string[] {
	return [0, 1, 2].map((shift) => {
		const encoded = Buffer.from('\0'.repeat(shift) + text).toString('base64');
		return encoded.slice(shift === 0 ? 0 : 4, encoded.length - 4);
	});
}

const secretValues = Object.values(SECRETS).flatMap((fields) => Object.values(fields) as string[]);
/** Every form in which a secret could leak. MARK alone covers the raw and URL-encoded values (it has no characters to encode). */
const LEAK_FORMS = [
	...new Set([
		MARK,
		...secretValues,
		...secretValues.map((value) => encodeURIComponent(value)),
		...BASIC_TOKENS,
		...BASIC_TOKENS.map((token) => encodeURIComponent(token)),
		...base64Cores(MARK),
	]),
];

/**
 * The forms of the values each credential marks as passwords (typeOptions.password). The App ID
 * is not one: the credential shows it in clear, though the node masks it too.
 */
const PASSWORD_FORMS = Object.entries(SECRETS).flatMap(([type, fields]) =>
	credentialTypes[type].properties
		.filter((property) => property.typeOptions?.password && property.name in fields)
		.flatMap((property) => {
			const value = (fields as Record<string, string>)[property.name];
			return [value, encodeURIComponent(value), ...base64Cores(value)];
		}),
);

/** The headers that carry credentials at any of the four providers (lower-case, as Node receives them). */
const AUTH_HEADERS = ['authorization', 'apikey', 'appid', 'appsecret', 'x-access-token'];

// ---- What a user or an operator can read ---------------------------------------------------

/** Every log line: n8n's logger, console.* and raw writes to stdout and stderr. */
const logLines: string[] = [];
/** Everything n8n's error reporter received, with the error's hidden fields (stack, cause, context). */
const reporterTexts: string[] = [];

function safeJson(value: unknown): string {
	try {
		return JSON.stringify(value) ?? '';
	} catch {
		return String(value);
	}
}

/** Every string inside a value (keys included), Errors' non-enumerable message, stack and cause too. */
function strings(value: unknown, out: string[] = [], seen = new Set<object>()): string[] {
	if (typeof value === 'string') out.push(value);
	else if (Buffer.isBuffer(value)) out.push(value.toString('utf8'));
	else if (value && typeof value === 'object') {
		if (seen.has(value)) return out;
		seen.add(value);
		const keys = value instanceof Error ? [...new Set([...Object.getOwnPropertyNames(value), 'message', 'stack', 'cause'])] : Object.keys(value);
		for (const key of keys) {
			out.push(key);
			strings((value as Record<string, unknown>)[key], out, seen);
		}
	}
	return out;
}

const capture = (level: string) => (message: string, metadata?: unknown) => {
	logLines.push(`[n8n ${level}] ${message} ${safeJson(metadata)}`);
};
const consoleMethods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
let consoleSpies: jest.SpyInstance[] = [];
const restorers: Array<() => void> = [];

function tapStream(stream: NodeJS.WriteStream, name: string): void {
	const original = stream.write;
	stream.write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
		logLines.push(`[${name}] ${typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8')}`);
		return (original as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
	} as typeof stream.write;
	restorers.push(() => (stream.write = original));
}

/** Console calls since the last look, as log lines. */
function drainConsole(): void {
	for (const [index, spy] of consoleSpies.entries()) {
		for (const args of spy.mock.calls) logLines.push(`[console.${consoleMethods[index]}] ${args.map((arg: unknown) => (typeof arg === 'string' ? arg : strings(arg).join(' '))).join(' ')}`);
		spy.mockClear();
	}
}

// ---- Figures ---------------------------------------------------------------------------------

/**
 * What the runs covered, counted as they happen. markerFound counts texts holding a secret in the
 * passing checks (must stay 0).
 */
const figures = { runs: 0, outputsChecked: 0, errorsChecked: 0, logLinesChecked: 0, markerFound: 0, sandboxLogLinesChecked: 0 };


// ---- Set-up ----------------------------------------------------------------------------------

const api = new ApiServer();
let apiUrl: string;
let closedUrl: string;

beforeAll(async () => {
	apiUrl = await api.start();
	const closed = new ApiServer();
	closedUrl = await closed.start();
	await closed.stop();

	LoggerProxy.init({ error: capture('error'), warn: capture('warn'), info: capture('info'), debug: capture('debug') });
	const reporter = Container.get(ErrorReporter);
	const report = reporter.error;
	reporter.error = (error, options) => {
		reporterTexts.push(strings(error).join('\n'), safeJson(options));
		report.call(reporter, error, options);
	};
	restorers.push(() => (reporter.error = report));
	consoleSpies = consoleMethods.map((method) => jest.spyOn(console, method));
	tapStream(process.stdout, 'stdout');
	tapStream(process.stderr, 'stderr');
});

afterAll(async () => {
	for (const restore of restorers.reverse()) restore();
	for (const spy of consoleSpies) spy.mockRestore();
	await api.stop();
	await recordFigures('reliability-secrets.json', figures);
});

// ---- The nodes, their operations, and what they answer ----------------------------------------

type NodeType = 'bik' | 'rehook' | 'omnidesk' | 'hyfin';

interface Target {
	name: string;
	type: NodeType;
	credential: CredentialType;
	parameters: IDataObject;
	/** Parameters the node refuses before sending. */
	bad: IDataObject;
	/** The provider's answer when the call works. */
	success: Reply;
	/** Non-secret credential fields. */
	extra?: IDataObject;
}

const customer = { id: 5482636, partnerCustomerId: 'p-1', email: 'ann@example.com' };

const TARGETS: Target[] = [
	{
		name: 'BIK Create or Update',
		type: 'bik',
		credential: 'bikApi',
		parameters: { operation: 'createOrUpdate', email: 'ann@example.com' },
		bad: { operation: 'createOrUpdate', email: 'not-an-email' },
		success: { body: { status: 200, success: true, data: { customer } } },
	},
	{
		name: 'BIK Get',
		type: 'bik',
		credential: 'bikApi',
		parameters: { operation: 'get', lookUpBy: 'partnerCustomerId', customerId: 'p-1' },
		bad: { operation: 'get', lookUpBy: 'partnerCustomerId', customerId: '={{ $json.nothing }}' },
		success: { body: { status: 200, success: true, data: { customer } } },
	},
	{
		name: 'Rehook Create or Update (Basic)',
		type: 'rehook',
		credential: 'rehookApi',
		parameters: { authentication: 'basic', operation: 'createOrUpdate', sourceId: 's-1' },
		bad: { authentication: 'basic', operation: 'createOrUpdate', sourceId: '  ' },
		success: { body: { message: 'Customer Created', requestId: 'r-1' } },
	},
	{
		name: 'Rehook Create (appId/appSecret)',
		type: 'rehook',
		credential: 'rehookAppApi',
		parameters: { authentication: 'appSecret', operation: 'create', otherFieldsJson: '{"source_id": "s-1"}' },
		bad: { authentication: 'appSecret', operation: 'create', otherFieldsJson: '{"source_id": ' },
		success: { body: { message: 'Customer Created', id: 'c-1' } },
	},
	{
		name: 'Omnidesk Get',
		type: 'omnidesk',
		credential: 'omnideskApi',
		parameters: { operation: 'get', customerId: '42' },
		bad: { operation: 'get', customerId: '../42' },
		success: { body: { id: 42, firstname: 'Anna' } },
	},
	{
		name: 'Omnidesk Create',
		type: 'omnidesk',
		credential: 'omnideskApi',
		parameters: { operation: 'create', primaryId: 'crm-1', brandId: '1' },
		bad: { operation: 'create', primaryId: 'crm-1', additionalFields: { extraTelephone: '0612345678' } },
		success: { body: { type: 'result', message: 'User created.' } },
	},
	{
		name: 'Omnidesk Get Many',
		type: 'omnidesk',
		credential: 'omnideskApi',
		parameters: { operation: 'getAll', returnAll: false, limit: 2 },
		bad: { operation: 'getAll', filters: { query: "O'Brien" } },
		success: { body: { type: 'customers', itemStart: 0, itemTotal: 2, itemLimit: 2, items: [{ id: 1 }, { id: 2 }] } },
	},
	{
		name: 'Hyfin Add or Update',
		type: 'hyfin',
		credential: 'hyfinApi',
		parameters: { operation: 'addUpdate', externalId: 'e-1', firstName: 'Ann', lastName: 'Lee', active: true },
		bad: { operation: 'addUpdate', externalId: 'e-1', firstName: 'Ann', lastName: 'Lee', additionalFields: { email: 'ann@' } },
		success: { body: { success: true, action: 'added', _id: 'h-1' } },
		extra: { siteId: 'site-1' },
	},
	{
		name: 'Hyfin Get',
		type: 'hyfin',
		credential: 'hyfinApi',
		parameters: { operation: 'get', externalId: 'e-1' },
		bad: { operation: 'get', externalId: '..' },
		success: { body: { external_id: 'e-1', first_name: 'Ann' } },
		extra: { siteId: 'site-1' },
	},
];

/** The request's auth headers as some APIs echo them: as sent, the Basic token decoded, and URL-encoded. */
function echo(request: Received): string {
	const parts: string[] = [];
	for (const name of AUTH_HEADERS) {
		const value = request.headers[name];
		if (typeof value !== 'string') continue;
		parts.push(`${name}: ${value}`);
		if (value.startsWith('Basic ')) parts.push(`credentials ${Buffer.from(value.slice(6), 'base64').toString('utf8')}`);
		else parts.push(`query ?${name}=${encodeURIComponent(value)}`);
	}
	return parts.join('; ');
}

/** Each provider's error body, in its documented shape, with "Invalid API key" and the echo. */
const ECHO_BODY: Record<NodeType, (status: number, request: Received) => unknown> = {
	bik: (status, request) => ({ status, errors: [{ message: `Invalid API key (${echo(request)})` }], request: { headers: request.headers } }),
	rehook: (status, request) => ({ code: status, message: 'Invalid API key', details: `received ${echo(request)}`, request_id: 'req-echo-1', headers: request.headers }),
	omnidesk: (_status, request) => ({ status: 'error', message: `Invalid API key (${echo(request)})`, headers: request.headers }),
	hyfin: (_status, request) => ({ success: false, errors: [`Invalid API key (${echo(request)})`], headers: request.headers }),
};

/** The first password the request carried (the App ID is not one), as a provider's error page might quote it. */
function firstSecret(request: Received): string {
	for (const name of ['authorization', 'apikey', 'appsecret', 'x-access-token']) {
		const value = request.headers[name];
		if (typeof value !== 'string') continue;
		return value.startsWith('Basic ') ? Buffer.from(value.slice(6), 'base64').toString('utf8').split(':')[0] : value;
	}
	return '';
}

interface Scenario {
	name: string;
	reply: (target: Target) => Handler;
	options?: IDataObject;
	/** The provider's own words, which the user must still read. */
	providerText?: string;
	/** Whether the run reaches the server with the credential (so the echo really held the secrets). */
	sends: boolean;
	/** Runs against a port where nothing listens. */
	closed?: boolean;
	/** Runs with the target's bad parameters. */
	bad?: boolean;
	/** Only for these nodes. */
	only?: NodeType[];
}

/** A copy of `body` with the request's secret and auth headers in every object of it, as a debug echo (issue 20, item 10). */
function withDebugEcho(body: unknown, request: Received): unknown {
	if (Array.isArray(body)) return body.map((entry) => withDebugEcho(entry, request));
	if (!body || typeof body !== 'object') return body;
	const copy = Object.fromEntries(Object.entries(body).map(([key, value]) => [key, withDebugEcho(value, request)]));
	return { ...copy, debug: { apikey: firstSecret(request), echo: echo(request), headers: request.headers } };
}

const SCENARIOS: Scenario[] = [
	{ name: 'success', reply: (t) => () => t.success, sends: true },
	{
		name: 'success whose answer echoes the credential',
		reply: (t) => (request) => ({ ...t.success, body: withDebugEcho(t.success.body, request) }),
		sends: true,
	},
	...[400, 401, 404, 422].map(
		(status): Scenario => ({
			name: `HTTP ${status} whose body echoes the auth headers and secrets`,
			reply: (t) => (request) => ({ status, body: ECHO_BODY[t.type](status, request) }),
			providerText: 'Invalid API key',
			sends: true,
		}),
	),
	{
		name: 'HTTP 500 echoing the auth headers, after retries',
		reply: (t) => (request) => ({ status: 500, body: ECHO_BODY[t.type](500, request) }),
		options: { maxRetries: 1, maxWait: 0 },
		providerText: 'Invalid API key',
		sends: true,
	},
	{
		name: 'HTTP 429 with a Retry-After longer than Max Wait, echoing',
		reply: (t) => (request) => ({ status: 429, headers: { 'Retry-After': '120' }, body: ECHO_BODY[t.type](429, request) }),
		options: { maxWait: 1 },
		sends: true,
	},
	{
		name: 'HTTP 200 refusal echoing the auth headers',
		reply: (t) => (request) => ({ status: 200, body: ECHO_BODY[t.type](200, request) }),
		providerText: 'Invalid API key',
		sends: true,
		only: ['omnidesk', 'hyfin'],
	},
	{
		name: 'an HTML error page quoting the key',
		reply: () => (request) => ({ status: 401, body: `<html><body><h1>Invalid API key</h1><p>Key ${firstSecret(request)} is not valid</p></body></html>` }),
		providerText: 'Invalid API key',
		sends: true,
	},
	{ name: 'a dropped connection', reply: () => () => ({ drop: true }), options: { maxRetries: 1, maxWait: 0 }, sends: true },
	{ name: 'a timeout', reply: (t) => () => ({ ...t.success, delayMs: 600 }), options: { timeout: 0.15, maxRetries: 0 }, sends: true },
	{ name: 'a refused connection', reply: (t) => () => t.success, options: { maxRetries: 0 }, sends: false, closed: true },
	{ name: 'bad input', reply: (t) => () => t.success, sends: false, bad: true },
];

const MODES = [undefined, 'continueRegularOutput', 'continueErrorOutput'] as const;

function credentialsFor(target: Target, baseUrl: string, secrets: ICredentialDataDecryptedObject = SECRETS[target.credential]): Record<string, ICredentialDataDecryptedObject> {
	return { [target.credential]: { ...secrets, ...target.extra, baseUrl } };
}

// ---- The audit -------------------------------------------------------------------------------

interface Seen {
	outputs: string[];
	errors: string[];
	logs: string[];
	all: string[];
}

/** Where the shared logs stood before a run. */
function mark() {
	drainConsole();
	return { logs: logLines.length, reported: reportedErrors.length, reporter: reporterTexts.length };
}

/** Everything a run left for a user or an operator to read, counted into the figures. */
function seen(result: RunResult, since: ReturnType<typeof mark>, extraLogs: string[] = []): Seen {
	drainConsole();
	const outputs = [...strings(result.items), ...strings(result.errorItems)];
	const errors = [
		...strings(result.error),
		...strings(result.run),
		...reportedErrors.slice(since.reported),
		...reporterTexts.slice(since.reporter),
	];
	const logs = [...logLines.slice(since.logs), ...extraLogs];
	const failedItems = [...result.items, ...result.errorItems].filter((item) => item.json.error !== undefined).length;
	figures.runs++;
	figures.outputsChecked += result.items.length + result.errorItems.length;
	figures.errorsChecked += (result.error ? 1 : 0) + failedItems + (reportedErrors.length - since.reported);
	figures.logLinesChecked += logs.length;
	return { outputs, errors, logs, all: [...outputs, ...errors, ...logs] };
}

/** The texts holding a secret in any form; counted into markerFound. */
function leaks(texts: string[]): string[] {
	const found = texts.filter((text) => LEAK_FORMS.some((form) => text.includes(form)));
	figures.markerFound += found.length;
	return found;
}

/** Whether a request carried a secret of ours in one of its auth headers. */
function carriesMarker(request: Received): boolean {
	return AUTH_HEADERS.some((name) => {
		const value = request.headers[name];
		if (typeof value !== 'string') return false;
		return value.includes(MARK) || (value.startsWith('Basic ') && Buffer.from(value.slice(6), 'base64').toString('utf8').includes(MARK));
	});
}

/** The auth header values as they crossed the wire. */
function sentAuthValues(): string[] {
	return api.received.flatMap((request) => AUTH_HEADERS.map((name) => request.headers[name]).filter((value): value is string => typeof value === 'string'));
}

/** The error text the user reads for the first failed item, whichever output it went to. */
function userError(result: RunResult, mode: (typeof MODES)[number]): string | undefined {
	if (mode === undefined) return result.error?.message;
	const items = mode === 'continueErrorOutput' ? result.errorItems : result.items;
	const failed = items.find((item) => item.json.error !== undefined);
	return failed ? String(failed.json.error) : undefined;
}

describe.each(TARGETS.map((t) => [t.name, t] as const))('%s', (_name, target) => {
	const scenarios = SCENARIOS.filter((s) => !s.only || s.only.includes(target.type));

	test.each(scenarios.map((s) => [s.name, s] as const))('%s: no secret in outputs, errors or logs', async (_scenario, scenario) => {
		for (const mode of MODES) {
			// Each mode as a fresh process: a Retry-After beyond Max Wait pauses the credential's shared
			// Pacer (docs/pacing.md), which would keep the next mode from sending at all.
			sharedPacers.clear();
			api.reset(scenario.reply(target));
			const since = mark();
			const result = await runNode({
				type: target.type,
				parameters: { resource: 'customer', ...(scenario.bad ? target.bad : target.parameters), options: (scenario.options ?? {}) as never },
				credentials: credentialsFor(target, scenario.closed ? closedUrl : apiUrl),
				items: [{ n: 1 }, { n: 2 }],
				onError: mode,
			});
			const texts = seen(result, since);

			// The run did what the scenario says: the secrets went out (so an echo really held them), or nothing was sent.
			if (scenario.sends) expect(api.received.some(carriesMarker)).toBe(true);
			else expect(api.received).toHaveLength(0);
			if (scenario.name.startsWith('success')) {
				expect(result.error).toBeUndefined();
				expect(result.items).toHaveLength(target.type === 'omnidesk' && target.parameters.operation === 'getAll' ? 4 : 2);
			} else {
				const message = userError(result, mode);
				expect(message).toMatch(/\[item [01]\]$/);
				if (scenario.providerText) expect(message).toContain(scenario.providerText);
			}

			expect(leaks(texts.all)).toEqual([]);
			// An echo in a successful answer reached the output, masked.
			if (scenario.name === 'success whose answer echoes the credential') expect(texts.outputs.join('\n')).toContain('***');
			// The auth headers, as they were sent, appear nowhere; a Basic header only ever as "Basic ***".
			for (const value of sentAuthValues()) for (const text of texts.all) expect(text).not.toContain(value);
			for (const text of texts.all) expect(text).not.toMatch(/Basic (?!\*\*\*)[A-Za-z0-9+/=]{8,}/);
		}
	});
});

describe('the provider’s message survives, its echo of the secrets does not', () => {
	test.each(TARGETS.filter((t) => t.parameters.operation !== 'getAll').map((t) => [t.name, t] as const))(
		'%s: a 401 that echoes the headers reads "Invalid API key" with the secrets masked, in the message and the error body',
		async (_name, target) => {
			api.reset((request) => ({ status: 401, body: ECHO_BODY[target.type](401, request) }));
			const since = mark();
			const result = await runNode({
				type: target.type,
				parameters: { resource: 'customer', ...target.parameters },
				credentials: credentialsFor(target, apiUrl),
			});
			const texts = seen(result, since);
			expect(result.error?.message).toMatch(/^Unauthorized: Invalid API key.*\*\*\*.*\[item 0\]$/);
			expect(result.error?.httpCode).toBe('401');
			// The answer n8n keeps with the error: the provider's text and the echoed header names stay, their values are masked.
			const kept = safeJson((result.error as { errorResponse?: { body?: unknown } }).errorResponse?.body);
			expect(kept).toContain('Invalid API key');
			expect(kept).toMatch(/"(authorization|apikey|appsecret|x-access-token)":"(Basic )?\*\*\*"/);
			expect(leaks(texts.all)).toEqual([]);
		},
	);
});

/**
 * A non-JSON error page is cut to 200 characters for the message. If the page quotes the key
 * near that limit, a cut before masking would leave part of the key, which no longer matches the
 * secret: masking must come before shortening (it does, in apiError).
 */
describe('a long error page quoting the key near the 200-character cut', () => {
	const oneEach = TARGETS.filter((t) => ['BIK Get', 'Rehook Create (appId/appSecret)', 'Omnidesk Get', 'Hyfin Get'].includes(t.name));

	test.each(oneEach.map((t) => [t.name, t] as const))('%s: the message holds no part of the key', async (_name, target) => {
		api.reset((request) => {
			const key = firstSecret(request);
			const lead = 'Invalid API key. The key you sent was refused. ';
			// The key starts 25 characters before the cut at 197: its first 25 characters stay, the rest becomes "...".
			return { status: 401, body: `<html><body><p>${lead}${'.'.repeat(197 - 25 - lead.length - 5)} Key ${key} is not valid for this account.</p></body></html>` };
		});
		const since = mark();
		const result = await runNode({
			type: target.type,
			parameters: { resource: 'customer', ...target.parameters },
			credentials: credentialsFor(target, apiUrl),
		});
		const texts = seen(result, since);
		expect(result.error?.message).toContain('Invalid API key');
		const found = texts.all.filter((text) => LEAK_FORMS.some((form) => text.includes(form)));
		figures.markerFound += found.length;
		expect(found).toEqual([]);
	});
});

describe('against the sandbox, with keys it does not accept', () => {
	const sandbox = new Sandbox();
	let sandboxUrl: string;
	beforeAll(async () => {
		sandboxUrl = await sandbox.start();
	});
	afterAll(() => sandbox.stop());

	/** The message a user reads when the simulated provider refuses the key. */
	const REFUSALS: Record<NodeType, string> = {
		bik: 'Unauthorized: User is not authenticated',
		rehook: 'unauthorized (invalid credentials)',
		omnidesk: 'Unauthorized: Invalid API key',
		hyfin: 'Unauthorized: Invalid access token',
	};

	test.each(TARGETS.map((t) => [t.name, t] as const))('%s: a 401 keeps the provider’s words and shows no secret, in n8n or in the sandbox log', async (_name, target) => {
		for (const mode of MODES) {
			sandbox.reset({ faults: true });
			const since = mark();
			const result = await runNode({
				type: target.type,
				parameters: { resource: 'customer', ...target.parameters },
				credentials: { [target.credential]: { ...credentialData(sandboxUrl)[target.credential], ...SECRETS[target.credential] } },
				items: [{ n: 1 }, { n: 2 }],
				onError: mode,
			});
			const texts = seen(result, since);
			expect(sandbox.log.length).toBeGreaterThan(0);
			expect(sandbox.log.every((entry) => entry.outcome === 401)).toBe(true);
			expect(userError(result, mode)).toMatch(/ \[item [01]\]$/);
			expect(userError(result, mode)?.replace(/ \[item [01]\]$/, '')).toBe(REFUSALS[target.type]);
			expect(leaks(texts.all)).toEqual([]);
			// The sandbox's own request log masks every password field of the credential.
			const sandboxLog = sandbox.log.map((entry) => safeJson(entry));
			figures.sandboxLogLinesChecked += sandboxLog.length;
			const inSandboxLog = sandboxLog.filter((line) => PASSWORD_FORMS.some((form) => line.includes(form)));
			figures.markerFound += inSandboxLog.length;
			expect(inSandboxLog).toEqual([]);
		}
	});
});
