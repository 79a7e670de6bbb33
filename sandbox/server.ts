import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { FaultBoard, latencyFor, seededRandom, type Faults } from './faults';
import { BikSim } from './providers/bik';
import { HyfinSim } from './providers/hyfin';
import { OmnideskSim } from './providers/omnidesk';
import { RehookSim } from './providers/rehook';
import { PROVIDERS, type ProviderName, type ProviderSim, type SimReply, type SimRequest } from './types';

export interface SandboxOptions {
	port?: number;
	host?: string;
	/** Faults for all providers (`all`) and per provider. */
	faults?: { all?: Partial<Faults>; providers?: Partial<Record<ProviderName, Partial<Faults>>> };
	/** Seed of the random generator that picks which requests get a fault. */
	seed?: number;
	/** Generated Omnidesk customers to start with. */
	omnideskCustomers?: number;
	/** How many requests the log keeps (the oldest are dropped). */
	logLimit?: number;
}

/** A request as the log shows it: secrets masked, body parsed. */
export interface LoggedRequest {
	seq: number;
	at: string;
	provider: ProviderName | 'unknown';
	method: string;
	path: string;
	query: Record<string, string>;
	headers: Record<string, string>;
	contentType: string;
	body: unknown;
	/** The status answered, or "dropped". */
	outcome: number | 'dropped';
	/** The fault that decided the answer, if one did. */
	fault?: string;
}

const MASK = '***';
/** Query parameters that carry secrets (Omnidesk allows ?apiKey=). */
const SECRET_QUERY = /^(api_?key|access_?token|token|secret|app_?secret)$/i;

export class Sandbox {
	readonly sims: Record<ProviderName, ProviderSim>;
	readonly faults: FaultBoard;
	readonly log: LoggedRequest[] = [];
	private server?: Server;
	private random: () => number;
	private seq = 0;
	private readonly logLimit: number;
	/** Requests being answered now, per provider (for the slowAbove fault). */
	private readonly inFlight: Record<ProviderName, number> = { bik: 0, rehook: 0, omnidesk: 0, hyfin: 0 };

	constructor(private readonly options: SandboxOptions = {}) {
		this.sims = { bik: new BikSim(), rehook: new RehookSim(), omnidesk: new OmnideskSim(), hyfin: new HyfinSim() };
		this.faults = new FaultBoard(options.faults);
		this.random = seededRandom(options.seed ?? 1);
		this.logLimit = options.logLimit ?? 100_000;
		if (options.omnideskCustomers) (this.sims.omnidesk as OmnideskSim).seed(options.omnideskCustomers);
	}

