import { readFileSync } from 'node:fs';

/**
 * Where n8n's CPU goes per request, from a V8 CPU profile of `n8n execute` (`--cpu-prof`): every
 * sample goes to one part, the first in PARTS that a frame anywhere on its stack matches. So the
 * parts never overlap, and each is what runs on its behalf: an item's expression is the expression
 * engine's even though the node asked for it; the node's own code is its own frames and the
 * built-ins they call, not the n8n functions they call.
 */
interface CallFrame {
	functionName: string;
	url: string;
	lineNumber: number;
}

interface ProfileNode {
	id: number;
	callFrame: CallFrame;
	children?: number[];
}

interface Profile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
}

const HTTP_MODULES = /\/node_modules\/(axios|@n8n\/backend-network|proxy-from-env|follow-redirects|form-data)\//;
const NODE_NETWORK = /^node:(net|http|https|tls|dns|_http_\w+|_tls_\w+|internal\/(stream_base_commons|streams\/|net|http|dns|tls))/;

/** The parts of a request's cost, in the order they take a sample whose stack matches several. */
export const PARTS: Array<{ label: string; match: (frame: CallFrame) => boolean }> = [
	{ label: 'garbage collection', match: (f) => f.functionName === '(garbage collector)' },
	{
		label: "n8n evaluates the item's expressions (its expression engine)",
		match: (f) =>
			(f.functionName === 'resolveSimpleParameterValue' && f.url.endsWith('/expression.js')) ||
			f.url.includes('/@n8n/expression-runtime/') ||
			f.url.includes('/isolated-vm/'),
	},
	{
		label: 'n8n reads the node parameters (getNodeParameter, expressions aside)',
		match: (f) => f.functionName === '_getNodeParameter' || f.functionName === 'getNodeParameter',
	},
	{
		label: 'n8n applies the credential (authenticate, preAuthentication)',
		match: (f) => (f.functionName === 'authenticate' || f.functionName === 'preAuthentication') && f.url.endsWith('/credentials-helper.js'),
	},
	{
		label: "n8n's HTTP client (axios, proxy lookup, a new connection per request, sockets)",
		match: (f) => HTTP_MODULES.test(f.url) || NODE_NETWORK.test(f.url),
	},
	{ label: "this package's own code (and the built-ins it calls)", match: (f) => f.url.includes('/n8n-nodes-customer-sync/') },
	{
		label: "n8n's execution engine (running the node, keeping, saving and printing its output)",
		match: (f) => /\/node_modules\/(n8n|n8n-core|n8n-workflow|@n8n\/[\w-]+|flatted|safe-stable-stringify|@n8n\/typeorm|sqlite3|luxon)\//.test(f.url),
	},
];

/** The whole process's CPU (the profile's samples that are not idle), n8n's start-up included. */
export const ALL_CPU_LABEL = 'all CPU of the n8n process, start-up included';

export function summariseProfile(file: string, requests: number): Array<{ label: string; msPerRequest: number }> {
	const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const parent = new Map<number, number>();
	for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
	// Each profile node's part: the first in PARTS matched by its frame or a frame above it.
	const partOf = new Map<number, number>();
	const part = (id: number): number => {
		const known = partOf.get(id);
		if (known !== undefined) return known;
		const own = PARTS.findIndex((candidate) => candidate.match(byId.get(id)!.callFrame));
		const above = parent.has(id) ? part(parent.get(id)!) : -1;
		const found = own < 0 ? above : above < 0 ? own : Math.min(own, above);
		partOf.set(id, found);
		return found;
	};
	const sums = PARTS.map(() => 0);
	let busy = 0;
	profile.samples.forEach((id, index) => {
		const time = profile.timeDeltas[index] ?? 0;
		if (byId.get(id)!.callFrame.functionName === '(idle)') return;
		busy += time;
		const found = part(id);
		if (found >= 0) sums[found] += time;
	});
	const perRequest = (microseconds: number) => Math.round((microseconds / 1000 / requests) * 1000) / 1000;
	return [...PARTS.map((candidate, index) => ({ label: candidate.label, msPerRequest: perRequest(sums[index]) })), { label: ALL_CPU_LABEL, msPerRequest: perRequest(busy) }];
}
