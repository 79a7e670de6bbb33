import { NodeConnectionTypes, type INodeTypeDescription } from 'n8n-workflow';

/**
 * The description fields every node of this package has alike. n8n's linters need the rest
 * written in each node class itself (icon, subtitle, usableAsTool, credentials, …), so only these
 * are shared.
 */
export const CUSTOMER_NODE = {
	group: ['output'],
	version: 1,
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
} satisfies Partial<INodeTypeDescription>;
