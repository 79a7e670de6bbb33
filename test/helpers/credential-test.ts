import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestOptions, INode, INodeParameters } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { CredentialsHelper, NodeTypes, credentialTypes } from './run-node';

/**
 * Runs a credential's `test` the way n8n's credentials tester does: expressions resolved with
 * $credentials, `authenticate` applied, redirects followed unless `disableFollowRedirect`, any
 * non-2xx answer a failure unless the request ignores status errors, then the
 * `responseSuccessBody` rules checked in order.
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
	const response = await fetch(url, {
		method: options.method,
		headers,
		body: hasBody ? JSON.stringify(options.body) : undefined,
		redirect: options.disableFollowRedirect ? 'manual' : 'follow',
	});
	// As n8n's HTTP client: `true` ignores every status, `{ignore, except}` all but the listed ones.
	const ignore = options.ignoreHttpStatusErrors;
	const ignored = ignore === true || (typeof ignore === 'object' && !ignore.except.includes(response.status));
	if ((response.status < 200 || response.status > 299) && !ignored) {
		return { status: 'Error', message: `Received HTTP status code: ${response.status}` };
	}
	const text = await response.text();
	const body = text ? JSON.parse(text) : {};
	for (const rule of test.rules ?? []) {
		if (rule.type === 'responseSuccessBody' && body[rule.properties.key] === rule.properties.value) {
			return { status: 'Error', message: rule.properties.message };
		}
	}
	return { status: 'OK' };
}

