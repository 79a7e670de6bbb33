import type { ICredentialDataDecryptedObject, IDataObject, INodeProperties } from 'n8n-workflow';

import { Bik } from '../nodes/Bik/Bik.node';
import { Hyfin } from '../nodes/Hyfin/Hyfin.node';
import { Omnidesk } from '../nodes/Omnidesk/Omnidesk.node';
import { Rehook } from '../nodes/Rehook/Rehook.node';
import { ApiServer, type Reply } from './helpers/api-server';
import { runNode } from './helpers/run-node';

/**
 * Map Automatically by node version, through n8n-core with real HTTP. Version 2 ignores the
 * columns other systems add (Google Sheets' row_number, Airtable's id and createdTime, a CSV's
 * own columns) by default, and still fails an item whose column is a near miss of a documented
 * name, so a misspelt column is never dropped unnoticed. Version 1 runs as before.
 */
const api = new ApiServer();
let baseUrl: string;
beforeAll(async () => {
	baseUrl = await api.start();
});
afterAll(async () => api.stop());

interface Target {
	node: 'bik' | 'rehook' | 'hyfin' | 'omnidesk';
	operation: string;
	row: IDataObject;
	reply: Reply;
	/** A column named almost like a documented one, and that name. */
	misspelt: [string, string];
}
const targets: Target[] = [
	{ node: 'bik', operation: 'createOrUpdate', row: { email: 'ada@example.com', firstName: 'Ada' }, reply: { body: { status: 200, data: { customer: { id: 1 } } } }, misspelt: ['firstname', 'firstName'] },
	{ node: 'rehook', operation: 'createOrUpdate', row: { source_id: 'crm-1' }, reply: { body: { message: 'Customer Created' } }, misspelt: ['referralCode', 'referral_code'] },
	{ node: 'hyfin', operation: 'addUpdate', row: { external_id: 'x-1', first_name: 'Ada', last_name: 'Lovelace' }, reply: { body: { success: true, action: 'added', _id: '1' } }, misspelt: ['e-mail', 'email'] },
	{ node: 'omnidesk', operation: 'createCrud', row: { primaryID: 'crm-1', firstname: 'Ada' }, reply: { status: 204 }, misspelt: ['lastName', 'lastname'] },
];
const rows = targets.map((target) => ({ title: `${target.node} ${target.operation}`, target }));

function credentials(node: Target['node']): Record<string, ICredentialDataDecryptedObject> {
	switch (node) {
		case 'bik':
			return { bikApi: { apiKey: 'k', apiSecret: 's', baseUrl: `${baseUrl}/integrations` } };
		case 'rehook':
			return { rehookApi: { apiKey: 'k', secretKey: 's', baseUrl } };
		case 'hyfin':
			return { hyfinApi: { baseUrl, siteId: 'site-1', accessToken: 't' } };
		case 'omnidesk':
			return { omnideskApi: { apiKey: 'k', baseUrl } };
	}
}

/** Runs the target with Map Automatically, as a node of `typeVersion` saved with `extra` parameters. */
function run(target: Target, typeVersion: number, items: IDataObject[], extra: IDataObject = {}) {
	api.reset(() => target.reply);
	return runNode({
		type: target.node,
		typeVersion,
		parameters: { operation: target.operation, inputMode: 'autoMap', ...extra } as never,
		credentials: credentials(target.node),
		items,
	});
}

/** What the provider received, form or JSON, as field names. */
function sentNames(): string[] {
	const request = api.received[0];
	if (request.json) return Object.keys(request.json as IDataObject).sort();
	return [...request.rawBody.matchAll(/name="([^"]+)"/g)].map((match) => match[1]).sort();
}

