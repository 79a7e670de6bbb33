import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Where a redirect points: the proxy itself (same origin) or the other server (another origin). */
export type RedirectTo = 'same' | 'other';

export interface Redirected {
	/** The request's number at the proxy (0-based). */
	index: number;
	method: string;
	path: string;
	status: number;
	to: RedirectTo;
	location: string;
}

/** Paths under this prefix are where a same-origin redirect points: forwarded with the prefix taken off, never redirected again. */
const MOVED = '/__moved';

/**
 * A server in front of the sandbox (its own origin) that answers the requests `plan` picks with a
 * redirect (301, 302, 303, 307 or 308), either to itself under /__moved (same origin; it forwards
 * what comes there to the sandbox) or to `other` (another origin, which must never be reached), and
 * forwards every other request to the sandbox as it came, headers and body included.
 */
export class RedirectingProxy {
	readonly redirected: Redirected[] = [];
	/** Requests that came to a same-origin redirect's location (a redirect followed). */
	followed = 0;
	private server?: Server;
	private count = 0;
	url = '';

	constructor(
		private readonly target: string,
		private readonly other: string,
		public plan: (index: number, method: string) => { status: number; to: RedirectTo } | undefined = () => undefined,
	) {}

	async start(): Promise<string> {
		this.server = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', async () => {
				const index = this.count++;
				const path = req.url ?? '/';
				const moved = path.startsWith(`${MOVED}/`);
				if (moved) this.followed++;
				const redirect = moved ? undefined : this.plan(index, req.method ?? 'GET');
				if (redirect) {
					const location = redirect.to === 'same' ? `${MOVED}${path}` : `${this.other}${path}`;
					this.redirected.push({ index, method: req.method ?? '', path, status: redirect.status, to: redirect.to, location });
					res.writeHead(redirect.status, { Location: location, 'Content-Length': '0' });
					res.end();
					return;
				}
				const headers: Record<string, string> = {};
				for (const [name, value] of Object.entries(req.headers)) {
					if (typeof value === 'string' && !['host', 'connection', 'content-length', 'transfer-encoding'].includes(name)) headers[name] = value;
				}
				const body = chunks.length ? Buffer.concat(chunks) : undefined;
				try {
					const answer = await fetch(`${this.target}${moved ? path.slice(MOVED.length) : path}`, { method: req.method, headers, body, redirect: 'manual' });
					const text = Buffer.from(await answer.arrayBuffer());
					const out: Record<string, string> = {};
					answer.headers.forEach((value, name) => {
						if (!['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(name)) out[name] = value;
					});
					res.writeHead(answer.status, out);
					res.end(text);
				} catch {
					// The sandbox dropped the connection (a fault): drop this one too.
					req.socket.destroy();
				}
			});
		});
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
		return this.url;
	}

	reset(plan?: RedirectingProxy['plan']): void {
		this.redirected.length = 0;
		this.count = 0;
		this.followed = 0;
		if (plan) this.plan = plan;
	}

	async stop(): Promise<void> {
		this.server?.closeAllConnections();
		await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
	}
}
