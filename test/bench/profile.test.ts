import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { summariseProfile } from '../../bench/profile';

/** Where the benchmark's CPU profile puts each sample: one part per sample, whatever asked for it. */

const NM = 'file:///n8n/node_modules';
const frames: Record<string, { functionName: string; url: string }> = {
	root: { functionName: '(root)', url: '' },
	idle: { functionName: '(idle)', url: '' },
	gc: { functionName: '(garbage collector)', url: '' },
	engine: { functionName: 'runNode', url: `${NM}/n8n-core/dist/execution-engine/workflow-execute.js` },
	ours: { functionName: 'runOperation', url: `${NM}/n8n-nodes-customer-sync/dist/nodes/shared/run/runner.js` },
	builtin: { functionName: 'stringify', url: '' },
	params: { functionName: '_getNodeParameter', url: `${NM}/n8n-core/dist/execution-engine/node-execution-context/node-execution-context.js` },
	expression: { functionName: 'resolveSimpleParameterValue', url: `${NM}/n8n-workflow/dist/cjs/expression.js` },
	proxy: { functionName: 'getDataProxy', url: `${NM}/n8n-workflow/dist/cjs/workflow-data-proxy.js` },
	http: { functionName: 'dispatchHttpRequest', url: `${NM}/axios/dist/node/axios.cjs` },
	socket: { functionName: 'onStreamRead', url: 'node:internal/stream_base_commons' },
	credential: { functionName: 'authenticate', url: `${NM}/n8n/dist/credentials-helper.js` },
	ourAuth: { functionName: 'authenticate', url: `${NM}/n8n-nodes-customer-sync/dist/credentials/BikApi.credentials.js` },
	loader: { functionName: 'compile', url: 'node:internal/modules/cjs/loader' },
};

/** A profile from stacks (root first) and the microseconds spent at each stack's top. */
function profileOf(stacks: Array<[string[], number]>): string {
	const nodes: Array<{ id: number; callFrame: object; children: number[] }> = [];
	const ids = new Map<string, number>();
	const idOf = (path: string[]): number => {
		const key = path.join('>');
		if (ids.has(key)) return ids.get(key)!;
		const id = nodes.length + 1;
		nodes.push({ id, callFrame: { ...frames[path[path.length - 1]], lineNumber: 0 }, children: [] });
		ids.set(key, id);
		if (path.length > 1) nodes[idOf(path.slice(0, -1)) - 1].children.push(id);
		return id;
	};
	idOf(['root']);
	const samples = stacks.map(([path]) => idOf(['root', ...path]));
	const folder = mkdtempSync(join(tmpdir(), 'profile-'));
	const file = join(folder, 'run.cpuprofile');
	writeFileSync(file, JSON.stringify({ nodes, samples, timeDeltas: stacks.map(([, us]) => us) }));
	return file;
}

test('each sample goes to the first part its stack matches; the parts and "other" add up to all the CPU', () => {
	const file = profileOf([
		[['idle'], 50_000],
		[['gc'], 1000],
		[['engine', 'ours', 'params', 'expression', 'proxy'], 3000],
		[['engine', 'ours', 'params'], 500],
		[['engine', 'ours', 'http'], 2000],
		[['socket'], 1500],
		[['engine', 'ours', 'credential', 'ourAuth'], 250],
		[['engine', 'ours'], 400],
		[['engine', 'ours', 'builtin'], 100],
		[['engine'], 700],
		[['loader'], 550],
	]);
	try {
		// 10 requests: microseconds ÷ 1,000 ÷ 10 = ms per request.
		const parts = Object.fromEntries(summariseProfile(file, 10).map((part) => [part.label, part.msPerRequest]));
		expect(parts).toEqual({
			'garbage collection': 0.1,
			"n8n evaluates the item's expressions (its expression engine)": 0.3,
			'n8n reads the node parameters (getNodeParameter, expressions aside)': 0.05,
			'n8n applies the credential (authenticate, preAuthentication)': 0.025,
			"n8n's HTTP client (axios, proxy lookup, a new connection per request, sockets)": 0.35,
			"this package's own code (and the built-ins it calls)": 0.05,
			"n8n's execution engine (running the node, keeping, saving and printing its output)": 0.07,
			'all CPU of the n8n process, start-up included': 1,
		});
	} finally {
		rmSync(dirname(file), { recursive: true, force: true });
	}
});
