import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INodeType } from 'n8n-workflow';

import { Bik } from '../nodes/Bik/Bik.node';
import { customerOperations as bikOperations } from '../nodes/Bik/customer';
import { Hyfin } from '../nodes/Hyfin/Hyfin.node';
import { customerOperations as hyfinOperations } from '../nodes/Hyfin/customer';
import { Omnidesk } from '../nodes/Omnidesk/Omnidesk.node';
import { customerOperations as omnideskOperations } from '../nodes/Omnidesk/customer';
import { Rehook } from '../nodes/Rehook/Rehook.node';
import { customerOperations as rehookOperations } from '../nodes/Rehook/customer';
import type { Operation } from '../nodes/shared/types';

/**
 * Every operation of every node is used in at least one example workflow (examples/*.json), which
 * the e2e tests run in real n8n: an operation added without an example fails here
 * (docs/adding-an-operation.md, step 6).
 */
const PACKAGE = 'n8n-nodes-customer-sync';
const nodes: Array<[INodeType, Record<string, Operation>]> = [
	[new Bik(), bikOperations],
	[new Hyfin(), hyfinOperations],
	[new Omnidesk(), omnideskOperations],
	[new Rehook(), rehookOperations],
];

/** "<node>.<operation>" of every node of ours in the examples; n8n saves only parameters that differ from their default. */
function usedInExamples(): Set<string> {
	const defaults = Object.fromEntries(
		nodes.map(([node]) => [node.description.name, node.description.properties.find((p) => p.name === 'operation')?.default as string]),
	);
	const folder = join(__dirname, '..', 'examples');
	const used = new Set<string>();
	for (const file of readdirSync(folder).filter((name) => name.endsWith('.json'))) {
		const workflow = JSON.parse(readFileSync(join(folder, file), 'utf8')) as { nodes: Array<{ type: string; parameters?: { operation?: string } }> };
		for (const node of workflow.nodes) {
			if (!node.type.startsWith(`${PACKAGE}.`)) continue;
			// The AI agent's tool form of a node (bikTool) runs the same operations.
			const name = node.type.slice(PACKAGE.length + 1).replace(/Tool$/, '');
			used.add(`${name}.${node.parameters?.operation ?? defaults[name]}`);
		}
	}
	return used;
}

test('every operation of every node appears in at least one example workflow', () => {
	const used = usedInExamples();
	const missing = nodes.flatMap(([node, operations]) =>
		Object.keys(operations)
			.map((operation) => `${node.description.name}.${operation}`)
			.filter((key) => !used.has(key)),
	);
	expect(missing).toEqual([]);
});
