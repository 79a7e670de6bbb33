import { N8N_CREDENTIALS, SANDBOX_CREDENTIALS, baseUrls } from '../sandbox/credentials';
import { TRIGGER, itemsThen, type Workflow } from '../sandbox/workflows';

/** The node under test in every benchmark workflow, by this name. */
export const UNDER_TEST = 'Under Test';

/** The Basic Auth credential a user of n8n's HTTP Request node would create for BIK. */
export const HTTP_BASIC = { id: 'benchHttpBasic01', name: 'Bench BIK (Basic Auth)' };
export function httpBasicCredential() {
	return { ...HTTP_BASIC, type: 'httpBasicAuth', data: { user: SANDBOX_CREDENTIALS.bik.apiKey, password: SANDBOX_CREDENTIALS.bik.apiSecret } };
}

/** The Header Auth credential a user of the HTTP Request node would create for Omnidesk. */
export const HTTP_HEADER = { id: 'benchHttpHeader1', name: 'Bench Omnidesk (Header Auth)' };
export function httpHeaderCredential() {
	return { ...HTTP_HEADER, type: 'httpHeaderAuth', data: { name: 'apiKey', value: SANDBOX_CREDENTIALS.omnidesk.apiKey } };
}

export const emails = (count: number) => Array.from({ length: count }, (_, i) => `bench${i}@example.com`);

/** The version of our nodes that a node added in the editor today gets (CUSTOMER_NODE.defaultVersion). */
const OUR_VERSION = 2;

/**
 * Options › Concurrency set to Fixed with this many requests in flight, as version 2 of our nodes
 * reads it (Options › Concurrency of version 1 is not read by version 2: the node would be adaptive).
 */
export function fixedConcurrency(requests: number): Record<string, unknown> {
	return { concurrencyControl: { settings: { mode: 'fixed', requests } } };
}

/** Our BIK node: Create or Update, one customer per item, with these Options. */
export function ourUpserts(id: string, count: number, options: Record<string, unknown>): Workflow {
	return itemsThen(id, emails(count), {
		name: UNDER_TEST,
		type: 'n8n-nodes-customer-sync.bik',
		typeVersion: OUR_VERSION,
		parameters: { resource: 'customer', operation: 'createOrUpdate', email: '={{ $json.value }}', options },
		credentials: { bikApi: N8N_CREDENTIALS.bikApi },
	});
}

/**
 * Our BIK node with Map Automatically: each item is already `{email}` by BIK's field names (Split
 * Out of a list of objects), so the node evaluates no expression per item.
 */
export function ourAutoMapUpserts(id: string, count: number, options: Record<string, unknown>): Workflow {
	return itemsThen(
		id,
		emails(count).map((email) => ({ email })),
		{
			name: UNDER_TEST,
			type: 'n8n-nodes-customer-sync.bik',
			typeVersion: OUR_VERSION,
			parameters: { resource: 'customer', operation: 'createOrUpdate', inputMode: 'autoMap', options },
			credentials: { bikApi: N8N_CREDENTIALS.bikApi },
		},
	);
}

/**
 * n8n's HTTP Request node (the current version) making the same call as our node: POST with a JSON
 * body `{email}` and HTTP Basic auth. `batch` sets Options › Batching (items per batch, interval).
 */
export function httpUpserts(id: string, count: number, sandboxUrl: string, batch?: { batchSize: number; batchInterval: number }): Workflow {
	return itemsThen(id, emails(count), {
		name: UNDER_TEST,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.5,
		parameters: {
			method: 'POST',
			url: `${baseUrls(sandboxUrl).bikApi}/bikPlatformFunctions-customers/createOrUpdate`,
			authentication: 'genericCredentialType',
			genericAuthType: 'httpBasicAuth',
			sendBody: true,
			contentType: 'json',
			specifyBody: 'keypair',
			bodyParameters: { parameters: [{ name: 'email', value: '={{ $json.value }}' }] },
			options: batch ? { batching: { batch } } : {},
		},
		credentials: { httpBasicAuth: HTTP_BASIC },
	});
}

/** Our Omnidesk node: Get Many, with Return All, or only `limit` customers. */
export function ourGetMany(id: string, limit?: number): Workflow {
	return triggerThen(id, {
		name: UNDER_TEST,
		type: 'n8n-nodes-customer-sync.omnidesk',
		typeVersion: 1,
		parameters: { resource: 'customer', operation: 'getAll', returnAll: limit === undefined, ...(limit === undefined ? {} : { limit }) },
		credentials: { omnideskApi: N8N_CREDENTIALS.omnideskApi },
	});
}

/**
 * n8n's HTTP Request node reading every customer with its own pagination: `itemStart` raised by the
 * page size until a page comes back short. Each page is one output item holding that page's customers.
 */
export function httpGetAll(id: string, sandboxUrl: string, pageSize: number): Workflow {
	return triggerThen(id, {
		name: UNDER_TEST,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.5,
		parameters: {
			method: 'GET',
			url: `${baseUrls(sandboxUrl).omnideskApi}/api/v2/customer`,
			authentication: 'genericCredentialType',
			genericAuthType: 'httpHeaderAuth',
			sendQuery: true,
			queryParameters: { parameters: [{ name: 'itemLimit', value: String(pageSize) }] },
			options: {
				pagination: {
					pagination: {
						paginationMode: 'updateAParameterInEachRequest',
						parameters: { parameters: [{ type: 'qs', name: 'itemStart', value: `={{ $pageCount * ${pageSize} }}` }] },
						paginationCompleteWhen: 'other',
						completeExpression: `={{ $response.body.items.length < ${pageSize} }}`,
					},
				},
			},
		},
		credentials: { httpHeaderAuth: HTTP_HEADER },
	});
}

/** A manual trigger, then `node`. */
function triggerThen(id: string, node: Record<string, unknown> & { name: string }): Workflow {
	return {
		id,
		name: `Bench: ${id}`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{ id: `${id}-1`, name: TRIGGER, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: `${id}-2`, position: [220, 0], ...node },
		],
		connections: { [TRIGGER]: { main: [[{ node: node.name, type: 'main', index: 0 }]] } },
	};
}
