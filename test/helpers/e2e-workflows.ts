import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { N8N_CREDENTIALS } from '../../sandbox/credentials';
import { ROOT } from '../../local-n8n/n8n';
import { itemsThen, type Workflow } from '../../sandbox/workflows';

export type { Workflow };

/** The example workflows shipped in examples/, by file name. */
export function examples(): Record<string, Workflow> {
	const folder = join(ROOT, 'examples');
	return Object.fromEntries(
		readdirSync(folder)
			.filter((file) => file.endsWith('.json'))
			.map((file) => [file.replace(/\.json$/, ''), JSON.parse(readFileSync(join(folder, file), 'utf8')) as Workflow]),
	);
}

/** A workflow as users saved it with an earlier release (test/helpers/<name>.json). */
export function savedWorkflow(name: string): Workflow {
	return JSON.parse(readFileSync(join(ROOT, 'test', 'helpers', `${name}.json`), 'utf8')) as Workflow;
}

/**
 * A test workflow: a manual trigger, then items made from a list (Edit Fields + Split Out, n8n's
 * own nodes), then one of our nodes with `parameters`.
 */
export function itemsWorkflow(
	id: string,
	values: unknown[],
	node: { type: string; parameters: Record<string, unknown>; credential: keyof typeof N8N_CREDENTIALS; onError?: string; name?: string },
): Workflow {
	return itemsThen(id, values, {
		name: node.name ?? 'Node Under Test',
		type: `n8n-nodes-customer-sync.${node.type}`,
		typeVersion: 1,
		parameters: node.parameters,
		credentials: { [node.credential]: N8N_CREDENTIALS[node.credential] },
		...(node.onError ? { onError: node.onError } : {}),
	});
}
