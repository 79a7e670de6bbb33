import { Container } from '@n8n/di';
import { ErrorReporter, ExecutionLifecycleHooks, LoadOptionsContext, WorkflowExecute } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	INodeListSearchResult,
	INodeParameters,
	INodeType,
	INodeTypes,
	IRun,
	IRunExecutionData,
	IVersionedNodeType,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { ICredentialsHelper, Workflow, isExpression } from 'n8n-workflow';

import { BikApi } from '../../credentials/BikApi.credentials';
import { HyfinApi } from '../../credentials/HyfinApi.credentials';
import { OmnideskApi } from '../../credentials/OmnideskApi.credentials';
import { RehookApi } from '../../credentials/RehookApi.credentials';
import { RehookAppApi } from '../../credentials/RehookAppApi.credentials';
import { Bik } from '../../nodes/Bik/Bik.node';
import { Hyfin } from '../../nodes/Hyfin/Hyfin.node';
import { Omnidesk } from '../../nodes/Omnidesk/Omnidesk.node';
import { OmnideskTrigger } from '../../nodes/Omnidesk/OmnideskTrigger.node';
import { Rehook } from '../../nodes/Rehook/Rehook.node';
import { Probe } from './probe-node';

export const PACKAGE = 'n8n-nodes-customer-sync';

/**
 * What n8n's error reporter received (in n8n it logs each node error). Captured here instead of
 * printed, so tests can check that no secret reaches the logs.
 */
export const reportedErrors: string[] = [];
Container.get(ErrorReporter).error = (error: unknown) => {
	const e = error as { message?: string; description?: string };
	reportedErrors.push(`${e?.message ?? String(error)} ${e?.description ?? ''}`);
};

const nodeClasses: Record<string, INodeType> = {
	bik: new Bik(),
	omnidesk: new Omnidesk(),
	omnideskTrigger: new OmnideskTrigger(),
	rehook: new Rehook(),
	hyfin: new Hyfin(),
	probe: new Probe(),
};
export const credentialTypes: Record<string, ICredentialType> = Object.fromEntries(
	[new BikApi(), new RehookApi(), new RehookAppApi(), new OmnideskApi(), new HyfinApi()].map((c) => [c.name, c]),
);

export class NodeTypes implements INodeTypes {
	getByName(type: string): INodeType | IVersionedNodeType {
		return this.get(type);
	}

	getByNameAndVersion(type: string): INodeType {
		return this.get(type);
	}

	getKnownTypes() {
		return {};
	}

	private get(type: string): INodeType {
		const node = nodeClasses[type.replace(`${PACKAGE}.`, '')];
		if (!node) throw new Error(`Unknown node type ${type}`);
		return node;
	}
}

/**
 * The credentials helper n8n's CLI uses, reduced to what execution needs: decrypted data from
 * memory, and `authenticate` applied as the CLI's CredentialsHelper.authenticate applies it: a
 * function is called with the data and the request and its answer is what gets sent; a declarative
 * IAuthenticateGeneric has its expressions resolved with $credentials into the request.
 */
export class CredentialsHelper extends ICredentialsHelper {
	constructor(private readonly data: Record<string, ICredentialDataDecryptedObject>) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
		workflow: Workflow,
		node: INode,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = credentialTypes[typeName];
		if (!authenticate) throw new Error(`${typeName} has no authenticate`);
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		if (authenticate.type !== 'generic') throw new Error('generic authenticate expected');
		const resolve = (value: string) =>
			isExpression(value)
				? String(
						workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials } as IDataObject, undefined, '') ?? '',
					)
				: value;
		requestOptions.headers ??= {};
		for (const [outerKey, outer] of Object.entries(authenticate.properties)) {
			const target = ((requestOptions as unknown as IDataObject)[outerKey] ??= {}) as IDataObject;
			for (const [key, value] of Object.entries(outer as IDataObject)) target[resolve(key)] = resolve(value as string);
		}
		return requestOptions;
	}

	async preAuthentication() {
		return undefined;
	}

	async runPreAuthentication() {
		return undefined;
	}

	async getCredentials(): Promise<never> {
		throw new Error('not used');
	}

	async getDecrypted(_additionalData: unknown, _nodeCredentials: unknown, type: string) {
		return this.data[type] ?? {};
	}

	async updateCredentials() {}

	async updateCredentialsOauthTokenData() {}

	getCredentialsProperties() {
		return [];
	}

	isCredentialUsableByNode() {
		return true;
	}
}

export interface RunOptions {
	type: string;
	parameters: INodeParameters;
	credentials: Record<string, ICredentialDataDecryptedObject>;
	items?: IDataObject[];
	onError?: 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';
	/** The node's Settings › Retry On Fail (n8n re-runs the whole node). */
	retry?: Pick<INode, 'retryOnFail' | 'maxTries' | 'waitBetweenTries'>;
	/** The n8n id of the node's credential (its type name unless told). */
	credentialId?: string;
	/** Called once the execution runs, with what a user's Stop does: n8n cancels the execution. */
	onStart?: (cancel: () => void) => void;
	/** The node version the workflow was saved with (1 unless told: every workflow saved before 0.2.0). */
	typeVersion?: number;
}

