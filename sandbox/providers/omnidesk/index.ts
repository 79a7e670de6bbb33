import { SANDBOX_CREDENTIALS } from '../../credentials';
import type { ProviderSim, SimReply, SimRequest } from '../../types';
import { error } from './answers';
import { create, createCrud } from './handlers/create';
import { addChannelOnly, deleteChannel } from './handlers/channels';
import { externalEvent, syncWithCrm, timeline } from './handlers/events';
import { getItem, index, searchByChannel, searchByPrimary } from './handlers/read';
import { deleteItem, purge } from './handlers/remove';
import { updateCustomer, updateItem, updateName } from './handlers/update';
import type { Route } from './model';
import { OmnideskStore } from './store';

export { OMNIDESK_RULES } from './rules';

/**
 * Omnidesk (doc 003 and PROVIDERS.md): the Customer controller below /api/v2/customer, key in the
 * `apiKey` header (or `?apiKey=`). The POST calls take multipart/form-data, the PUT calls
 * application/x-www-form-urlencoded. Errors: {"status": "error", "message": "..."}.
 *
 * This file routes a request to its handler (handlers/), after the key and body type checks.
 * store.ts keeps the customers, rules.ts checks the fields, answers.ts shapes the answers.
 *
 * Where the documentation is silent the sandbox states its own reading, from PROVIDERS.md and the
 * README's "Known limitations", never from the node's code:
 * - DELETE /api/v2/customer/{id}: PROVIDERS.md › Omnidesk, "Take `DELETE /api/v2/customer/{id}` for item".
 * - DELETE /api/v2/customer/purgedata: PROVIDERS.md › Omnidesk, "Public guides show
 *   `DELETE /api/v2/customer/purgedata`". Its parameters are not given anywhere; the sandbox reads
 *   them as the names doc 003 uses for the same customer elsewhere: externalPrimaryID and brandID
 *   (PUT updateCustomer), or customerID (PUT /api/v2/customer), in the query (a DELETE has no body).
 * - itemChannel: PROVIDERS.md › Omnidesk leaves the path to "choose and document"; the README's
 *   "Known limitations" documents DELETE /api/v2/customer/{id}/channel/{channelId}: the item's path
 *   with the channel below it, which the sandbox serves.
 * - The timeline's ticket-history flag ("Include this with any value") has no name in doc 003;
 *   the README's "Known limitations" names it `ticket_history`.
 */

/** Doc 003: every Customer endpoint is below /api/v2/customer (POST /api/v2/customer, PUT /api/v2/customer/{id}, ...). */
const BASE = '/api/v2/customer';
const MULTIPART = 'multipart/form-data';
const URLENCODED = 'application/x-www-form-urlencoded';

export class OmnideskSim implements ProviderSim {
	readonly name = 'omnidesk' as const;
	readonly secretHeaders = ['apikey'];
	private readonly store = new OmnideskStore();

	/** The endpoints with a name of their own below /api/v2/customer/, by "METHOD name". */
	private readonly named: Record<string, Route> = {
		'DELETE purgedata': { run: (request) => purge(this.store, request) },
		'PUT updateCustomer': { body: URLENCODED, run: (_, fields) => updateCustomer(this.store, fields) },
		'POST SearchByPrimaryExternalID': { body: MULTIPART, run: (_, fields) => searchByPrimary(this.store, fields) },
		'POST SearchByCustomerChannelValue': { body: MULTIPART, run: (_, fields) => searchByChannel(this.store, fields) },
		'POST addChannelOnly': { body: MULTIPART, run: (_, fields) => addChannelOnly(this.store, fields) },
		'GET timelineByCustomerExternalID': { run: (request) => timeline(this.store, request) },
		'POST externalEvent': { body: MULTIPART, run: (_, fields) => externalEvent(this.store, fields) },
		'POST syncWithCRM': { body: MULTIPART, run: (_, fields) => syncWithCrm(fields) },
		'POST createCustomerCRUD': { body: MULTIPART, run: (_, fields) => createCrud(this.store, fields) },
	};

	reset(): void {
		this.seed(0);
	}

	/** Replaces every customer with `count` generated ones: IDs 1..count, external IDs ext-<id>, brand 1. */
	seed(count: number): void {
		this.store.seed(count);
	}

	state() {
		return this.store.state();
	}

	handle(request: SimRequest): SimReply {
		const route = this.route(request.method, request.path);
		if (!route) return error(404, `No endpoint ${request.method} ${request.path}`);
		const key = SANDBOX_CREDENTIALS.omnidesk.apiKey;
		const header = request.headers.apikey;
		if (header !== key && request.query.apiKey !== key) {
			return error(401, header === undefined && request.query.apiKey === undefined ? 'No API key given' : 'Invalid API key');
		}
		if (route.body) {
			if (request.contentType !== route.body) {
				return error(400, `This endpoint expects Content-Type ${route.body}, got ${request.contentType || 'none'}`);
			}
			if (request.badForm) return error(400, `The ${route.body} body could not be read`);
		}
		return route.run(request, request.form ?? {});
	}

	private route(method: string, path: string): Route | undefined {
		if (path === BASE) {
			if (method === 'GET') return { run: (request) => index(this.store, request) };
			if (method === 'POST') return { body: MULTIPART, run: (_, fields) => create(this.store, fields) };
			if (method === 'PUT') return { body: URLENCODED, run: (_, fields) => updateName(this.store, fields) };
			return undefined;
		}
		if (!path.startsWith(`${BASE}/`)) return undefined;
		let segments: string[];
		try {
			segments = path.slice(BASE.length + 1).split('/').map(decodeURIComponent);
		} catch {
			return undefined;
		}
		if (segments.some((segment) => segment === '')) return undefined;
		if (segments.length === 1) {
			const [name] = segments;
			const named = this.named[`${method} ${name}`];
			if (named) return named;
			// A named endpoint asked with another method.
			if (Object.keys(this.named).some((known) => known.endsWith(` ${name}`))) return undefined;
			if (method === 'GET') return { run: () => getItem(this.store, name) };
			if (method === 'PUT') return { body: URLENCODED, run: (_, fields) => updateItem(this.store, name, fields) };
			if (method === 'DELETE') return { run: () => deleteItem(this.store, name) };
			return undefined;
		}
		if (segments.length === 3 && segments[1] === 'channel' && method === 'DELETE') {
			return { run: () => deleteChannel(this.store, segments[0], segments[2]) };
		}
		return undefined;
	}
}
