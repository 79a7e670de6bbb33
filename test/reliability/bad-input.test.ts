import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { credentialData } from '../../sandbox/credentials';
import { Sandbox, type LoggedRequest } from '../../sandbox/server';
import { runNode, type RunResult } from '../helpers/run-node';
import {
	NODE_TYPES,
	OMNIDESK_SEEDED,
	OPERATION_CASES,
	autoMapCases,
	autoMapItem,
	getPath,
	labelParts,
	operationsInCode,
	panelNames,
	recordBadInputFigures,
	sentValue,
	twoItems,
	type BadCase,
	type GoodCase,
	type NodeName,
	type OperationCases,
} from '../helpers/bad-input-cases';

/**
 * Bad input never reaches a provider. Every operation of the four nodes runs against the sandbox
 * with two items, item 0 valid and item 1 bad: item 1 must come out as an error item that names
 * the item and the field, and the sandbox must have seen exactly one request, item 0's.
 */

let sandbox: Sandbox;
let url: string;

const figures = {
	badInputsTried: 0,
	badInputsByKind: {} as Record<string, number>,
	badInputsByNode: {} as Record<string, number>,
	stopOnFailRuns: 0,
	wholeNodeOptionRuns: 0,
	requestsSentForBadItems: 0,
	requestsSentForBadItemsByCase: {} as Record<string, number>,
	positiveUnicodeChecks: 0,
	emptyInputRuns: 0,
	operations: new Set<string>(),
};

beforeAll(async () => {
	sandbox = new Sandbox({ seed: 11, omnideskCustomers: OMNIDESK_SEEDED });
	url = await sandbox.start();
});

afterAll(async () => {
	await sandbox.stop();
	await recordBadInputFigures({
		badInputsTried: figures.badInputsTried,
		badInputsByKind: figures.badInputsByKind,
		badInputsByNode: figures.badInputsByNode,
		stopOnFailRuns: figures.stopOnFailRuns,
		wholeNodeOptionRuns: figures.wholeNodeOptionRuns,
		operationsCovered: figures.operations.size,
		requestsSentForBadItems: figures.requestsSentForBadItems,
		requestsSentForBadItemsByCase: figures.requestsSentForBadItemsByCase,
		positiveUnicodeChecks: figures.positiveUnicodeChecks,
		emptyInputRuns: figures.emptyInputRuns,
		badInputUpdatedAt: new Date().toISOString(),
	});
});

interface Run {
	result: RunResult;
	/** What the sandbox received during the run (set-up requests excluded). */
	sent: LoggedRequest[];
}

/** Runs one operation with two items built from `values` (see twoItems), against a fresh sandbox. */
async function run(op: OperationCases, values: Record<string, unknown>, withParameters?: IDataObject, onError?: 'continueRegularOutput'): Promise<Run> {
	sandbox.reset({ faults: true });
	await op.setup?.(url);
	const before = sandbox.log.length;
	const { parameters, items } = twoItems({ ...op.parameters, ...withParameters }, values);
	const result = await runNode({
		type: op.node,
		parameters: { resource: 'customer', operation: op.operation, ...parameters } as never,
		credentials: credentialData(url),
		items,
		onError,
	});
	figures.operations.add(`${op.node}.${op.operation}`);
	return { result, sent: sandbox.log.slice(before) };
}

/** Counts a bad case that ran, and the requests it let through beyond `expected`. */
function count(op: OperationCases, c: BadCase, sent: number, expected: number): void {
	figures.badInputsTried++;
	figures.badInputsByKind[c.kind] = (figures.badInputsByKind[c.kind] ?? 0) + 1;
	figures.badInputsByNode[op.node] = (figures.badInputsByNode[op.node] ?? 0) + 1;
	if (sent > expected) {
		figures.requestsSentForBadItems += sent - expected;
		const key = `${op.node} ${op.operation}: ${c.name}`;
		figures.requestsSentForBadItemsByCase[key] = (figures.requestsSentForBadItemsByCase[key] ?? 0) + sent - expected;
	}
}

const pairedTo = (item: INodeExecutionData) => (item.pairedItem as { item: number }).item;
const outputOf = (result: RunResult, index: number) => result.items.filter((item) => pairedTo(item) === index);
const is2xx = (entry: LoggedRequest) => typeof entry.outcome === 'number' && entry.outcome >= 200 && entry.outcome < 300;

function expectProblem(message: unknown, problem: string | RegExp): void {
	if (typeof problem === 'string') expect(message).toEqual(expect.stringContaining(problem));
	else expect(message).toMatch(problem);
}