export interface RunResult {
	/** Output items of the node's first output (the success output). */
	items: INodeExecutionData[];
	/** Items of the error output, when onError is continueErrorOutput. */
	errorItems: INodeExecutionData[];
	/** The error that stopped the node, as n8n recorded it. */
	error?: { message: string; description?: string | null; httpCode?: string | null; context?: IDataObject; name?: string };
	run: IRun;
}

let executions = 0;

/** Runs one node, fed with `items`, through n8n-core's WorkflowExecute. */
export async function runNode(options: RunOptions): Promise<RunResult> {
	const type = `${PACKAGE}.${options.type}`;
	const node: INode = {
		id: 'node-under-test',
		name: 'Under Test',
		type,
		typeVersion: options.typeVersion ?? 1,
		position: [0, 0],
		parameters: options.parameters,
		credentials: Object.fromEntries(Object.keys(options.credentials).map((name) => [name, { id: options.credentialId ?? name, name }])),
		onError: options.onError,
		...options.retry,
	};
	const workflow = new Workflow({
		id: 'test',
		nodes: [node],
		connections: {},
		nodeTypes: new NodeTypes(),
		active: false,
	});
	const hooks = new ExecutionLifecycleHooks('manual', 'test-execution', {
		id: 'test',
		name: 'test',
		nodes: [node],
		connections: {},
		active: false,
		activeVersionId: null,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
	} as never);
	let finished!: (run: IRun) => void;
	const done = new Promise<IRun>((resolve) => (finished = resolve));
	hooks.addHandler('workflowExecuteAfter', (run) => finished(run));
	const additionalData = {
		hooks,
		credentialsHelper: new CredentialsHelper(options.credentials),
		currentNodeParameters: undefined,
		executionTimeoutTimestamp: undefined,
		restartExecutionId: undefined,
		variables: {},
		webhookBaseUrl: 'http://localhost/webhook',
		webhookWaitingBaseUrl: 'http://localhost/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost/webhook-test',
		formWaitingBaseUrl: 'http://localhost/form-waiting',
		instanceBaseUrl: 'http://localhost/',
		restApiUrl: 'http://localhost/rest',
		userId: 'user',
		executionId: `test-${++executions}`,
	} as unknown as IWorkflowExecuteAdditionalData;
	const runExecutionData: IRunExecutionData = {
		resultData: { runData: {} },
		executionData: {
			contextData: {},
			metadata: {},
			waitingExecution: {},
			waitingExecutionSource: null,
			nodeExecutionStack: [
				{
					node,
					data: { main: [(options.items ?? [{}]).map((json) => ({ json }))] },
					source: null,
				},
			],
		},
	} as unknown as IRunExecutionData;
	const running = new WorkflowExecute(additionalData, 'manual', runExecutionData).processRunExecutionData(workflow);
	options.onStart?.(() => running.cancel());
	// A cancelled execution never settles `running`; n8n reports it through workflowExecuteAfter.
	const run = await Promise.race([done, running.then(async () => await done)]);
	const task = run.data.resultData.runData[node.name]?.[0];
	const main = task?.data?.main ?? [];
	return {
		items: main[0] ?? [],
		errorItems: main[1] ?? [],
		error: (task?.error ?? run.data.resultData.error) as RunResult['error'],
		run,
	};
}

/**
 * What the editor does for a resource locator's From List: n8n-core's LoadOptionsContext for the
 * node as configured, and the node's `methods.listSearch[method]` called with the typed filter and
 * the pagination token of the page before.
 */
export async function listSearch(
	options: Pick<RunOptions, 'type' | 'parameters' | 'credentials' | 'typeVersion'>,
	method: string,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const node: INode = {
		id: 'node-under-test',
		name: 'Under Test',
		type: `${PACKAGE}.${options.type}`,
		typeVersion: options.typeVersion ?? 1,
		position: [0, 0],
		parameters: options.parameters,
		credentials: Object.fromEntries(Object.keys(options.credentials).map((name) => [name, { id: name, name }])),
	};
	const workflow = new Workflow({ id: 'test', nodes: [node], connections: {}, nodeTypes: new NodeTypes(), active: false });
	const additionalData = { credentialsHelper: new CredentialsHelper(options.credentials), variables: {}, userId: 'user' } as unknown as IWorkflowExecuteAdditionalData;
	const context = new LoadOptionsContext(workflow, node, additionalData, 'parameters');
	const search = nodeClasses[options.type].methods?.listSearch?.[method];
	if (!search) throw new Error(`${options.type} has no listSearch method ${method}`);
	return await search.call(context, filter, paginationToken);
}
