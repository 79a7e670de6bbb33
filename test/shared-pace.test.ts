import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

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

/** Forty executions at once; `alone`: each with a credential of its own, so no two share a pace. */
async function fortyExecutions(label: string, alone = false) {
	sandbox.reset({ faults: true });
	sandbox.faults.set({ rateLimit: 10 }, 'bik');
	const started = Date.now();
	const runs = await Promise.all(
		Array.from({ length: 40 }, (_, i) =>
			runNode({
				type: 'bik',
				parameters: { resource: 'customer', operation: 'createOrUpdate', email: `${label}${i}@example.com`, options: { maxRetries: 10 } },
				credentials: { bikApi: { ...SANDBOX_CREDENTIALS.bik, baseUrl: baseUrls(url).bikApi } },
				credentialId: alone ? `credential-${i}` : 'bik',
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
	const alone = await fortyExecutions('alone', true);
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
