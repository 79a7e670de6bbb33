import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as it reached the stand-in API. */
export interface Received {
	method: string;
	path: string;
	query: Record<string, string>;
	headers: IncomingHttpHeaders;
	rawBody: string;
	json?: unknown;
	at: number;
}

export interface Reply {
	status?: number;
	body?: unknown;
	headers?: Record<string, string>;
	delayMs?: number;
	/** Destroy the socket without answering. */
	drop?: boolean;
}

export type Handler = (request: Received, index: number) => Reply | Promise<Reply>;

/**
 * A real HTTP server on loopback that records every request and answers with `handler`.
 * Tests assert on what really crossed the wire: method, path, headers, body.
 */
export class ApiServer {
	readonly received: Received[] = [];
	handler: Handler = () => ({ status: 200, body: {} });
	private server?: Server;
	private inFlight = 0;
	maxInFlight = 0;

	async start(): Promise<string> {
		this.server = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', async () => {
				const url = new URL(req.url ?? '/', 'http://localhost');
				const rawBody = Buffer.concat(chunks).toString('utf8');
				let json: unknown;
				try {
					json = rawBody ? JSON.parse(rawBody) : undefined;
				} catch {
					json = undefined;
				}
				const request: Received = {
					method: req.method ?? '',
					path: url.pathname,
					query: Object.fromEntries(url.searchParams),
					headers: req.headers,
					rawBody,
					json,
					at: Date.now(),
				};
				const index = this.received.push(request) - 1;
				this.inFlight++;
				this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
				try {
					const reply = await this.handler(request, index);
					if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
					if (reply.drop) {
						req.socket.destroy();
						return;
					}
					const payload = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
					res.writeHead(reply.status ?? 200, {
						'Content-Type': typeof reply.body === 'string' ? 'text/plain' : 'application/json',
						...reply.headers,
					});
					res.end(payload);
				} finally {
					this.inFlight--;
				}
			});
		});
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
	}

	reset(handler?: Handler): void {
		this.received.length = 0;
		this.maxInFlight = 0;
		if (handler) this.handler = handler;
	}

	async stop(): Promise<void> {
		this.server?.closeAllConnections();
		await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
	}
}

/**
 * The form fields of a multipart or urlencoded request, parsed by Node's own fetch
 * implementation (not by our encoder), so a malformed body fails the test.
 */
export async function formOf(request: Received): Promise<{ type: string; fields: Record<string, string> }> {
	const contentType = String(request.headers['content-type'] ?? '');
	const type = contentType.split(';')[0].trim();
	if (type !== 'multipart/form-data' && type !== 'application/x-www-form-urlencoded') {
		throw new Error(`Not a form: Content-Type ${contentType || '(none)'}`);
	}
	const data = await new Response(request.rawBody, { headers: { 'content-type': contentType } }).formData();
	const fields: Record<string, string> = {};
	data.forEach((value, name) => {
		if (name in fields) throw new Error(`Field ${name} sent twice`);
		fields[name] = String(value);
	});
	return { type, fields };
}
