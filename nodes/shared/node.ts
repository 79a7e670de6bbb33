import { NodeConnectionTypes, type INodeTypeDescription } from 'n8n-workflow';

/**
 * The description fields every node of this package has alike. n8n's linters need the rest
 * written in each node class itself (icon, subtitle, usableAsTool, credentials, …), so only these
 * are shared.
 *
 * Node versions: a workflow keeps the typeVersion it was saved with, so a parameter whose name or
 * meaning changes is shown and read by version (`displayOptions.show['@version']`, and
 * `ctx.getNode().typeVersion` at run time). Version 1 is every workflow saved before 0.2.0;
 * version 2 is what a new node gets.
 */
export const CUSTOMER_NODE = {
	group: ['output'],
	version: [1, 2],
	defaultVersion: 2,
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
} satisfies Partial<INodeTypeDescription>;
