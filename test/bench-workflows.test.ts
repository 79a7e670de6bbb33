import { fixedConcurrency, ourUpserts } from '../bench/workflows';
import { readSettings } from '../nodes/shared/fields/options';
import { Params } from '../nodes/shared/fields/params';

/**
 * The benchmark's "fixed concurrency N" contenders ran adaptive from the day the benchmark moved to
 * version 2 of the node until 2026-12-07: they set version 1's Options › Concurrency, which version 2
 * does not read. Each contender must be what its label says, in the node version it runs.
 */
test.each([1, 5, 10, 40, 128])('the benchmark\'s "fixed concurrency %i" runs exactly that many in flight', (requests) => {
	const node = ourUpserts('benchFixedCheck1', 1, fixedConcurrency(requests)).nodes.find((n) => n.type === 'n8n-nodes-customer-sync.bik')!;
	const settings = readSettings(Params.of(node.parameters as never), node.typeVersion as number);
	expect(settings.concurrency).toBe(requests);
});

test('its default contender is adaptive', () => {
	const node = ourUpserts('benchDefaultChk1', 1, {}).nodes.find((n) => n.type === 'n8n-nodes-customer-sync.bik')!;
	expect(readSettings(Params.of(node.parameters as never), node.typeVersion as number).concurrency).toBeUndefined();
});
