import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { QUIET_MS, gateKey, setPaceSharing, sharedGateCount, sharedPacer } from '../nodes/shared/pacing/shared';
import { SANDBOX_CREDENTIALS, baseUrls } from '../sandbox/credentials';
import { ROOT } from '../local-n8n/n8n';
import { Sandbox } from '../sandbox/server';
import { runNode } from './helpers/run-node';

/**
 * Executions in one n8n process that use the same credential share what a 429 taught about the
 * provider's limit. 40 one-item executions at once against a sandbox allowing 10 requests/s,
 * through n8n-core's WorkflowExecute in this process: every item lands, with far fewer 429s than
 * when each execution paces itself alone.
 */
jest.setTimeout(10 * 60 * 1000);

const sandbox = new Sandbox({ seed: 1 });
let url: string;
beforeAll(async () => {
	url = await sandbox.start();
});
afterAll(async () => sandbox.stop());

async function fortyExecutions(label: string) {
	sandbox.reset({ faults: true });
	sandbox.faults.set({ rateLimit: 10 }, 'bik');
	const started = Date.now();
	const runs = await Promise.all(
		Array.from({ length: 40 }, (_, i) =>
			runNode({
				type: 'bik',
				parameters: { resource: 'customer', operation: 'createOrUpdate', email: `${label}${i}@example.com`, options: { maxRetries: 10 } },
				credentials: { bikApi: { ...SANDBOX_CREDENTIALS.bik, baseUrl: baseUrls(url).bikApi } },
			}),
		),
	);
	const bik = sandbox.log.filter((entry) => entry.provider === 'bik');
	const first = Math.min(...bik.map((entry) => Date.parse(entry.at)));
	return {
		/** 429s after the first second: the first burst is refused either way, as nothing is known yet. */
		answered429AfterFirstSecond: bik.filter((entry) => entry.outcome === 429 && Date.parse(entry.at) >= first + 1000).length,
		lost: runs.filter((run) => run.error || run.items.length !== 1).length,
		customers: sandbox.sims.bik.state().customers,
		requests: bik.length,
		answered429: bik.filter((entry) => entry.outcome === 429).length,
		seconds: Math.round((Date.now() - started) / 100) / 10,
	};
}

test('40 concurrent one-item executions against 10 requests/s: none lost, far fewer 429s when the pace is shared', async () => {
	setPaceSharing(false);
	const alone = await fortyExecutions('alone');
	setPaceSharing(true);
	const shared = await fortyExecutions('shared');
	mkdirSync(join(ROOT, 'test-artifacts'), { recursive: true });
	writeFileSync(join(ROOT, 'test-artifacts', 'shared-pace.json'), `${JSON.stringify({ executions: 40, rateLimit: 10, alone, shared }, null, 2)}\n`);
	for (const result of [alone, shared]) expect(result).toMatchObject({ lost: 0, customers: 40 });
	// Alone, all 40 start at once and 30 are refused, then each retries into the limit again. Shared,
	// the adaptive window holds them to a few in flight and the pace keeps them under the limit.
	expect(shared.answered429).toBeLessThan(alone.answered429 / 4);
	expect(shared.answered429AfterFirstSecond).toBeLessThanOrEqual(3);
	expect(alone.answered429AfterFirstSecond).toBeGreaterThanOrEqual(10);
});

describe('the key and the quiet period', () => {
	const ctx = (id?: string) => ({ getNode: () => ({ credentials: id ? { bikApi: { id, name: 'BIK' } } : {} }) }) as never;

	test('same credential, same gate; another credential, base URL or type, another gate', () => {
		const key = gateKey(ctx('1'), 'bikApi', 'https://a', { apiKey: 'k', apiSecret: 's' }, ['apiKey', 'apiSecret']);
		expect(sharedPacer(key, 64)).toBe(sharedPacer(key, 64));
		// Another Max Concurrency (the window's ceiling): another Pacer.
		expect(sharedPacer(key, 8)).not.toBe(sharedPacer(key, 64));
		expect(sharedPacer(gateKey(ctx('2'), 'bikApi', 'https://a', {}, []), 64)).not.toBe(sharedPacer(key, 64));
		expect(sharedPacer(gateKey(ctx('1'), 'bikApi', 'https://b', {}, []), 64)).not.toBe(sharedPacer(key, 64));
		expect(gateKey(ctx('1'), 'hyfinApi', 'https://a', {}, [])).not.toBe(key);
	});

	test('the key never holds a secret; without an id it hashes the non-secret fields', () => {
		const credentials = { apiKey: 'key-marker-1234', apiSecret: 'secret-marker-5678', siteId: 'site-9' };
		for (const key of [gateKey(ctx('1'), 'bikApi', 'https://a', credentials, ['apiKey', 'apiSecret']), gateKey(ctx(), 'bikApi', 'https://a', credentials, ['apiKey', 'apiSecret'])]) {
			expect(key).not.toContain('marker');
			expect(key).not.toContain('site-9');
		}
		const other = gateKey(ctx(), 'bikApi', 'https://a', { ...credentials, siteId: 'site-8' }, ['apiKey', 'apiSecret']);
		expect(other).not.toBe(gateKey(ctx(), 'bikApi', 'https://a', credentials, ['apiKey', 'apiSecret']));
	});

	test('a gate unused for the quiet period is forgotten the next time a run starts', () => {
		let now = 1_000_000;
		const clock = () => now;
		const gate = sharedPacer('quiet', 64, clock);
		now += QUIET_MS - 1;
		expect(sharedPacer('quiet', 64, clock)).toBe(gate);
		now += QUIET_MS + 1;
		expect(sharedPacer('other', 64, clock)).not.toBe(gate);
		expect(sharedGateCount()).toBe(1);
		expect(sharedPacer('quiet', 64, clock)).not.toBe(gate);
	});
});
