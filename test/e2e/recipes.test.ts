import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { n8nCredentialsFile, SANDBOX_CREDENTIALS } from '../../sandbox/credentials';
import { freePort, importIntoN8n, installN8n, n8nCommand, packPackage, parseRawOutput, prepareN8n, setupOwner, startN8n, type N8n } from '../../local-n8n/n8n';
import type { RehookSim } from '../../sandbox/providers/rehook';
import { Sandbox } from '../../sandbox/server';
import { startScriptedModel, type ChatRequest, type ScriptedModel } from '../helpers/chat-model';
import { examples, type Workflow } from '../helpers/e2e-workflows';

/**
 * The recipe templates of examples/ (recipe-*.json), imported as they are, run in real n8n against
 * the sandbox: with `n8n execute` (each has a manual trigger beside its Schedule Trigger, Webhook or
 * Chat Trigger), then the signup webhook and the schedule in a running n8n. The AI agent's model is
 * a scripted chat-completions server.
 */
jest.setTimeout(30 * 60 * 1000);

/** The sandbox address the templates hold (`npm start`'s default); the test's sandbox listens elsewhere. */
const TEMPLATE_SANDBOX = 'http://127.0.0.1:4010';
const OPENAI = { id: 'openAiApiCred001', name: 'OpenAI' };

let n8n: N8n;
let sandbox: Sandbox;
let model: ScriptedModel;
let recipes: Record<string, Workflow>;

/** What the scripted model does: call BIK's tool with these arguments, then answer with what the tool returned. */
const AGENT_ARGUMENTS = { email: 'ada@example.com', phone: '', firstName: 'Ada', lastName: 'Lovelace', tags: 'vip' };
function agentScript(request: ChatRequest, index: number) {
	if (index === 0) return { toolCalls: [{ name: 'Create_or_Update_Customer_in_BIK', arguments: AGENT_ARGUMENTS }] };
	const result = request.body.messages.find((message) => message.role === 'tool');
	const customer = (JSON.parse(String(result?.content ?? '[]')) as Array<{ id?: number }>)[0];
	return { content: `Added Ada Lovelace to BIK as customer ${customer?.id} with the tag vip.` };
}

/** A copy of a template with other IDs, for a variant the test needs. */
function variant(workflow: Workflow, id: string, change: (nodes: Record<string, Record<string, any>>) => void): Workflow {
	const copy = JSON.parse(JSON.stringify(workflow)) as Workflow;
	copy.id = id;
	copy.name = `Test: ${id}`;
	change(Object.fromEntries(copy.nodes.map((node) => [node.name as string, node])));
	return copy;
}

/** Every template's sandbox address changed to this sandbox's, as `npm start` does for its own. */
function pointedAt(workflow: Workflow, url: string): Workflow {
	return JSON.parse(JSON.stringify(workflow).split(TEMPLATE_SANDBOX).join(url)) as Workflow;
}

let tests: Record<string, Workflow>;

beforeAll(async () => {
	const dir = installN8n();
	sandbox = new Sandbox({ seed: 1 });
	const sandboxUrl = await sandbox.start();
	model = await startScriptedModel(agentScript);
	recipes = Object.fromEntries(
		Object.entries(examples())
			.filter(([file]) => file.startsWith('recipe-'))
			.map(([file, workflow]) => [file, pointedAt(workflow, sandboxUrl)]),
	);
	tests = {
		// The comparison must fail when a system stores something else than was written.
		differs: variant(recipes['recipe-integration-test'], 'testIntegrationDiff', (nodes) => {
			nodes['BIK: Create or Update'].parameters.additionalFields.lastName = 'King';
		}),
		// The sync as the schedule runs it, every 2 seconds, with static data of its own.
		schedule: variant(recipes['recipe-scheduled-sync'], 'testScheduledSync', (nodes) => {
			nodes['Every 15 Minutes'].parameters.rule = { interval: [{ field: 'seconds', secondsInterval: 2 }] };
		}),
	};
	n8n = prepareN8n(dir, packPackage(), await freePort(), undefined, await freePort());
	const folder = join(n8n.userFolder, 'workflows-to-import');
	mkdirSync(folder, { recursive: true });
	for (const workflow of [...Object.values(recipes), ...Object.values(tests)]) writeFileSync(join(folder, `${workflow.id}.json`), JSON.stringify(workflow));
	await importIntoN8n(n8n, [...n8nCredentialsFile(sandboxUrl), { ...OPENAI, type: 'openAiApi', data: { apiKey: 'sk-scripted', url: model.baseUrl } }], folder);
});

