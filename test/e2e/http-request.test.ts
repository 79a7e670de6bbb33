import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { SANDBOX_CREDENTIALS, baseUrls, n8nCredentialsFile } from '../../sandbox/credentials';
import { freePort, importIntoN8n, installN8n, n8nCommand, packPackage, parseRawOutput, prepareN8n, type N8n } from '../../local-n8n/n8n';
import type { OmnideskSim } from '../../sandbox/providers/omnidesk';
import { Sandbox } from '../../sandbox/server';
import { TRIGGER, type Workflow } from '../../sandbox/workflows';

/**
 * Users reuse our credentials in n8n's own HTTP Request node ("Predefined Credential Type"), for
 * calls our nodes do not make. In real n8n, with the package installed as a community package,
 * one HTTP Request node per credential type calls an endpoint of the sandbox that checks the
 * credential: with the sandbox's credentials it gets the authenticated answer, and with a wrong
 * secret the provider's 401. The node's own headers (its Content-Type, a header it sets) arrive
 * beside the credential's.
 */
jest.setTimeout(10 * 60 * 1000);

/** The HTTP Request node version the editor adds today. */
const HTTP_REQUEST_VERSION = 4.5;
const TYPES = ['bikApi', 'rehookApi', 'rehookAppApi', 'omnideskApi', 'hyfinApi'] as const;
type Type = (typeof TYPES)[number];

/** The field of each credential that a wrong value makes the provider refuse. */
const SECRET: Record<Type, string> = {
	bikApi: 'apiSecret',
	rehookApi: 'secretKey',
	rehookAppApi: 'appSecret',
	omnideskApi: 'apiKey',
	hyfinApi: 'accessToken',
};
/** Imported with the same data as the sandbox's, but for a wrong secret (ids are 16 characters, as n8n's). */
const WRONG: Record<Type, { id: string; name: string }> = {
	bikApi: { id: 'httpWrongBik0001', name: 'Wrong BIK' },
	rehookApi: { id: 'httpWrongRehook1', name: 'Wrong Rehook' },
	rehookAppApi: { id: 'httpWrongRhkApp1', name: 'Wrong Rehook App' },
	omnideskApi: { id: 'httpWrongOmnidk1', name: 'Wrong Omnidesk' },
	hyfinApi: { id: 'httpWrongHyfin01', name: 'Wrong Hyfin' },
};

/** What each node asks: an endpoint that answers only an authenticated caller. */
function call(type: Type, sandboxUrl: string): { method: string; url: string; body?: unknown } {
	const base = baseUrls(sandboxUrl);
	switch (type) {
		case 'bikApi':
			return { method: 'POST', url: `${base.bikApi}/bikPlatformFunctions-customers/get`, body: { partnerCustomerId: 'http-ada' } };
		case 'rehookApi':
			return { method: 'GET', url: `${base.rehookApi}/events/segment/check-auth` };
		case 'rehookAppApi':
			return { method: 'GET', url: `${base.rehookAppApi}/events/segment/check-auth` };
		case 'omnideskApi':
			return { method: 'GET', url: `${base.omnideskApi}/api/v2/customer?itemStart=0&itemLimit=2` };
		case 'hyfinApi':
			return { method: 'GET', url: `${base.hyfinApi}/api/v3.1/site/${SANDBOX_CREDENTIALS.hyfin.siteId}/customer/http-ada` };
	}
}

/** n8n's HTTP Request node with Authentication › Predefined Credential Type set to `type`. */
function httpRequestNode(name: string, type: Type, credential: { id: string; name: string }, sandboxUrl: string, index: number) {
	const { method, url, body } = call(type, sandboxUrl);
	return {
		id: `http-${index}`,
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: HTTP_REQUEST_VERSION,
		position: [300, index * 120],
		parameters: {
			method,
			url,
			authentication: 'predefinedCredentialType',
			nodeCredentialType: type,
			sendHeaders: true,
			headerParameters: { parameters: [{ name: 'X-Request-Node', value: name }] },
			...(body === undefined ? {} : { sendBody: true, specifyBody: 'json', jsonBody: JSON.stringify(body) }),
			// The status and the body as items, a 401 included, so that both outcomes can be read.
			options: { response: { response: { fullResponse: true, neverError: true } } },
		},
		credentials: { [type]: credential },
	};
}

let sandbox: Sandbox;
let sandboxUrl: string;
let n8n: N8n;
let packFolder: string;
let run: ReturnType<typeof parseRawOutput>;

const good = (type: Type) => `${type} (sandbox credential)`;
const wrong = (type: Type) => `${type} (wrong secret)`;