	/** Starts listening; resolves to the sandbox's URL, e.g. http://127.0.0.1:4010. */
	async start(): Promise<string> {
		this.server = createServer((req, res) => {
			this.serve(req, res).catch((error: unknown) => {
				if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
				res.end(JSON.stringify({ sandbox: 'internal error', message: String((error as Error)?.message ?? error) }));
			});
		});
		this.server.keepAliveTimeout = 5000;
		await new Promise<void>((resolve, reject) => {
			this.server!.once('error', reject);
			this.server!.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => resolve());
		});
		return this.url;
	}

	get url(): string {
		const address = this.server?.address() as AddressInfo | null;
		if (!address) throw new Error('the sandbox is not listening');
		const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
		return `http://${host}:${address.port}`;
	}

	async stop(): Promise<void> {
		if (!this.server) return;
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server!.close(() => resolve()));
		this.server = undefined;
	}

	/**
	 * Forgets every customer (back to the generated start-up customers, if any) and the request log;
	 * faults stay as they are unless `faults` is true.
	 */
	reset(options: { faults?: boolean; seed?: number } = {}): void {
		for (const sim of Object.values(this.sims)) sim.reset();
		// The customers generated at start-up (--omnidesk-customers) come back with every reset.
		if (this.options.omnideskCustomers) (this.sims.omnidesk as OmnideskSim).seed(this.options.omnideskCustomers);
		this.log.length = 0;
		this.seq = 0;
		if (options.faults) this.faults.clear();
		if (options.seed !== undefined) this.random = seededRandom(options.seed);
	}

	private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const raw = await readBody(req);
		const url = new URL(req.url ?? '/', 'http://sandbox');
		const [, first, ...rest] = url.pathname.split('/');
		if (first === '_sandbox') return this.control(req.method ?? 'GET', rest.join('/'), url, raw, res);
		if (!PROVIDERS.includes(first as ProviderName)) {
			return send(res, { status: 404, body: { sandbox: `no provider "${first}"; paths start with /bik, /rehook, /omnidesk or /hyfin` } });
		}
		const provider = first as ProviderName;
		this.inFlight[provider]++;
		try {
			await this.serveProvider(provider, req, res, url, rest, raw);
		} finally {
			this.inFlight[provider]--;
		}
	}

	private async serveProvider(provider: ProviderName, req: IncomingMessage, res: ServerResponse, url: URL, rest: string[], raw: string): Promise<void> {
		const sim = this.sims[provider];
		const request = parseRequest(req, `/${rest.join('/')}`, url, raw);
		try {
			request.form ??= await parseMultipart(request);
		} catch {
			request.badForm = true;
		}
		const entry = this.record(provider, request);
		const faults = this.faults.for(provider);

		const latency = latencyFor(faults, this.inFlight[provider]);
		if (latency) await delay(latency);
		const wait = this.faults.limiter(provider).take(faults.rateLimit);
		if (wait > 0) {
			entry.fault = 'rate-limit';
			const headers: Record<string, string> = faults.retryAfter ? { 'Retry-After': String(Math.max(1, Math.ceil(wait / 1000))) } : {};
			return this.answer(res, entry, { status: 429, body: tooMany(provider), headers }, faults);
		}
		const roll = this.random();
		if (roll < faults.drop) {
			entry.fault = 'drop';
			entry.outcome = 'dropped';
			req.socket.destroy();
			return;
		}
		if (roll < faults.drop + faults.fail500) {
			entry.fault = 'fail500';
			return this.answer(res, entry, { status: 500, body: serverError(provider) }, faults);
		}
		if (roll < faults.drop + faults.fail500 + faults.fail503) {
			entry.fault = 'fail503';
			return this.answer(res, entry, { status: 503, body: serverError(provider), headers: { 'Retry-After': '1' } }, faults);
		}
		if (roll < faults.drop + faults.fail500 + faults.fail503 + faults.error200) {
			entry.fault = 'error200';
			return this.answer(res, entry, { status: 200, body: serverError(provider) }, faults);
		}
		const answer = await sim.handle(request);
		if (roll < faults.drop + faults.fail500 + faults.fail503 + faults.error200 + faults.dropAfter) {
			entry.fault = 'dropAfter';
			entry.outcome = 'dropped';
			req.socket.destroy();
			return;
		}
		return this.answer(res, entry, answer, faults);
	}

	private async answer(res: ServerResponse, entry: LoggedRequest, answer: SimReply, faults: Faults): Promise<void> {
		entry.outcome = answer.status;
		await send(res, answer, faults.slowBodyMs);
	}

	/**
	 * Every header that carries a secret at any provider, plus the usual ones: masked whichever
	 * provider they were sent to, so a credential sent to the wrong place is not logged either.
	 */
	private get secretHeaders(): string[] {
		const names = new Set(['authorization', 'proxy-authorization', 'cookie', 'apikey', 'x-api-key', 'appsecret', 'x-access-token']);
		for (const sim of Object.values(this.sims)) for (const name of sim.secretHeaders) names.add(name.toLowerCase());
		return [...names];
	}

	private record(provider: ProviderName, request: SimRequest): LoggedRequest {
		const secretHeaders = this.secretHeaders;
		const headers: Record<string, string> = {};
		for (const [name, value] of Object.entries(request.headers)) {
			if (value === undefined) continue;
			const text = Array.isArray(value) ? value.join(', ') : value;
			headers[name] = secretHeaders.includes(name) ? maskHeader(name, text) : text;
		}
		const entry: LoggedRequest = {
			seq: ++this.seq,
			at: new Date().toISOString(),
			provider,
			method: request.method,
			path: request.path,
			query: Object.fromEntries(Object.entries(request.query).map(([key, value]) => [key, SECRET_QUERY.test(key) ? MASK : value])),
			headers,
			contentType: request.contentType,
			body: request.form ?? request.json ?? (request.rawBody === '' ? undefined : request.rawBody),
			outcome: 0,
		};
		this.log.push(entry);
		if (this.log.length > this.logLimit) this.log.splice(0, this.log.length - this.logLimit);
		return entry;
	}

	/** The control API under /_sandbox/. */
	private async control(method: string, path: string, url: URL, raw: string, res: ServerResponse): Promise<void> {
		let input: Record<string, unknown> = {};
		if (raw.trim()) {
			try {
				input = JSON.parse(raw) as Record<string, unknown>;
			} catch {
				return send(res, { status: 400, body: { sandbox: 'the body must be JSON' } });
			}
		}
		const provider = (url.searchParams.get('provider') ?? input.provider ?? undefined) as ProviderName | undefined;
		if (provider !== undefined && !PROVIDERS.includes(provider)) {
			return send(res, { status: 400, body: { sandbox: `unknown provider "${String(provider)}"` } });
		}
		try {
			if (path === 'requests' && method === 'GET') {
				const since = Number(url.searchParams.get('since') ?? 0);
				const entries = this.log.filter((entry) => (!provider || entry.provider === provider) && entry.seq > since);
				return send(res, { status: 200, body: { count: entries.length, requests: entries } });
			}
			if (path === 'reset' && method === 'POST') {
				this.reset({ faults: input.faults === true, seed: typeof input.seed === 'number' ? input.seed : undefined });
				return send(res, { status: 200, body: { reset: true } });
			}
			if (path === 'faults' && method === 'GET') return send(res, { status: 200, body: this.faults.describe() });
			if (path === 'faults' && (method === 'PUT' || method === 'POST')) {
				const { clear, ...faults } = input;
				delete faults.provider;
				if (clear === true) this.faults.clear();
				this.faults.set(faults, provider);
				return send(res, { status: 200, body: this.faults.describe() });
			}
			if (path === 'seed' && method === 'POST') {
				const count = Number(input.count);
				if (!Number.isInteger(count) || count < 0 || count > 1_000_000) throw new Error('count must be a whole number from 0 to 1000000');
				(this.sims.omnidesk as OmnideskSim).seed(count);
				return send(res, { status: 200, body: { seeded: count, provider: 'omnidesk' } });
			}
			// Rehook's API has no call to read a customer back; tests and the integration-test template read what it stored here.
			const rehookCustomer = /^rehook\/customers\/(.+)$/.exec(path);
			if (rehookCustomer && method === 'GET') {
				const customer = (this.sims.rehook as RehookSim).customer(decodeURIComponent(rehookCustomer[1]));
				return send(res, customer ? { status: 200, body: customer } : { status: 404, body: { sandbox: 'no Rehook customer with this source_id' } });
			}
			if (path === 'state' && method === 'GET') {
				const body = Object.fromEntries(PROVIDERS.map((name) => [name, this.sims[name].state()]));
				return send(res, { status: 200, body });
			}
		} catch (error) {
			return send(res, { status: 400, body: { sandbox: (error as Error).message } });
		}
		return send(res, { status: 404, body: { sandbox: `no control endpoint ${method} /_sandbox/${path}` } });
	}
}