const badRows = OPERATION_CASES.flatMap((op) => op.bad.map((c) => ({ title: `${op.node} ${op.operation} · ${c.name}`, op, c })));

/** The check every bad case gets, with Continue On Fail. */
async function expectRefusedBeforeSending(op: OperationCases, c: BadCase): Promise<void> {
	expectOnlyItemOneRefused(op, c, await run(op, c.bad, c.with, 'continueRegularOutput'));
}

/** Item 1 (the bad one) is an error item naming the field and the item; only item 0 was sent. */
function expectOnlyItemOneRefused(op: OperationCases, c: BadCase, { result, sent }: Run): void {
	count(op, c, sent.length, op.requests ?? 1);
	expect(result.error).toBeUndefined();

	// Item 1: one error item, naming the field as the panel shows it, and the item.
	const failed = outputOf(result, 1);
	expect(failed).toHaveLength(1);
	const { error, details } = failed[0].json as { error?: string; details?: IDataObject };
	expect(error).toEqual(expect.stringContaining(`Invalid "${c.label}": `));
	expect(error).toMatch(/ \[item 1\]$/);
	expectProblem(error, c.problem);
	expect(details?.description).toEqual(expect.any(String));

	// Item 0 went through as usual: its output, and its request(s), answered with success.
	const done = outputOf(result, 0);
	expect(done.length).toBeGreaterThan(0);
	expect(done.map((item) => item.json.error)).toEqual(done.map(() => undefined));
	expect(sent).toHaveLength(op.requests ?? 1);
	expect(sent.every(is2xx)).toBe(true);
}

describe('every bad input is refused before sending, naming the item and the field (Continue On Fail)', () => {
	test.each(badRows)('$title', async ({ op, c }) => {
		await expectRefusedBeforeSending(op, c);
	});

});

/**
 * Input Mode › Map Automatically: the bad value is a column of input item 1 (item 0 is the valid
 * item); the panel holds no expression at all. The same check as above: item 1 fails naming the
 * field and the item, and only item 0's request is sent.
 */
describe('Map Automatically: every bad input item is refused before sending, naming the item and the field', () => {
	const rows = OPERATION_CASES.flatMap((op) => autoMapCases(op).map((c) => ({ title: `${op.node} ${op.operation} · ${c.name}`, op, c })));

	async function runAutoMap(op: OperationCases, c: BadCase, onError?: 'continueRegularOutput'): Promise<Run> {
		sandbox.reset({ faults: true });
		await op.setup?.(url);
		const before = sandbox.log.length;
		const item = op.autoMap!.item;
		const result = await runNode({
			type: op.node,
			// The Define Below parameters stay in the panel, as after a switch of mode: they must not be read.
			parameters: { resource: 'customer', operation: op.operation, ...op.parameters, inputMode: 'autoMap' } as never,
			credentials: credentialData(url),
			items: [item, autoMapItem(item, c.bad)],
			onError,
		});
		figures.operations.add(`${op.node}.${op.operation}`);
		return { result, sent: sandbox.log.slice(before) };
	}

	test.each(rows)('$title', async ({ op, c }) => {
		expectOnlyItemOneRefused(op, c, await runAutoMap(op, c, 'continueRegularOutput'));
	});

	test.each(OPERATION_CASES.filter((op) => op.autoMap).map((op) => ({ title: `${op.node} ${op.operation}`, op })))(
		'$title: without Continue On Fail an unknown column fails the node and nothing is sent',
		async ({ op }) => {
			const c = autoMapCases(op).at(-1)!;
			const { result, sent } = await runAutoMap(op, c);
			count(op, c, sent.length, 0);
			figures.stopOnFailRuns++;
			expect(result.error?.message).toBe(`Invalid "Input Mode": ${c.problem} [item 1]`);
			expect(sent).toEqual([]);
		},
	);
});

describe('without Continue On Fail, one bad item fails the node and nothing at all is sent', () => {
	const rows = OPERATION_CASES.map((op) => {
		const c = op.bad[0];
		return { title: `${op.node} ${op.operation} · ${c.name}`, op, c };
	});

	test.each(rows)('$title', async ({ op, c }) => {
		const { result, sent } = await run(op, c.bad, c.with);
		count(op, c, sent.length, 0);
		figures.stopOnFailRuns++;
		expect(result.error?.message).toEqual(expect.stringContaining(`Invalid "${c.label}": `));
		expect(result.error?.message).toMatch(/ \[item 1\]$/);
		expect(result.items).toEqual([]);
		// Not even the valid item 0: every item is checked before the first request.
		expect(sent).toEqual([]);
	});
});

