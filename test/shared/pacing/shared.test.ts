import type { IExecuteFunctions } from 'n8n-workflow';

import { readSettings } from '../../../nodes/shared/fields/options';
import { Params } from '../../../nodes/shared/fields/params';
import { PACE_QUIET_MS, gateKey, sharedPacer, sharedPacers } from '../../../nodes/shared/pacing/shared';
import { openConnection, publicFieldsOf } from '../../../nodes/shared/transport';
import { secretValues } from '../../../nodes/shared/transport/secrets';
import type { Provider } from '../../../nodes/shared/types';

/** The key of a credential's shared Pacer, as the transport computes it from the credential. */
const keyOf = (ctx: never, credentialType: string, baseUrl: string, credentials: Record<string, string>, secretFields: string[]) =>
	gateKey(ctx, { credentialType, baseUrl, publicFields: publicFieldsOf(credentials, secretFields), secrets: secretValues(credentials, secretFields) });

describe('the key and the quiet period', () => {
	const ctx = (id?: string) => ({ getNode: () => ({ credentials: id ? { bikApi: { id, name: 'BIK' } } : {} }) }) as never;

	test('same credential, same gate; another credential, base URL or type, another gate', () => {
		const key = keyOf(ctx('1'), 'bikApi', 'https://a', { apiKey: 'k', apiSecret: 's' }, ['apiKey', 'apiSecret']);
		expect(sharedPacer(key, 64)).toBe(sharedPacer(key, 64));
		// Another Max Concurrency (the window's ceiling): another Pacer.
		expect(sharedPacer(key, 8)).not.toBe(sharedPacer(key, 64));
		expect(sharedPacer(keyOf(ctx('2'), 'bikApi', 'https://a', {}, []), 64)).not.toBe(sharedPacer(key, 64));
		expect(sharedPacer(keyOf(ctx('1'), 'bikApi', 'https://b', {}, []), 64)).not.toBe(sharedPacer(key, 64));
		expect(keyOf(ctx('1'), 'hyfinApi', 'https://a', {}, [])).not.toBe(key);
	});

	test('the key never holds a secret; without an id it hashes the non-secret fields', () => {
		const credentials = { apiKey: 'key-marker-1234', apiSecret: 'secret-marker-5678', siteId: 'site-9' };
		for (const key of [keyOf(ctx('1'), 'bikApi', 'https://a', credentials, ['apiKey', 'apiSecret']), keyOf(ctx(), 'bikApi', 'https://a', credentials, ['apiKey', 'apiSecret'])]) {
			expect(key).not.toContain('marker');
			expect(key).not.toContain('site-9');
		}
		const other = keyOf(ctx(), 'bikApi', 'https://a', { ...credentials, siteId: 'site-8' }, ['apiKey', 'apiSecret']);
		expect(other).not.toBe(keyOf(ctx(), 'bikApi', 'https://a', credentials, ['apiKey', 'apiSecret']));
	});

	test('a gate unused for the quiet period is forgotten the next time a run starts', () => {
		let now = 1_000_000;
		const clock = () => now;
		const gate = sharedPacer('quiet', 64, clock);
		now += PACE_QUIET_MS - 1;
		expect(sharedPacer('quiet', 64, clock)).toBe(gate);
		now += PACE_QUIET_MS + 1;
		expect(sharedPacer('other', 64, clock)).not.toBe(gate);
		expect(sharedPacers.size).toBe(1);
		expect(sharedPacer('quiet', 64, clock)).not.toBe(gate);
	});
});

/**
 * Two accounts at the same Base URL, in credentials n8n gave no id (a credential passed in by an
 * API call, a test): their keys differ, so they do not share one pace (issue 20, item 12). The key
 * holds a one-way hash of the secret, never the secret.
 */
describe('accounts without a credential id', () => {
	const provider: Provider = { displayName: 'BIK', secretFields: ['apiKey', 'apiSecret'], errorMessage: () => undefined, statusMeanings: {} };
	const settings = readSettings(Params.of({}));
	const ctx = (credentials: Record<string, string>, id?: string) =>
		({
			getCredentials: async () => credentials,
			getNode: () => ({ credentials: id ? { bikApi: { id, name: 'BIK' } } : {} }),
		}) as unknown as IExecuteFunctions;
	const account = (key: string) => ({ apiKey: key, apiSecret: `${key}-secret`, baseUrl: 'https://api.example.com' });

	test('two accounts with the same Base URL get a Pacer each; the same account gets the same one', async () => {
		const first = await openConnection(ctx(account('account-one-1234')), provider, 'bikApi', settings);
		const second = await openConnection(ctx(account('account-two-5678')), provider, 'bikApi', settings);
		const again = await openConnection(ctx(account('account-one-1234')), provider, 'bikApi', settings);
		expect(second.pacer).not.toBe(first.pacer);
		expect(again.pacer).toBe(first.pacer);
	});

	test('a credential whose key was rotated (same n8n id) starts with a Pacer of its own', async () => {
		const before = await openConnection(ctx(account('old-key-1234'), 'credential-1'), provider, 'bikApi', settings);
		const after = await openConnection(ctx(account('new-key-5678'), 'credential-1'), provider, 'bikApi', settings);
		expect(after.pacer).not.toBe(before.pacer);
	});

	test('the key holds no secret, in any form', () => {
		const credentials = account('secret-marker-1234');
		const secrets = secretValues(credentials, provider.secretFields);
		const key = gateKey(ctx(credentials), { credentialType: 'bikApi', baseUrl: credentials.baseUrl, publicFields: { baseUrl: credentials.baseUrl }, secrets });
		for (const secret of secrets) expect(key).not.toContain(secret);
		expect(key).not.toContain('marker');
	});
});
