import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * How a RawServer answers after reading the whole request: 200 with the JSON body, or an answer
 * that breaks after its status line (the request was received and may have been applied):
 * - `gzip`: 200 with `Content-Encoding: gzip` and a body that is not gzip;
 * - `chunk`: 200, chunked, with a chunk size that is not hexadecimal;
 * - `truncated`: 200 with a Content-Length of 100 and 5 bytes, then the connection closes.
 */
export type RawAnswer = 'json' | 'gzip' | 'chunk' | 'truncated';

/**
 * A loopback server that records each request line exactly as it arrived, before any URL parsing
 * (which would resolve "." and ".." segments), to see where a path really points; it answers 200
 * with `body`, or with a broken answer (`answer`).
 */
export class RawServer {
	readonly received: Array<{ method: string; url: string }> = [];
	answer: RawAnswer = 'json';

	constructor(public body: unknown = {}) {}

	private server?: Server;

	async start(): Promise<string> {
		this.server = createServer((req, res) => {
			this.received.push({ method: req.method ?? '', url: req.url ?? '' });
			req.resume();
			req.on('end', () => {
				const head = 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n';
				switch (this.answer) {
					case 'gzip':
						res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
						res.end(Buffer.from('this is not gzip'));
						return;
					case 'chunk':
						res.socket?.end(`${head}Transfer-Encoding: chunked\r\n\r\nZZZ\r\nbroken\r\n`);
						return;
					case 'truncated':
						res.socket?.end(`${head}Content-Length: 100\r\n\r\n{"a":`);
						return;
					default:
						res.writeHead(200, { 'Content-Type': 'application/json' });
						res.end(JSON.stringify(this.body));
				}
			});
		});
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
	}

	reset(body: unknown, answer: RawAnswer = 'json'): void {
		this.received.length = 0;
		this.body = body;
		this.answer = answer;
	}

	async stop(): Promise<void> {
		this.server?.closeAllConnections();
		await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
	}
}
