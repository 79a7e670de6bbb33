import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback server that records each request line exactly as it arrived, before any URL parsing
 * (which would resolve "." and ".." segments), to see where a path really points; it answers 200
 * with `body`.
 */
export class RawServer {
	readonly received: Array<{ method: string; url: string }> = [];

	constructor(public body: unknown = {}) {}

	private server?: Server;

	async start(): Promise<string> {
		this.server = createServer((req, res) => {
			this.received.push({ method: req.method ?? '', url: req.url ?? '' });
			req.resume();
			req.on('end', () => {
				res.writeHead(200, { 'Content-Type': 'application/json' });
				res.end(JSON.stringify(this.body));
			});
		});
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
	}

	reset(body: unknown): void {
		this.received.length = 0;
		this.body = body;
	}

	async stop(): Promise<void> {
		this.server?.closeAllConnections();
		await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
	}
}
