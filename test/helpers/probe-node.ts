import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { commonOptions } from '../../nodes/shared/fields/options';
import { FieldError } from '../../nodes/shared/fields/params';
import { runOperation } from '../../nodes/shared/run/runner';
import type { Operation, Provider } from '../../nodes/shared/types';

/**
 * A node that exists only in tests: it drives the shared runner and transport with one
 * non-idempotent operation (a plain create) and one idempotent one (an upsert), so the retry
 * policy is tested once for every provider. It uses the BIK credential for its auth.
 */
const probe: Provider = {
	displayName: 'Probe',
	secretFields: ['apiSecret', 'apiKey'],
	errorMessage: (body) => (body as { message?: string } | undefined)?.message,
	statusMeanings: { 400: 'Bad request' },
	isFailure: (body) => (body as { success?: boolean } | undefined)?.success === false,
};

const build = (path: string): Operation['build'] => (params) => {
	const value = params.string('value', 'Value');
	if (value === 'bad') throw new FieldError('Value', 'must not be "bad"');
	return { method: 'POST', path, body: { value } };
};

const operations: Record<string, Operation> = {
	create: { option: { name: 'Create', description: 'A plain create', action: 'Create an item' }, description: [], idempotent: false, build: build('/items') },
	upsert: { option: { name: 'Upsert', description: 'An upsert', action: 'Upsert an item' }, description: [], idempotent: true, build: build('/items/upsert') },
};

export class Probe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Probe',
		name: 'probe',
		group: ['output'],
		version: [1, 2],
		description: 'Test node',
		defaults: { name: 'Probe' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'bikApi', required: true }],
		properties: [
			{ displayName: 'Resource', name: 'resource', type: 'hidden', default: 'item' },
			{ displayName: 'Operation', name: 'operation', type: 'string', default: 'create' },
			{ displayName: 'Value', name: 'value', type: 'string', default: '' },
			...commonOptions(),
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await runOperation(this, probe, { item: operations }, 'bikApi');
	}
}
