import { N8N_CREDENTIALS, credentialData } from '../../sandbox/credentials';
import type { Sandbox } from '../../sandbox/server';
import type { ProviderName } from '../../sandbox/types';
import { freePort } from '../../local-n8n/n8n';

/**
 * Every credential type's test, run by real n8n the way the editor's Test button runs it
 * (`POST /rest/credentials/test`, n8n's CredentialsTester), against the sandbox: the right values
 * pass; a wrong secret, a server error, an unreachable host and a refusal answered with HTTP 200
 * fail, each with a message that says what to check; no test writes anything.
 *
 * Defined inside a suite that has started n8n and logged in as the owner, so every credential
 * test shares that one n8n (test/e2e/n8n.test.ts, "the n8n server").
 */
export interface RunningN8n {
	url: string;
	cookie: string;
	sandbox: Sandbox;
	sandboxUrl: string;
}

type CredentialType = keyof typeof N8N_CREDENTIALS;

const PROVIDER: Record<CredentialType, ProviderName> = {
	bikApi: 'bik',
	rehookApi: 'rehook',
	rehookAppApi: 'rehook',
	omnideskApi: 'omnidesk',
	hyfinApi: 'hyfin',
};

/** The request each test sends, as the sandbox received it. */
const PROBE: Record<CredentialType, [string, string]> = {
	bikApi: ['POST', '/integrations/bikPlatformFunctions-customers/get'],
	rehookApi: ['GET', '/events/segment/check-auth'],
	rehookAppApi: ['GET', '/events/segment/check-auth'],
	omnideskApi: ['GET', '/api/v2/customer'],
	hyfinApi: ['GET', '/api/v3.1/site/sandbox-site/customer/n8n-credential-test'],
};