beforeAll(async () => {
	const dir = installN8n();
	sandbox = new Sandbox({ seed: 1 });
	sandboxUrl = await sandbox.start();
	packFolder = mkdtempSync(join(tmpdir(), 'customer-sync-pack-'));
	n8n = prepareN8n(dir, packPackage(packFolder), await freePort(), undefined, await freePort());

	const sandboxCredentials = n8nCredentialsFile(sandboxUrl);
	const credentials = [
		...sandboxCredentials,
		...TYPES.map((type) => {
			const right = sandboxCredentials.find((credential) => credential.type === type)!;
			return { ...WRONG[type], type, data: { ...right.data, [SECRET[type]]: 'wrong-secret' } };
		}),
	];
	const nodes = TYPES.flatMap((type, index) => [
		httpRequestNode(good(type), type, { id: sandboxCredentials[index].id, name: sandboxCredentials[index].name }, sandboxUrl, 2 * index),
		httpRequestNode(wrong(type), type, WRONG[type], sandboxUrl, 2 * index + 1),
	]);
	expect(sandboxCredentials.map((credential) => credential.type)).toEqual([...TYPES]);
	const workflow: Workflow = {
		id: 'httpRequestCreds',
		name: 'Test: HTTP Request with our credentials',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [{ id: 'trigger', name: TRIGGER, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} }, ...nodes],
		connections: { [TRIGGER]: { main: [nodes.map((node) => ({ node: node.name, type: 'main', index: 0 }))] } },
	};
	const folder = join(n8n.userFolder, 'workflows-to-import');
	mkdirSync(folder, { recursive: true });
	writeFileSync(join(folder, `${workflow.id}.json`), JSON.stringify(workflow));
	await importIntoN8n(n8n, credentials, folder);

	// Something for the lookups to find: a BIK and a Hyfin customer, three Omnidesk customers.
	sandbox.reset({ faults: true });
	await seed(`${baseUrls(sandboxUrl).bikApi}/bikPlatformFunctions-customers/createOrUpdate`, {
		headers: { Authorization: basic(SANDBOX_CREDENTIALS.bik.apiKey, SANDBOX_CREDENTIALS.bik.apiSecret) },
		body: { partnerCustomerId: 'http-ada', email: 'ada@example.com', firstName: 'Ada' },
	});
	await seed(`${baseUrls(sandboxUrl).hyfinApi}/api/v3.1/site/${SANDBOX_CREDENTIALS.hyfin.siteId}/customer/addUpdate`, {
		headers: { 'x-access-token': SANDBOX_CREDENTIALS.hyfin.accessToken },
		body: { external_id: 'http-ada', first_name: 'Ada', last_name: 'Lovelace' },
	});
	(sandbox.sims.omnidesk as OmnideskSim).seed(3);
	sandbox.log.length = 0;

	const result = await n8nCommand(n8n, ['execute', `--id=${workflow.id}`, '--rawOutput']);
	try {
		run = parseRawOutput(result.stdout);
	} catch (error) {
		throw new Error(`${(error as Error).message}\nexit ${result.code}\n${result.stderr.slice(-3000)}`);
	}
});

afterAll(async () => {
	await sandbox?.stop();
	if (packFolder) rmSync(packFolder, { recursive: true, force: true });
	if (n8n) rmSync(n8n.userFolder, { recursive: true, force: true });
});

function basic(user: string, password: string): string {
	return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

async function seed(url: string, request: { headers: Record<string, string>; body: unknown }): Promise<void> {
	const response = await fetch(url, {
		method: 'POST',
		headers: { ...request.headers, 'Content-Type': 'application/json' },
		body: JSON.stringify(request.body),
	});
	const text = await response.text();
	if (response.status !== 200 || text.includes('"success":false')) throw new Error(`seeding ${url}: ${response.status} ${text}`);
}

/** The one answer a node got: status and body. */
function answer(name: string): { statusCode: unknown; body: unknown } {
	const node = run.runData[name];
	expect([name, node?.error]).toEqual([name, undefined]);
	expect([name, node.items.length]).toEqual([name, 1]);
	const { statusCode, body } = node.items[0] as { statusCode: unknown; body: unknown };
	return { statusCode, body };
}

/** What the sandbox received from the node (secret headers are masked in its log). */
function received(name: string) {
	const requests = sandbox.log.filter((entry) => entry.headers['x-request-node'] === name);
	expect([name, requests.length]).toEqual([name, 1]);
	return requests[0];
}

/** The authenticated answer of each endpoint, and the credential headers as the sandbox's log shows them. */
const EXPECTED: Record<Type, { body: unknown; headers: Record<string, string> }> = {
	bikApi: {
		body: { status: 200, success: true, data: { customer: expect.objectContaining({ partnerCustomerId: 'http-ada', email: 'ada@example.com' }) } },
		headers: { authorization: 'Basic ***', 'content-type': 'application/json' },
	},
	rehookApi: { body: { authenticated: true }, headers: { authorization: 'Basic ***' } },
	rehookAppApi: { body: { authenticated: true }, headers: { appid: SANDBOX_CREDENTIALS.rehookApp.appId, appsecret: '***' } },
	omnideskApi: { body: expect.objectContaining({ itemStart: 0, itemTotal: 3, items: [expect.anything(), expect.anything()] }), headers: { apikey: '***' } },
	hyfinApi: { body: expect.objectContaining({ external_id: 'http-ada', first_name: 'Ada' }), headers: { 'x-access-token': '***' } },
};

test('the workflow ran every HTTP Request node', () => {
	expect(run.error).toBeUndefined();
	expect(Object.keys(run.runData).sort()).toEqual([TRIGGER, ...TYPES.flatMap((type) => [good(type), wrong(type)])].sort());
});

test.each(TYPES)('%s: the HTTP Request node reaches the sandbox authenticated, with its own headers kept', (type) => {
	expect(answer(good(type))).toEqual({ statusCode: 200, body: EXPECTED[type].body });
	const request = received(good(type));
	expect(request.outcome).toBe(200);
	expect(request.headers).toEqual(expect.objectContaining({ ...EXPECTED[type].headers, 'x-request-node': good(type) }));
});

test.each(TYPES)('%s: with a wrong secret the sandbox answers 401', (type) => {
	const { statusCode, body } = answer(wrong(type));
	expect(statusCode).toBe(401);
	expect(JSON.stringify(body)).toMatch(/not authenticated|invalid|Invalid/);
	const request = received(wrong(type));
	expect(request.outcome).toBe(401);
	// The credential's header was sent, with the wrong value: the refusal is for the secret, not for a missing header.
	expect(Object.keys(request.headers)).toEqual(expect.arrayContaining(Object.keys(EXPECTED[type].headers)));
});