function maskHeader(name: string, value: string): string {
	// Keep the scheme ("Basic ***") when there is one; a bare token is masked whole.
	const scheme = /^(\w+)\s+\S/.exec(value);
	return name.endsWith('authorization') && scheme ? `${scheme[1]} ${MASK}` : MASK;
}

function tooMany(provider: ProviderName): unknown {
	if (provider === 'bik') return { status: 429, errors: [{ message: 'Too many requests' }] };
	if (provider === 'omnidesk') return { status: 'error', message: 'Too many requests' };
	if (provider === 'hyfin') return { success: false, errors: ['Too many requests'] };
	return { code: 429, message: 'Too many requests' };
}

function serverError(provider: ProviderName): unknown {
	if (provider === 'bik') return { status: 500, errors: [{ message: 'Internal Server Error' }] };
	if (provider === 'omnidesk') return { status: 'error', message: 'Internal server error' };
	if (provider === 'hyfin') return { success: false, errors: ['Internal server error'] };
	return { code: 500, message: 'Internal server error' };
}

async function readBody(req: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}

/** Parses the body by its content type: JSON, urlencoded or multipart (with Node's own parser). */
export function parseRequest(req: IncomingMessage, path: string, url: URL, rawBody: string): SimRequest {
	const header = String(req.headers['content-type'] ?? '');
	const contentType = header.split(';')[0].trim().toLowerCase();
	const request: SimRequest = {
		method: req.method ?? 'GET',
		path,
		query: Object.fromEntries(url.searchParams),
		headers: req.headers,
		rawBody,
		contentType,
	};
	if (contentType === 'application/json' && rawBody !== '') {
		try {
			request.json = JSON.parse(rawBody);
		} catch {
			request.badJson = true;
		}
	}
	if (contentType === 'application/x-www-form-urlencoded') request.form = Object.fromEntries(new URLSearchParams(rawBody));
	return request;
}

/** Multipart needs an async parser; done here so that parseRequest stays synchronous for the rest. */
export async function parseMultipart(request: SimRequest): Promise<Record<string, string> | undefined> {
	if (request.contentType !== 'multipart/form-data') return undefined;
	const header = String(request.headers['content-type']);
	const data = await new Response(request.rawBody, { headers: { 'content-type': header } }).formData();
	const fields: Record<string, string> = {};
	data.forEach((value, name) => {
		fields[name] = String(value);
	});
	return fields;
}

async function send(res: ServerResponse, answer: SimReply, slowBodyMs = 0): Promise<void> {
	const text = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
	const headers: Record<string, string> = { ...answer.headers };
	if (answer.body !== undefined) headers['Content-Type'] ??= typeof answer.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json';
	const buffer = Buffer.from(text, 'utf8');
	headers['Content-Length'] = String(buffer.length);
	res.writeHead(answer.status, headers);
	if (slowBodyMs > 0 && buffer.length > 1) {
		const pieces = Math.min(10, buffer.length);
		const size = Math.ceil(buffer.length / pieces);
		for (let offset = 0; offset < buffer.length; offset += size) {
			if (res.destroyed) return;
			res.write(buffer.subarray(offset, offset + size));
			await delay(slowBodyMs / pieces);
		}
		res.end();
		return;
	}
	res.end(buffer);
}

function delay(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}
