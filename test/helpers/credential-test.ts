import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestOptions, INode, INodeParameters } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { CredentialsHelper, NodeTypes, credentialTypes } from './run-node';

/**
 * Runs a credential's `test` the way n8n's credentials tester does (a quick stand-in for the unit
 * tests; test/helpers/n8n-credential-tests.ts (run by test/e2e/n8n.test.ts) runs the real one in n8n): expressions resolved with
 * $credentials, `authenticate` applied, redirects followed unless `disableFollowRedirect`, no answer a
 * failure with the error's code, a non-2xx answer a failure (a `responseCode` rule's message, else the
 * status text) unless the request ignores status errors, then the `responseSuccessBody` rules checked in order.
 */
export async function testCredential(type: string, data: ICredentialDataDecryptedObject) {
	const { test } = credentialTypes[type];
	if (!test) throw new Error(`${type} has no test`);
	const node: INode = { id: 'n', name: 'n', type: 'n8n-nodes-customer-sync.bik', typeVersion: 1, position: [0, 0], parameters: {} };
	const workflow = new Workflow({ nodes: [node], connections: {}, nodeTypes: new NodeTypes(), active: false });
	const resolved = workflow.expression.getComplexParameterValue(
		node,
		test.request as unknown as INodeParameters,
		'internal',
		{ $credentials: data } as IDataObject,
	) as unknown as IHttpRequestOptions;
	const options = await new CredentialsHelper({}).authenticate(data, type, { ...resolved }, workflow, node);
	const url = new URL(`${options.baseURL ?? ''}${options.url}`);
	for (const [key, value] of Object.entries(options.qs ?? {})) url.searchParams.set(key, String(value));
	const headers: Record<string, string> = { ...(options.headers as Record<string, string>) };
	if (options.auth) headers.Authorization = `Basic ${Buffer.from(`${options.auth.username}:${options.auth.password}`).toString('base64')}`;
	// As n8n's HTTP helper does: an empty object is no body at all.
	const hasBody = options.body !== undefined && !(typeof options.body === 'object' && options.body !== null && Object.keys(options.body).length === 0);
	if (hasBody) headers['Content-Type'] = 'application/json';
	let response: Response;
	try {
		response = await fetch(url, {
			method: options.method,
			headers,
			body: hasBody ? JSON.stringify(options.body) : undefined,
			redirect: options.disableFollowRedirect ? 'manual' : 'follow',
		});
	} catch (error) {
		// As n8n: no answer fails with the error's code.
		const cause = (error as { cause?: { code?: string; errors?: Array<{ code?: string }> } }).cause;
		return { status: 'Error', message: String(cause?.code ?? cause?.errors?.[0]?.code ?? (error as Error).message) };
	}
	const rules = (test.rules ?? []) as Array<{ type: string; properties: { key?: string; value: unknown; message: string } }>;
	// As n8n's HTTP client: `true` ignores every status, `{ignore, except}` all but the listed ones.
	const ignore = options.ignoreHttpStatusErrors;
	const ignored = ignore === true || (typeof ignore === 'object' && !ignore.except.includes(response.status));
	if ((response.status < 200 || response.status > 299) && !ignored) {
		const rule = rules.find((r) => r.type === 'responseCode' && r.properties.value === response.status);
		return { status: 'Error', message: rule?.properties.message ?? (response.statusText || `Received HTTP status code: ${response.status}`) };
	}
	const text = await response.text();
	let body: unknown = text;
	try {
		body = text ? JSON.parse(text) : {};
	} catch {
		// an HTML page or plain text: n8n keeps it as a string
	}
	for (const rule of rules) {
		if (rule.type === 'responseSuccessBody' && valueAt(body, rule.properties.key!) === rule.properties.value) {
			return { status: 'Error', message: rule.properties.message };
		}
	}
	return { status: 'OK' };
}

/** The value at a dotted path, as lodash's get reads it (undefined when any step is missing). */
function valueAt(body: unknown, path: string): unknown {
	let current = body;
	for (const key of path.split('.')) {
		if (current === null || typeof current !== 'object') return undefined;
		current = (current as Record<string, unknown>)[key];
	}
	return current;
}
