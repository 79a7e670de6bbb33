import { readFileSync } from 'node:fs';

/**
 * Where n8n's CPU goes per request, from a V8 CPU profile of `n8n execute` (`npm run bench --
 * --cpu-prof`): the inclusive time of the frames that matter, divided by the requests made.
 */
interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	children?: number[];
}

interface Profile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
}

/** The parts of a request's cost, each found by the frame that starts it. */
const PARTS: Array<{ label: string; match: (frame: ProfileNode['callFrame']) => boolean }> = [
	{
		label: "n8n applies the credential (resolves its authenticate expressions)",
		match: (f) => f.functionName === 'authenticate' && f.url.endsWith('/credentials-helper.js'),
	},
	{
		label: 'the node reads its parameters (getNodeParameter, the item expressions)',
		match: (f) => f.functionName === '_getNodeParameter' || f.functionName === 'getNodeParameter',
	},
	{ label: "n8n's HTTP client (axios, a new connection per request)", match: (f) => f.functionName === 'dispatchHttpRequest' },
	{ label: 'garbage collection', match: (f) => f.functionName === '(garbage collector)' },
];

export function summariseProfile(file: string, requests: number): Array<{ label: string; msPerRequest: number }> {
	const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const self = new Map<number, number>();
	profile.samples.forEach((id, index) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
	const inclusive = new Map<number, number>();
	const total = (id: number): number => {
		const known = inclusive.get(id);
		if (known !== undefined) return known;
		let sum = self.get(id) ?? 0;
		for (const child of byId.get(id)?.children ?? []) sum += total(child);
		inclusive.set(id, sum);
		return sum;
	};
	// The top-most matching frame on each path, so recursion is not counted twice.
	const sums = PARTS.map(() => 0);
	const walk = (id: number, inside: boolean[]) => {
		const node = byId.get(id)!;
		const next = inside.slice();
		PARTS.forEach((part, index) => {
			if (!inside[index] && part.match(node.callFrame)) {
				sums[index] += total(id);
				next[index] = true;
			}
		});
		for (const child of node.children ?? []) walk(child, next);
	};
	walk(profile.nodes[0].id, PARTS.map(() => false));
	let ours = 0;
	let busy = 0;
	for (const [id, time] of self) {
		const frame = byId.get(id)!.callFrame;
		if (frame.functionName !== '(idle)') busy += time;
		if (frame.url.includes('/n8n-nodes-customer-sync/')) ours += time;
	}
	const perRequest = (microseconds: number) => Math.round((microseconds / 1000 / requests) * 1000) / 1000;
	return [
		...PARTS.map((part, index) => ({ label: part.label, msPerRequest: perRequest(sums[index]) })),
		{ label: "this package's own code (self time)", msPerRequest: perRequest(ours) },
		{ label: 'all CPU of the n8n process, start-up included', msPerRequest: perRequest(busy) },
	];
}
