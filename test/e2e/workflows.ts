import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { N8N_CREDENTIALS } from '../../sandbox/credentials';
import { ROOT } from '../../sandbox/n8n';

export type Workflow = {
	id: string;
	name: string;
	nodes: Array<Record<string, any>>;
	connections: Record<string, unknown>;
	[key: string]: unknown;
};

/** The example workflows shipped in examples/, by file name. */
export function examples(): Record<string, Workflow> {
	const folder = join(ROOT, 'examples');
	return Object.fromEntries(
		readdirSync(folder)
			.filter((file) => file.endsWith('.json'))
			.map((file) => [file.replace(/\.json$/, ''), JSON.parse(readFileSync(join(folder, file), 'utf8')) as Workflow]),
	);
}

const TRIGGER = 'When clicking ‘Execute workflow’';

/**
 * A test workflow: a manual trigger, then items made from a list (Edit Fields + Split Out, n8n's
 * own nodes), then one of our nodes with `parameters`.
 */
export function itemsWorkflow(
	id: string,
	values: unknown[],
	node: { type: string; parameters: Record<string, unknown>; credential: keyof typeof N8N_CREDENTIALS; onError?: string; name?: string },
): Workflow {
	const name = node.name ?? 'Node Under Test';
	return {
		id,
		name: `Test: ${id}`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{ id: `${id}-1`, name: TRIGGER, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: `${id}-2`,
				name: 'Values',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [220, 0],
				parameters: { mode: 'raw', jsonOutput: JSON.stringify({ value: values }), options: {} },
			},
			{
				id: `${id}-3`,
				name: 'One Item Each',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [440, 0],
				parameters: { fieldToSplitOut: 'value', options: {} },
			},
			{
				id: `${id}-4`,
				name,
				type: `n8n-nodes-customer-sync.${node.type}`,
				typeVersion: 1,
				position: [660, 0],
				parameters: node.parameters,
				credentials: { [node.credential]: N8N_CREDENTIALS[node.credential] },
				...(node.onError ? { onError: node.onError } : {}),
			},
		],
		connections: {
			[TRIGGER]: { main: [[{ node: 'Values', type: 'main', index: 0 }]] },
			Values: { main: [[{ node: 'One Item Each', type: 'main', index: 0 }]] },
			'One Item Each': { main: [[{ node: name, type: 'main', index: 0 }]] },
		},
	};
}