describe('node-wide Options are read from item 0; bad ones fail the whole node before any request', () => {
	const optionCases = [
		{ options: { concurrency: 0 }, label: 'Options › Concurrency', problem: 'must be a whole number of at least 1' },
		{ options: { concurrency: 2.5 }, label: 'Options › Concurrency', problem: 'must be a whole number of at least 1' },
		{ options: { concurrency: 'many' }, label: 'Options › Concurrency', problem: 'must be a whole number of at least 1' },
		{ options: { maxRetries: -1 }, label: 'Options › Max Retries', problem: 'must be a whole number of at least 0' },
		{ options: { maxRetries: '={{ {"a": 1} }}' }, label: 'Options › Max Retries', problem: 'must be a whole number of at least 0' },
		{ options: { maxWait: 'soon' }, label: 'Options › Max Wait (Seconds)', problem: 'must be a number of at least 0' },
		{ options: { timeout: 0 }, label: 'Options › Timeout (Seconds)', problem: 'must be a number of at least 0.001' },
	];
	const first = (node: NodeName) => OPERATION_CASES.find((op) => op.node === node)!;
	const rows = (['bik', 'omnidesk', 'rehook', 'hyfin'] as NodeName[]).flatMap((node) =>
		optionCases.map((option) => ({ title: `${node} · ${JSON.stringify(option.options)}`, op: first(node), ...option })),
	);

	test.each(rows)('$title', async ({ op, options, label, problem }) => {
		const { result, sent } = await run(op, {}, { options });
		figures.wholeNodeOptionRuns++;
		count(op, { kind: 'type', name: label, bad: {}, label, problem }, sent.length, 0);
		expect(result.error?.message).toEqual(expect.stringContaining(`Invalid "${label}": ${problem}`));
		expect(result.error?.message).toMatch(/ \[item 0\]$/);
		expect(result.items).toEqual([]);
		expect(sent).toEqual([]);
	});

	/**
	 * With Continue On Fail, n8n records the node's error and passes the input items through
	 * unchanged (its behaviour for an error thrown by the node as a whole); nothing is sent.
	 */
	test('with Continue On Fail a bad option still sends nothing, and the run records the error', async () => {
		const { result, sent } = await run(first('hyfin'), {}, { options: { concurrency: 0 } }, 'continueRegularOutput');
		expect(sent).toEqual([]);
		expect(result.error?.message).toBe('Invalid "Options › Concurrency": must be a whole number of at least 1 [item 0]');
		expect(result.items.map((item) => [item.json, pairedTo(item)])).toEqual([
			[{}, 0],
			[{}, 1],
		]);
	});
});

describe('unusual but valid input is sent intact (positive controls)', () => {
	const rows = OPERATION_CASES.flatMap((op) => (op.good ?? []).map((g) => ({ title: `${op.node} ${op.operation} · ${g.name}`, op, g })));

	test.each(rows)('$title', async ({ op, g }: { op: OperationCases; g: GoodCase }) => {
		const { result, sent } = await run(op, g.set, g.with, 'continueRegularOutput');
		figures.positiveUnicodeChecks++;
		expect(result.error).toBeUndefined();
		expect(sent).toHaveLength(2 * (op.requests ?? 1));
		expect(outputOf(result, 0).map((item) => item.json.error)).toEqual(outputOf(result, 0).map(() => undefined));
		const second = outputOf(result, 1);
		expect(second.length).toBeGreaterThan(0);
		if (g.refused) {
			expect(second[0].json.error).toEqual(expect.stringContaining(g.refused));
			expect(second[0].json.error).not.toContain('Invalid "');
		} else {
			expect(second.map((item) => item.json.error)).toEqual(second.map(() => undefined));
		}
		if (g.check === 'output') expect(second.map((item) => getPath(item.json, g.field))).toContain(g.value);
		else expect(sent.map((entry) => sentValue(entry, g.check as 'body' | 'query', g.field))).toContain(g.value);
	});
});

