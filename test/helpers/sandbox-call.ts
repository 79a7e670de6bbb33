import { SANDBOX_CREDENTIALS } from '../../sandbox/credentials';

export const BIK_AUTH = `Basic ${Buffer.from(`${SANDBOX_CREDENTIALS.bik.apiKey}:${SANDBOX_CREDENTIALS.bik.apiSecret}`).toString('base64')}`;

/**
 * Sends a request (JSON when `json` is given; `body` as it is, with `type` as its content type)
 * and returns the status, headers and body, parsed when it is JSON.
 */
export async function call(
	url: string,
	init: { method?: string; headers?: Record<string, string>; json?: unknown; body?: string; type?: string } = {},
) {
	const headers: Record<string, string> = { ...init.headers };
	let body = init.body;
	if (init.json !== undefined) {
		headers['content-type'] ??= 'application/json';
		body = JSON.stringify(init.json);
	}
	if (init.type !== undefined) headers['content-type'] = init.type;
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
		const sendsBody = options.raw !== undefined || options.json !== undefined;
		const { status, body } = await call(`${base()}${path}`, {
			method,
			headers: options.headers,
			json: options.json,
			body: options.raw,
			type: sendsBody ? (options.type ?? 'application/json') : undefined,
		});
		return { status, body };
	};
}