/** The secret field to get wrong, and the start of the message a user then reads. */
const WRONG: Record<CredentialType, [string, RegExp]> = {
	bikApi: ['apiSecret', /^BIK did not accept the API key and API secret: "User is not authenticated" \(401\)\. Copy both again from your application in BIK's developer portal\.$/],
	rehookApi: ['secretKey', /^Rehook did not accept the API key and secret key \(401 unauthorized\)\. Copy both again from the Rehook admin panel › Settings\.$/],
	rehookAppApi: ['appSecret', /^Rehook did not accept the App ID and App Secret \(401 unauthorized\)/],
	omnideskApi: ['apiKey', /^Omnidesk did not accept the API key \(401 unauthorized\)/],
	hyfinApi: ['accessToken', /^Hyfin did not accept the access token \(401 unauthorized\)/],
};

/** What a user reads when the provider answers 500. */
const SERVER_ERROR: Record<CredentialType, RegExp> = {
	bikApi: /^BIK had a problem with its server \(500\): try again later$/,
	rehookApi: /^Internal Server Error$/,
	rehookAppApi: /^Internal Server Error$/,
	omnideskApi: /^Internal Server Error$/,
	hyfinApi: /^Internal Server Error$/,
};

const TYPES = Object.keys(N8N_CREDENTIALS) as CredentialType[];

export function credentialTestsInN8n(running: () => RunningN8n): void {
	describe('credential tests, as the editor’s Test button runs them', () => {
		/** n8n's answer to the editor's Test button for a credential of `type` holding `data`. */
		async function testInN8n(type: CredentialType, data: Record<string, unknown>) {
			const { url, cookie } = running();
			// The editor sends the stored credential's id with the data as the form holds it.
			const response = await fetch(`${url}/rest/credentials/test`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', cookie },
				body: JSON.stringify({ credentials: { id: N8N_CREDENTIALS[type].id, name: N8N_CREDENTIALS[type].name, type, data } }),
			});
			expect(response.status).toBe(200);
			return ((await response.json()) as { data: { status: string; message: string } }).data;
		}
		const right = (type: CredentialType) => credentialData(running().sandboxUrl)[type] as Record<string, unknown>;
		const received = (type: CredentialType) => running().sandbox.log.filter((entry) => entry.provider === PROVIDER[type]);

		beforeEach(() => running().sandbox.reset({ faults: true }));

		test.each(TYPES)('%s: the right values pass, with one request that writes nothing', async (type) => {
			const { sandbox } = running();
			const before = JSON.stringify(Object.fromEntries(Object.entries(sandbox.sims).map(([name, sim]) => [name, sim.state()])));
			expect(await testInN8n(type, right(type))).toEqual({ status: 'OK', message: 'Connection successful!' });
			expect(received(type).map((entry) => [entry.method, entry.path, entry.outcome])).toEqual([[...PROBE[type], expect.any(Number)]]);
			expect(JSON.stringify(Object.fromEntries(Object.entries(sandbox.sims).map(([name, sim]) => [name, sim.state()])))).toBe(before);
		});

		test.each(TYPES)('%s: a wrong secret fails with what the provider said', async (type) => {
			const [field, message] = WRONG[type];
			const result = await testInN8n(type, { ...right(type), [field]: 'not-the-secret' });
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(message);
			// n8n's request helper sends a request once more after a 401 (to refresh a credential that can be
			// refreshed; ours cannot), unless the test ignores status errors as BIK's does.
			const outcomes = received(type).map((entry) => entry.outcome);
			expect(outcomes.length).toBeGreaterThan(0);
			expect(outcomes.every((outcome) => outcome === 401)).toBe(true);
		});

		test.each(TYPES)('%s: a server error (500) fails', async (type) => {
			running().sandbox.faults.set({ fail500: 1 }, PROVIDER[type]);
			const result = await testInN8n(type, right(type));
			expect([result.status, result.message]).toEqual(['Error', expect.stringMatching(SERVER_ERROR[type])]);
			expect(received(type).map((entry) => [entry.outcome, entry.fault])).toEqual([[500, 'fail500']]);
		});

		test.each(TYPES)('%s: an unreachable host fails', async (type) => {
			const result = await testInN8n(type, { ...right(type), baseUrl: `http://127.0.0.1:${await freePort()}` });
			expect(result).toEqual({ status: 'Error', message: 'ECONNREFUSED' });
		});

		test('Omnidesk: its refusal answered with HTTP 200 ({"status": "error"}) fails', async () => {
			running().sandbox.faults.set({ error200: 1 }, 'omnidesk');
			const result = await testInN8n('omnideskApi', right('omnideskApi'));
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(/^Omnidesk refused the request \(status "error"\): check that the API key exists and has the CUSTOMER_READ permission$/);
			expect(received('omnideskApi').map((entry) => [entry.outcome, entry.fault])).toEqual([[200, 'error200']]);
		});

		test('BIK: an error answered with HTTP 200 fails by the status in its body; the lookup BIK answers 406 passes', async () => {
			running().sandbox.faults.set({ error200: 1 }, 'bik');
			expect(await testInN8n('bikApi', right('bikApi'))).toEqual({ status: 'Error', message: 'BIK had a problem with its server (500): try again later' });
			running().sandbox.faults.clear();
			expect((await testInN8n('bikApi', right('bikApi'))).status).toBe('OK');
			expect(received('bikApi').map((entry) => entry.outcome)).toEqual([200, 406]);
		});

		test('a Base URL that is not the provider’s API fails (BIK, Omnidesk and Hyfin answered by the wrong sandbox path)', async () => {
			// The sandbox's root answers 404 with a body of its own: not BIK's, Omnidesk's or Hyfin's.
			const elsewhere = `${running().sandboxUrl}/nothing`;
			expect((await testInN8n('bikApi', { ...right('bikApi'), baseUrl: elsewhere })).message).toMatch(/^The Base URL did not answer as BIK's integrations API/);
			expect((await testInN8n('omnideskApi', { ...right('omnideskApi'), baseUrl: elsewhere })).message).toMatch(/^No Omnidesk API at this Base URL \(404\)/);
			expect((await testInN8n('hyfinApi', { ...right('hyfinApi'), baseUrl: elsewhere })).message).toMatch(/^The Base URL did not answer as Hyfin's API/);
		});
	});
}
