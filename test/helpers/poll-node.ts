import { PollContext } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { OmnideskTrigger } from '../../nodes/Omnidesk/OmnideskTrigger.node';
import { CredentialsHelper, NodeTypes, PACKAGE } from './run-node';

/**
 * A polling trigger as n8n's main process drives it: one Workflow object that lives from one poll
 * to the next (its static data in memory), each poll through n8n-core's own PollContext. `restart()`
 * is n8n starting again: a new Workflow whose static data is what was saved (a JSON copy).
 */
export class PolledTrigger {
	readonly node: INode;
	private workflow: Workflow;
	private readonly additionalData: IWorkflowExecuteAdditionalData;
	private readonly trigger = new OmnideskTrigger();

	constructor(
		parameters: INodeParameters,
		credentials: Record<string, ICredentialDataDecryptedObject>,
		/** n8n's time for one poll (getPollBudgetMs); PollContext's own default when undefined. */
		private readonly budgetMs?: number,
	) {
		this.node = {
			id: 'trigger-under-test',
			name: 'Omnidesk Trigger',
			type: `${PACKAGE}.omnideskTrigger`,
			typeVersion: 1,
			position: [0, 0],
			parameters,
			credentials: Object.fromEntries(Object.keys(credentials).map((name) => [name, { id: name, name }])),
		};
		this.additionalData = {
			credentialsHelper: new CredentialsHelper(credentials),
			variables: {},
			restApiUrl: 'http://localhost/rest',
			instanceBaseUrl: 'http://localhost/',
			webhookBaseUrl: 'http://localhost/webhook',
			webhookWaitingBaseUrl: 'http://localhost/webhook-waiting',
			webhookTestBaseUrl: 'http://localhost/webhook-test',
			formWaitingBaseUrl: 'http://localhost/form-waiting',
			userId: 'user',
		} as unknown as IWorkflowExecuteAdditionalData;
		this.workflow = this.newWorkflow({});
	}

	private newWorkflow(staticData: IDataObject): Workflow {
		return new Workflow({ id: 'poll-test', nodes: [this.node], connections: {}, nodeTypes: new NodeTypes(), active: true, staticData });
	}

	/** One poll: what poll() returned (null: nothing to emit). */
	async poll(mode: WorkflowExecuteMode = 'trigger'): Promise<INodeExecutionData[][] | null> {
		const budget = this.budgetMs;
		const context = new PollContext(
			this.workflow,
			this.node,
			this.additionalData,
			mode,
			mode === 'manual' ? 'manual' : 'activate',
			() => {},
			() => {},
			undefined,
			undefined,
			undefined,
			budget === undefined ? undefined : () => budget,
		);
		return await this.trigger.poll.call(context);
	}

	/** The JSON of the emitted items of one poll ([] when it emitted nothing). */
	async pollJson(mode: WorkflowExecuteMode = 'trigger'): Promise<IDataObject[]> {
		return ((await this.poll(mode))?.[0] ?? []).map((item) => item.json);
	}

	/** The node's static data as n8n would save it. */
	saved(): IDataObject {
		return JSON.parse(JSON.stringify(this.workflow.staticData[`node:${this.node.name}`] ?? {}));
	}

	/** Whether n8n would save the workflow's static data now (something was assigned since the last save). */
	get changed(): boolean {
		return this.workflow.staticData.__dataChanged === true;
	}

	/** n8n saved the static data (it clears the flag). */
	markSaved(): void {
		this.workflow.staticData.__dataChanged = false;
	}

	/** n8n restarts: the workflow comes back with the static data it had saved. */
	restart(): void {
		const saved = JSON.parse(JSON.stringify(this.workflow.staticData)) as IDataObject;
		delete saved.__dataChanged;
		this.workflow = this.newWorkflow(saved);
	}

	/** Static data replaced, as by an older save. */
	setSaved(data: IDataObject): void {
		this.workflow = this.newWorkflow({ [`node:${this.node.name}`]: data });
	}
}
