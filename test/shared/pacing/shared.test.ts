import { PACE_QUIET_MS, gateKey, sharedPacer, sharedPacers } from '../../../nodes/shared/pacing/shared';
import { publicFieldsOf } from '../../../nodes/shared/transport';

/** The key of a credential's shared Pacer, as the transport computes it from the credential. */
const keyOf = (ctx: never, credentialType: string, baseUrl: string, credentials: Record<string, string>, secretFields: string[]) =>
	gateKey(ctx, { credentialType, baseUrl, publicFields: publicFieldsOf(credentials, secretFields) });

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