describe('empty input', () => {
	test.each(OPERATION_CASES.map((op) => ({ title: `${op.node} ${op.operation}`, op })))(
		'$title: no items in, no items out, no request, no error',
		async ({ op }) => {
			sandbox.reset({ faults: true });
			const result = await runNode({
				type: op.node,
				parameters: { resource: 'customer', operation: op.operation, ...op.parameters } as never,
				credentials: credentialData(url),
				items: [],
			});
			figures.emptyInputRuns++;
			expect(result.error).toBeUndefined();
			expect(result.items).toEqual([]);
			expect(sandbox.log).toEqual([]);
		},
	);

	test.each(Object.keys(NODE_TYPES) as NodeName[])('%s: execute() with zero items returns one empty output without reading anything else', async (node) => {
		const asked: string[] = [];
		const context = {
			getInputData: () => [],
			getNodeParameter: (name: string) => {
				asked.push(name);
				return name === 'authentication' ? 'basic' : undefined;
			},
		} as unknown as IExecuteFunctions;
		await expect(NODE_TYPES[node].execute!.call(context)).resolves.toEqual([[]]);
		expect(asked.filter((name) => name !== 'authentication')).toEqual([]);
	});
});

describe('the table covers every operation and field kind', () => {
	test('every operation of the four nodes has bad cases (a new operation without cases fails here)', () => {
		const inCode = operationsInCode();
		for (const node of Object.keys(inCode) as NodeName[]) {
			const inTable = OPERATION_CASES.filter((op) => op.node === node).map((op) => op.operation);
			expect(inTable.sort()).toEqual([...inCode[node]].sort());
		}
		expect(Object.values(inCode).flat()).toHaveLength(23);
		// Every operation whose Input Mode offers Map Automatically has a table for it, and only those.
		const withAutoMap = (Object.keys(NODE_TYPES) as NodeName[]).flatMap((node) =>
			NODE_TYPES[node].description.properties
				.filter((property) => property.name === 'inputMode' && (property.options as Array<{ value: unknown }>).some((option) => option.value === 'autoMap'))
				.flatMap((property) => (property.displayOptions?.show?.operation as string[]).map((operation) => `${node}.${operation}`)),
		);
		expect(OPERATION_CASES.filter((op) => op.autoMap).map((op) => `${op.node}.${op.operation}`).sort()).toEqual(withAutoMap.sort());
		expect(withAutoMap).toHaveLength(8);
		for (const op of OPERATION_CASES) {
			const kinds = new Set(op.bad.map((c) => c.kind));
			expect({ operation: `${op.node}.${op.operation}`, type: kinds.has('type'), long: kinds.has('long') }).toEqual({
				operation: `${op.node}.${op.operation}`,
				type: true,
				long: true,
			});
		}
	});

	/**
	 * The parameters of `node` shown for `operation` in node version 1 (the version the table runs),
	 * from the node's own description. Version 2's picker is covered in test/omnidesk-v2.test.ts.
	 */
	function shownFor(node: NodeName, operation: string): INodeProperties[] {
		return NODE_TYPES[node].description.properties.filter((property) => {
			const operations = property.displayOptions?.show?.operation as string[] | undefined;
			const versions = property.displayOptions?.show?.['@version'] as number[] | undefined;
			return operations?.includes(operation) && (versions === undefined || versions.includes(1));
		});
	}

	test('every required field has a "missing" case, and every JSON field a malformed-JSON case', () => {
		const gaps: string[] = [];
		for (const op of OPERATION_CASES) {
			const paths = (kind: string) => new Set(op.bad.filter((c) => c.kind === kind).flatMap((c) => Object.keys(c.bad)));
			for (const property of shownFor(op.node, op.operation)) {
				if (property.required && !paths('missing').has(property.name)) gaps.push(`${op.node}.${op.operation}: ${property.name} (required)`);
				if (property.type === 'json' && !paths('json').has(property.name)) gaps.push(`${op.node}.${op.operation}: ${property.name} (JSON)`);
			}
		}
		expect(gaps).toEqual([]);
	});

	// Every label an error names must be one the user can find in the node's panel.
	const labelRows = [
		...new Map(
			OPERATION_CASES.flatMap((op) =>
				[...op.bad, ...autoMapCases(op)].map((c) => [`${op.node}: ${c.label}`, { title: `${op.node}: "${c.label}"`, node: op.node, label: c.label }]),
			),
		).values(),
	];
	const checkLabel = ({ node, label }: { node: NodeName; label: string }) => {
		const names = panelNames(node);
		// "Address 1" is the first entry of the list the panel calls "Address".
		const unknown = labelParts(label).filter((part) => !names.has(part) && !names.has(part.replace(/ \d+$/, '')));
		expect(unknown).toEqual([]);
	};
	test.each(labelRows)('the panel has $title', checkLabel);
});
