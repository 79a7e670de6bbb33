/** An n8n workflow as `n8n import:workflow` takes it. */
export type Workflow = {
	id: string;
	name: string;
	nodes: Array<Record<string, any>>;
	connections: Record<string, unknown>;
	[key: string]: unknown;
};

export const TRIGGER = 'When clicking ‘Execute workflow’';

/**
 * A workflow that turns a list into one item per value with n8n's own nodes (a manual trigger,
 * Edit Fields, Split Out; each item is `{value}`), then runs `node` on those items. `node` needs
 * `name`, `type`, `typeVersion` and `parameters`; id and position are filled in.
 */
export function itemsThen(id: string, values: unknown[], node: Record<string, unknown> & { name: string }): Workflow {
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
			{ id: `${id}-4`, position: [660, 0], ...node },
		],
		connections: {
			[TRIGGER]: { main: [[{ node: 'Values', type: 'main', index: 0 }]] },
			Values: { main: [[{ node: 'One Item Each', type: 'main', index: 0 }]] },
			'One Item Each': { main: [[{ node: node.name, type: 'main', index: 0 }]] },
		},
	};
}

/**
 * A workflow started by this package's Omnidesk Trigger (Poll Time once a year, so that n8n polls it
 * only when it activates the workflow: at start-up, or when a test deactivates and activates it), then
 * `node` (id and position filled in). The credential is the sandbox's, by the name `npm start` gives it.
 */
export function omnideskTriggerThen(
	id: string,
	trigger: { event: string; credential: { id: string; name: string } },
	node: Record<string, unknown> & { name: string },
): Workflow {
	return {
		id,
		name: `Test: ${id}`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: `${id}-trigger`,
				name: 'Omnidesk Trigger',
				type: 'n8n-nodes-customer-sync.omnideskTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: { pollTimes: { item: [{ mode: 'custom', cronExpression: '0 0 0 1 1 *' }] }, event: trigger.event, options: {} },
				credentials: { omnideskApi: trigger.credential },
			},
			{ id: `${id}-next`, position: [220, 0], ...node },
		],
		connections: { 'Omnidesk Trigger': { main: [[{ node: node.name, type: 'main', index: 0 }]] } },
	};
}
