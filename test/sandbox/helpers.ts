import { SANDBOX_CREDENTIALS } from '../../sandbox/credentials';

export const BIK_AUTH = `Basic ${Buffer.from(`${SANDBOX_CREDENTIALS.bik.apiKey}:${SANDBOX_CREDENTIALS.bik.apiSecret}`).toString('base64')}`;

/** POSTs JSON and returns the status, headers and parsed body. */
export async function call(url: string, init: { method?: string; headers?: Record<string, string>; json?: unknown; body?: string } = {}) {
	const headers: Record<string, string> = { ...init.headers };
	let body = init.body;
	if (init.json !== undefined) {
		headers['content-type'] ??= 'application/json';
		body = JSON.stringify(init.json);
	}
	const response = await fetch(url, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), headers, body });
	const text = await response.text();
	let parsed: unknown = text;
	try {
		parsed = text === '' ? undefined : JSON.parse(text);
	} catch {
		parsed = text;
	}
	return { status: response.status, headers: response.headers, body: parsed as any };
}

export interface Answer {
	status: number;
	body: any;
}

/**
 * A client for one provider's part of the sandbox: `client(() => `${url}/hyfin`)` then
 * `call('POST', '/path', { json })`. `raw` sends a body as it is (with `type` as its content type).
 */
export function client(base: () => string) {
	return async (method: string, path: string, options: { headers?: Record<string, string>; json?: unknown; raw?: string; type?: string } = {}): Promise<Answer> => {
		const headers: Record<string, string> = { ...options.headers };
		let body: string | undefined;
		if (options.raw !== undefined) {
			body = options.raw;
			headers['content-type'] = options.type ?? 'application/json';
		} else if (options.json !== undefined) {
			body = JSON.stringify(options.json);
			headers['content-type'] = options.type ?? 'application/json';
		}
		const response = await fetch(`${base()}${path}`, { method, headers, body });
		const text = await response.text();
		return { status: response.status, body: text ? JSON.parse(text) : undefined };
	};
}