afterAll(async () => {
	await sandbox?.stop();
	await model?.stop();
});

async function execute(id: string) {
	const result = await n8nCommand(n8n, ['execute', `--id=${id}`, '--rawOutput']);
	try {
		return { ...parseRawOutput(result.stdout), code: result.code };
	} catch (error) {
		throw new Error(`${(error as Error).message}\nexit ${result.code}\n${result.stderr.slice(-3000)}`);
	}
}

/** The writes the sandbox received for a provider: its create/update calls, with their bodies. */
const writes = (provider: 'bik' | 'rehook' | 'hyfin' | 'omnidesk') =>
	sandbox.log.filter((entry) => entry.provider === provider && entry.method !== 'GET' && !/\/get$|Search/.test(entry.path));
/** The customer ID each write carried. */
const writtenIds = (provider: 'bik' | 'rehook' | 'hyfin') =>
	writes(provider)
		.filter((entry) => entry.outcome === 200)
		.map((entry) => {
			const body = entry.body as Record<string, string>;
			return body.partnerCustomerId ?? body.source_id ?? body.external_id;
		})
		.sort();

/** Changes an Omnidesk customer through the sandbox's Omnidesk API, as an agent in the helpdesk would. */
async function editInOmnidesk(id: number, fields: Record<string, string>) {
	const response = await fetch(`${sandbox.url}/omnidesk/api/v2/customer/${id}`, {
		method: 'PUT',
		headers: { apikey: SANDBOX_CREDENTIALS.omnidesk.apiKey, 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams(fields).toString(),
	});
	expect(response.status).toBeLessThan(300);
}

describe('Scheduled sync (n8n execute)', () => {
	beforeAll(() => {
		sandbox.reset({ faults: true });
		(sandbox.sims.omnidesk as unknown as { seed(count: number): void }).seed(5);
	});
	beforeEach(() => {
		sandbox.log.length = 0;
	});
	const ALL = ['ext-1', 'ext-2', 'ext-3', 'ext-4', 'ext-5'];

	test('the first run sends every customer to BIK, Rehook and Hyfin, once', async () => {
		const run = await execute('recipeScheduledSync');
		expect(run.error).toBeUndefined();
		for (const provider of ['bik', 'rehook', 'hyfin'] as const) expect(writtenIds(provider)).toEqual(ALL);
		expect(sandbox.sims.bik.state()).toEqual({ customers: 5 });
		expect(sandbox.sims.rehook.state()).toMatchObject({ customers: 5 });
		expect(sandbox.sims.hyfin.state()).toEqual({ customers: 5 });
		// The mapping: Omnidesk's record, as each system's fields.
		expect(writes('bik')[0].body).toEqual({ email: 'customer1@example.com', phoneNumber: '+31600000001', firstName: 'Anna', lastName: 'de Vries', partnerCustomerId: 'ext-1' });
		expect(writes('rehook')[0].body).toEqual({
			source_id: 'ext-1',
			referral_code: '',
			metadata: { Name: 'Anna de Vries', Email: 'customer1@example.com', Phone: '+31600000001' },
		});
		expect(writes('hyfin')[0].body).toMatchObject({ external_id: 'ext-1', first_name: 'Anna', last_name: 'de Vries', email: 'customer1@example.com', mobile_phone: '+31600000001' });
	});

	test('the second run sends nothing: nobody changed', async () => {
		const run = await execute('recipeScheduledSync');
		expect(run.error).toBeUndefined();
		expect(run.runData['Omnidesk: Get Many Customers'].items).toHaveLength(5);
		expect(run.runData['Only New or Changed'].items).toEqual([]);
		for (const provider of ['bik', 'rehook', 'hyfin'] as const) expect(writes(provider)).toEqual([]);
	});

	test('after an edit in Omnidesk, only that customer is sent', async () => {
		await editInOmnidesk(3, { firstname: 'Charlotte' });
		sandbox.log.length = 0;
		const run = await execute('recipeScheduledSync');
		expect(run.error).toBeUndefined();
		for (const provider of ['bik', 'rehook', 'hyfin'] as const) expect(writtenIds(provider)).toEqual(['ext-3']);
		expect(writes('hyfin')[0].body).toMatchObject({ external_id: 'ext-3', first_name: 'Charlotte' });
		expect(sandbox.sims.hyfin.state()).toEqual({ customers: 5 });
	});

	test('a failed write goes to the error branch, which lists who and why; the next run retries only that customer', async () => {
		await editInOmnidesk(4, { lastname: 'Jansen' });
		sandbox.faults.set({ fail500: 1 }, 'hyfin');
		sandbox.log.length = 0;
		const failed = await execute('recipeScheduledSync');
		expect(writtenIds('bik')).toEqual(['ext-4']);
		expect(writtenIds('rehook')).toEqual(['ext-4']);
		expect(failed.runData['Failed Customers'].items).toEqual([
			{
				failed: 1,
				customers: [{ provider: 'Hyfin', customerId: 'ext-4', email: 'customer4@example.com', error: expect.stringContaining('Hyfin server error') }],
			},
		]);
		expect(failed.error?.message).toMatch(/^1 write\(s\) failed: ext-4 to Hyfin: Hyfin server error/);

		sandbox.faults.clear();
		sandbox.log.length = 0;
		const retried = await execute('recipeScheduledSync');
		expect(retried.error).toBeUndefined();
		for (const provider of ['bik', 'rehook', 'hyfin'] as const) expect(writtenIds(provider)).toEqual(['ext-4']);
		expect(writes('hyfin')[0].body).toMatchObject({ external_id: 'ext-4', last_name: 'Jansen' });
	});
});

describe('Signup fan-out (n8n execute, from Sample Signup)', () => {
	beforeAll(() => sandbox.reset({ faults: true }));

	test('writes the customer to all four systems, once each, and says per system what happened', async () => {
		const run = await execute('recipeSignupFanOut');
		expect(run.error).toBeUndefined();
		expect(run.runData.Summary.items).toEqual([
			{
				providers: [
					{ provider: 'BIK', status: 'created or updated', detail: expect.stringMatching(/^BIK customer \d+$/) },
					{ provider: 'Rehook', status: 'created', detail: 'Customer Created' },
					{ provider: 'Omnidesk', status: 'created', detail: 'User created and channel linked.' },
					{ provider: 'Hyfin', status: 'added', detail: expect.stringMatching(/^Hyfin customer [0-9a-f]{24}$/) },
				],
			},
		]);
		expect(writtenIds('bik')).toEqual(['signup-ada']);
		expect(writtenIds('rehook')).toEqual(['signup-ada']);
		expect(writtenIds('hyfin')).toEqual(['signup-ada']);
		expect(writes('omnidesk').map((entry) => [entry.path, (entry.body as Record<string, string>).primary_id, entry.outcome])).toEqual([
			['/api/v2/customer', 'signup-ada', 200],
		]);
	});

	test('one system failing does not stop the others', async () => {
		sandbox.log.length = 0;
		// Omnidesk's Create is never retried after a 5xx (it could create the customer twice): it fails at once.
		sandbox.faults.set({ fail500: 1 }, 'omnidesk');
		const run = await execute('recipeSignupFanOut');
		sandbox.faults.clear();
		expect(run.error).toBeUndefined();
		const providers = (run.runData.Summary.items[0].providers as Array<{ provider: string; status: string; detail: string }>).map((p) => [p.provider, p.status]);
		expect(providers).toEqual([
			['BIK', 'created or updated'],
			['Rehook', 'updated'],
			['Omnidesk', 'failed'],
			['Hyfin', 'updated'],
		]);
		expect(run.runData['Omnidesk Result'].items[0].detail).toMatch(/^Omnidesk server error/);
		expect(writtenIds('bik')).toEqual(['signup-ada']);
		expect(writtenIds('hyfin')).toEqual(['signup-ada']);
	});
});

describe('Integration test templates (n8n execute)', () => {
	beforeEach(() => sandbox.reset({ faults: true }));

	test('writes to each system, reads back, and every field matches', async () => {
		const run = await execute('recipeIntegrationTest');
		expect(run.error).toBeUndefined();
		expect(run.runData.Passed.items).toEqual([{ fieldsMatchIn: ['BIK', 'Rehook', 'Omnidesk', 'Hyfin'] }]);
		const marker = run.runData['Test Customer'].items[0].run;
		expect((sandbox.sims.rehook as RehookSim).customer('n8n-integration-test')?.metadata.Run).toBe(marker);
		for (const provider of ['bik', 'rehook', 'hyfin'] as const) expect(writtenIds(provider)).toEqual(['n8n-integration-test']);
		expect(sandbox.sims.omnidesk.state()).toMatchObject({ customers: 1, duplicateCreates: 0 });

		// A second run finds the Omnidesk customer of the first, deletes it, and passes again.
		const again = await execute('recipeIntegrationTest');
		expect(again.error).toBeUndefined();
		expect(again.runData['Omnidesk: Delete Leftover'].items).toEqual([{ deleted: true, customerId: expect.any(Number) }]);
		expect(sandbox.sims.omnidesk.state()).toMatchObject({ customers: 1, duplicateCreates: 0 });
	});

	test('a field that differs stops the run with an error naming the system and the field', async () => {
		const run = await execute('testIntegrationDiff');
		expect(run.error?.message).toBe('BIK: field "lastName" differs, wrote "Lovelace", read back "King"');
		expect(run.runData.Passed.items).toEqual([{ fieldsMatchIn: ['Rehook', 'Omnidesk', 'Hyfin'] }]);
	});

	test('under rate limits and dropped connections the run still ends with every record correct, once', async () => {
		const run = await execute('recipeFaultTest');
		expect(run.error).toBeUndefined();
		expect(run.runData.Passed.items).toEqual([{ fieldsMatchIn: ['BIK', 'Rehook', 'Omnidesk', 'Hyfin'] }]);
		const faults = sandbox.log.map((entry) => entry.fault).filter(Boolean);
		expect(faults).toContain('rate-limit');
		expect(faults.some((fault) => fault === 'drop' || fault === 'dropAfter')).toBe(true);
		expect(sandbox.sims.bik.state()).toEqual({ customers: 1 });
		expect(sandbox.sims.rehook.state()).toMatchObject({ customers: 1 });
		expect(sandbox.sims.hyfin.state()).toEqual({ customers: 1 });
		expect(sandbox.sims.omnidesk.state()).toMatchObject({ customers: 1, duplicateCreates: 0 });
		// The template turned the faults off again at the end.
		expect(sandbox.faults.for('bik')).toMatchObject({ rateLimit: 0, drop: 0, dropAfter: 0 });
	});
});

describe('AI agent (n8n execute, OpenAI Chat Model pointed at a scripted model)', () => {
	let run: Awaited<ReturnType<typeof execute>>;
	beforeAll(async () => {
		sandbox.reset({ faults: true });
		model.requests.length = 0;
		run = await execute('recipeAiAgent');
	});

	test('the tool call reaches the sandbox with the model’s arguments, and the answer carries the result', async () => {
		expect(run.error).toBeUndefined();
		expect(model.requests).toHaveLength(2);
		expect(writes('bik').map((entry) => entry.body)).toEqual([{ email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace', tags: ['vip'] }]);
		// The model was sent the user's request and, in the second call, BIK's answer; the agent's output carries it.
		expect(model.requests[0].body.messages.at(-1)).toEqual({ role: 'user', content: 'Add Ada Lovelace, ada@example.com, to BIK and tag her vip' });
		const toolMessage = model.requests[1].body.messages.find((message) => message.role === 'tool');
		const [customer] = JSON.parse(String(toolMessage?.content)) as Array<{ id: number }>;
		expect(customer).toEqual(expect.objectContaining({ id: expect.any(Number), email: 'ada@example.com', firstName: 'Ada', tags: ['vip'] }));
		expect(run.runData['AI Agent'].items).toEqual([{ output: `Added Ada Lovelace to BIK as customer ${customer.id} with the tag vip.` }]);
	});

	test('the schema n8n gives the model: every tool and argument is described, with its format', () => {
		const tools = Object.fromEntries((model.requests[0].body.tools ?? []).map((tool) => [tool.function.name, tool.function]));
		expect(Object.keys(tools).sort()).toEqual([
			'Create_or_Update_Customer_in_BIK',
			'Create_or_Update_Customer_in_Hyfin',
			'Create_or_Update_Customer_in_Rehook',
			'Find_Customer_in_Omnidesk',
			'Get_Customer_from_BIK',
		]);
		for (const tool of Object.values(tools)) {
			expect(tool.description?.length).toBeGreaterThan(60);
			const properties = tool.parameters.properties ?? {};
			expect(Object.keys(properties).length).toBeGreaterThan(0);
			expect(tool.parameters.required?.sort()).toEqual(Object.keys(properties).sort());
			for (const [name, property] of Object.entries(properties)) {
				expect([name, property.type]).toEqual([name, 'string']);
				expect([name, (property.description ?? '').length > 20]).toEqual([name, true]);
			}
		}
		const bik = tools.Create_or_Update_Customer_in_BIK;
		expect(Object.keys(bik.parameters.properties ?? {})).toEqual(['email', 'phone', 'firstName', 'lastName', 'tags']);
		expect(bik.parameters.properties?.phone.description).toMatch(/international format.*\+447700900123/);
		expect(bik.parameters.properties?.tags.description).toMatch(/comma-separated/);
		expect(bik.description).toMatch(/same email or phone number/);
	});
});

describe('in a running n8n: the signup webhook and the schedule', () => {
	let server: Awaited<ReturnType<typeof startN8n>>;
	let cookie = '';

	beforeAll(async () => {
		sandbox.reset({ faults: true });
		(sandbox.sims.omnidesk as unknown as { seed(count: number): void }).seed(3);
		for (const id of ['recipeSignupFanOut', tests.schedule.id]) {
			const published = await n8nCommand(n8n, ['publish:workflow', `--id=${id}`]);
			expect(published.code).toBe(0);
		}
		server = await startN8n(n8n);
		cookie = await setupOwner(server.url);
	});
	afterAll(async () => server?.stop());

	test('a POST to the webhook writes the customer everywhere and answers per system', async () => {
		const post = () =>
			fetch(`${server.url}/webhook/customer-signup`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ id: 'signup-grace', firstName: 'Grace', lastName: 'Hopper', email: 'grace@example.com', phone: '+12025550143' }),
			});
		// n8n answers its readiness check before it has registered the published workflows' webhooks.
		let response = await post();
		for (let wait = 0; response.status === 404 && wait < 60; wait++) {
			await new Promise((resolve) => setTimeout(resolve, 1000));
			response = await post();
		}
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({
			customerId: 'signup-grace',
			allSucceeded: true,
			providers: [
				{ provider: 'BIK', status: 'created or updated', detail: expect.any(String) },
				{ provider: 'Rehook', status: 'created', detail: 'Customer Created' },
				{ provider: 'Omnidesk', status: 'created', detail: 'User created and channel linked.' },
				{ provider: 'Hyfin', status: 'added', detail: expect.any(String) },
			],
		});
		expect(writtenIds('rehook').filter((id) => id === 'signup-grace')).toHaveLength(1);
		expect(writtenIds('hyfin').filter((id) => id === 'signup-grace')).toHaveLength(1);
	});

	test('the schedule runs the sync on its own; later runs send nothing more (static data kept between trigger runs)', async () => {
		const executions = async () => {
			const filter = encodeURIComponent(JSON.stringify({ workflowId: tests.schedule.id }));
			const response = await fetch(`${server.url}/rest/executions?filter=${filter}`, { headers: { cookie } });
			return ((await response.json()) as { data: { results: Array<{ status: string; mode: string }> } }).data.results;
		};
		const deadline = Date.now() + 120_000;
		while ((await executions()).filter((e) => e.status === 'success').length < 3) {
			if (Date.now() > deadline) throw new Error(`fewer than 3 scheduled runs in 120 s: ${JSON.stringify(await executions())}`);
			await new Promise((resolve) => setTimeout(resolve, 1000));
		}
		const done = (await executions()).filter((e) => e.status === 'success');
		expect(done.every((e) => e.mode === 'trigger')).toBe(true);
		for (const provider of ['bik', 'rehook', 'hyfin'] as const) {
			expect(writtenIds(provider).filter((id) => id.startsWith('ext-'))).toEqual(['ext-1', 'ext-2', 'ext-3']);
		}
	});
});