describe('version 2, by default', () => {
	const sources: Array<[string, IDataObject]> = [
		['a Google Sheets row (row_number)', { row_number: 2 }],
		['an Airtable record (id, createdTime)', { id: 'rec8116cdd76088af', createdTime: '2024-05-01T09:12:44.000Z' }],
		['a CSV export with columns of its own', { Company: 'Analytical Engines Ltd', 'Signed Up': '2024-05-01', Status: 'active', notes_internal: 'called twice' }],
	];
	test.each(rows.flatMap(({ title, target }) => sources.map(([source, columns]) => ({ title, source, target, columns }))))(
		'$title: $source is sent without its extra columns',
		async ({ target, columns }) => {
			const result = await run(target, 2, [{ ...target.row, ...columns }]);
			expect(result.error).toBeUndefined();
			expect(api.received).toHaveLength(1);
			const sent = sentNames();
			for (const column of Object.keys(columns)) expect(sent).not.toContain(column);
			for (const column of Object.keys(target.row)) expect(sent).toContain(column);
		},
	);

	test.each(rows)('$title: a near miss of a documented name fails the item, naming both, and nothing is sent', async ({ target }) => {
		const [column, documented] = target.misspelt;
		const result = await run(target, 2, [target.row, { ...target.row, row_number: 3, [column]: 'x' }]);
		expect(result.error?.message).toBe(
			`Invalid "Input Mode": Map Automatically found a field named almost like a documented one: "${column}" (did you mean "${documented}"?) [item 1]`,
		);
		expect(result.error?.description).toMatch(/^Names are matched exactly, case included, so this value would be dropped\. Rename the field/);
		expect(api.received).toHaveLength(0);
	});

	test('case, separators and small typos are near misses: firstname, First Name, e-mail, E_MAIL, emial', async () => {
		const bik = targets[0];
		const result = await run(bik, 2, [{ email: 'ada@example.com', firstname: 'Ada', 'First Name': 'Ada', 'e-mail': 'a', E_MAIL: 'b', emial: 'c' }]);
		expect(result.error?.message).toBe(
			'Invalid "Input Mode": Map Automatically found fields named almost like a documented one: ' +
				'"firstname" (did you mean "firstName"?), "First Name" (did you mean "firstName"?), "e-mail" (did you mean "email"?), ' +
				'"E_MAIL" (did you mean "email"?), "emial" (did you mean "email"?) [item 0]',
		);
	});
});

describe('version 2, with Ignore Unknown Fields switched off', () => {
	test.each(rows)('$title: every unknown column fails the item, near misses with the name they are close to', async ({ target }) => {
		const [column, documented] = target.misspelt;
		const result = await run(target, 2, [{ ...target.row, row_number: 3, [column]: 'x' }], { ignoreUnknownFields: false });
		expect(result.error?.message).toBe(
			`Invalid "Input Mode": Map Automatically found fields the API does not document: "row_number", "${column}" (did you mean "${documented}"?) [item 0]`,
		);
		expect(api.received).toHaveLength(0);
	});
});

describe('version 1 runs as before', () => {
	test.each(rows)('$title: an extra column fails the item by default', async ({ target }) => {
		const result = await run(target, 1, [{ ...target.row, row_number: 3 }]);
		expect(result.error?.message).toBe('Invalid "Input Mode": Map Automatically found a field the API does not document: "row_number" [item 0]');
		expect(api.received).toHaveLength(0);
	});

	test.each(rows)('$title: with Ignore Unknown Fields every unknown column is dropped, near misses too', async ({ target }) => {
		const [column] = target.misspelt;
		const result = await run(target, 1, [{ ...target.row, row_number: 3, [column]: 'x' }], { ignoreUnknownFields: true });
		expect(result.error).toBeUndefined();
		expect(sentNames()).not.toContain(column);
	});
});

describe('the switch, per version', () => {
	const nodes = [new Bik(), new Rehook(), new Hyfin(), new Omnidesk()];
	test.each(nodes.map((node) => [node.description.displayName, node]))('%s: off in version 1, on in version 2, both listing the accepted names', (_name, node) => {
		const switches = node.description.properties.filter((property) => property.name === 'ignoreUnknownFields');
		const byVersion = (version: number) => switches.filter((property) => (property.displayOptions?.show?.['@version'] as number[]).includes(version));
		expect(switches.length).toBeGreaterThan(0);
		expect(byVersion(1).length).toBe(switches.length / 2);
		expect(byVersion(1).map((property: INodeProperties) => property.default)).toEqual(byVersion(1).map(() => false));
		expect(byVersion(2).map((property: INodeProperties) => property.default)).toEqual(byVersion(2).map(() => true));
		for (const [v1, v2] of byVersion(1).map((property, index) => [property, byVersion(2)[index]])) {
			expect(v2.displayOptions?.show?.operation).toEqual(v1.displayOptions?.show?.operation);
			expect(v2.description).toMatch(/Google Sheets.*firstname for firstName/);
			expect(v2.description?.split('Accepted: ')[1]).toBe(v1.description?.split('Accepted: ')[1]);
			expect(v2.description?.split('Accepted: ')[1]).toMatch(/\w, \w/);
		}
	});
});
