import { Agent, request } from 'node:http';
import { writeSync } from 'node:fs';

/**
 * The "script of their own" a user could write instead of our nodes: Node's http module with one
 * keep-alive agent, a fixed number of workers, and a retry after 429 that waits what Retry-After
 * asks (1 s without it). Run as its own process, with the same Node as n8n, by bench/run.ts:
 *
 *   node plain-client.js upsert <base URL> <user> <password> <count> <concurrency> <email prefix>
 *   node plain-client.js page <base URL> <apiKey> <page size>
 *
 * It prints one JSON line with what it did (and its peak memory) on standard output.
 */

interface Answer {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	body: string;
}

function call(agent: Agent, url: URL, method: string, headers: Record<string, string>, body?: string): Promise<Answer> {
	return new Promise((resolve, reject) => {
		const req = request(url, { method, agent, headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (chunk: Buffer) => chunks.push(chunk));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
			res.on('error', reject);
		});
		req.on('error', reject);
		req.end(body);
	});
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function upsert(base: string, user: string, password: string, count: number, concurrency: number, prefix: string) {
	const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
	const url = new URL(`${base.replace(/\/+$/, '')}/bikPlatformFunctions-customers/createOrUpdate`);
	const headers = { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`, 'content-type': 'application/json' };
	let next = 0;
	let succeeded = 0;
	let failed = 0;
	let rateLimited = 0;
	const worker = async () => {
		while (next < count) {
			const index = next++;
			const body = JSON.stringify({ email: `${prefix}${index}@example.com` });
			for (let attempt = 0; ; attempt++) {
				const answer = await call(agent, url, 'POST', headers, body);
				if (answer.status === 429 && attempt < 20) {
					rateLimited++;
					const seconds = Number(answer.headers['retry-after']);
					await wait(Number.isFinite(seconds) ? seconds * 1000 : 1000);
					continue;
				}
				if (answer.status >= 200 && answer.status < 300) succeeded++;
				else failed++;
				break;
			}
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	agent.destroy();
	return { succeeded, failed, rateLimited };
}

async function page(base: string, apiKey: string, pageSize: number) {
	const agent = new Agent({ keepAlive: true, maxSockets: 1 });
	const held: unknown[] = [];
	for (let start = 0; ; start += pageSize) {
		const url = new URL(`${base.replace(/\/+$/, '')}/api/v2/customer`);
		url.searchParams.set('itemStart', String(start));
		url.searchParams.set('itemLimit', String(pageSize));
		const answer = await call(agent, url, 'GET', { apiKey });
		if (answer.status !== 200) throw new Error(`page at ${start}: HTTP ${answer.status} ${answer.body.slice(0, 200)}`);
		const { items, itemTotal } = JSON.parse(answer.body) as { items: unknown[]; itemTotal: number };
		held.push(...items);
		if (items.length === 0 || held.length >= itemTotal) break;
	}
	agent.destroy();
	return { items: held.length };
}

async function main() {
	const [mode, ...args] = process.argv.slice(2);
	const rssAtStartKb = Math.round(process.memoryUsage().rss / 1024);
	const started = Date.now();
	let result: Record<string, unknown>;
	if (mode === 'upsert') {
		const [base, user, password, count, concurrency, prefix] = args;
		result = await upsert(base, user, password, Number(count), Number(concurrency), prefix);
	} else if (mode === 'page') {
		const [base, apiKey, pageSize] = args;
		result = await page(base, apiKey, Number(pageSize));
	} else {
		throw new Error(`unknown mode "${mode}"`);
	}
	const line = JSON.stringify({ ...result, ms: Date.now() - started, rssAtStartKb, maxRssKb: process.resourceUsage().maxRSS });
	writeSync(1, `${line}\n`);
}

main().catch((error: Error) => {
	writeSync(2, `plain client: ${error.stack ?? error.message}\n`);
	process.exit(1);
});
