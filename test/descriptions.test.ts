import type { INodeProperties, INodePropertyCollection, INodePropertyOptions, INodeType } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { Bik } from '../nodes/Bik/Bik.node';
import { Hyfin } from '../nodes/Hyfin/Hyfin.node';
import { Omnidesk } from '../nodes/Omnidesk/Omnidesk.node';
import { OmnideskTrigger } from '../nodes/Omnidesk/OmnideskTrigger.node';
import { Rehook } from '../nodes/Rehook/Rehook.node';
import { customerOperations as bikOperations } from '../nodes/Bik/customer';
import { customerOperations as hyfinOperations } from '../nodes/Hyfin/customer';
import { customerOperations as omnideskOperations } from '../nodes/Omnidesk/customer';
import { customerOperations as rehookOperations } from '../nodes/Rehook/customer';
import { acceptedNames, specFor } from '../nodes/shared/fields/automap';
import type { Operation } from '../nodes/shared/types';

/**
 * n8n's lint rules read field descriptions written as object literals; ours are partly built by
 * helpers (text(), collection()), which the linter cannot see through. These checks apply the
 * same conventions to the descriptions as n8n loads them, so nothing escapes them.
 */
const nodes: INodeType[] = [new Bik(), new Omnidesk(), new OmnideskTrigger(), new Rehook(), new Hyfin()];

type Walked = { path: string; property: INodeProperties };
function walk(properties: INodeProperties[], path: string, out: Walked[] = []): Walked[] {
	for (const property of properties) {
		const here = `${path} › ${property.displayName}`;
		out.push({ path: here, property });
		for (const option of property.options ?? []) {
			if ('values' in option) walk((option as INodePropertyCollection).values, `${here} › ${option.displayName}`, out);
			else if ('type' in option) walk([option as INodeProperties], here, out);
		}
	}
	return out;
}
const all = nodes.flatMap((node) => walk(node.description.properties, node.description.displayName));

test.each(nodes.map((node) => [node.description.displayName, node]))('%s: options and collections are sorted as n8n sorts them', (_name, node) => {
	for (const { path, property } of walk(node.description.properties, node.description.displayName)) {
		const options = property.options ?? [];
		if (property.type === 'options' || property.type === 'multiOptions') {
			const names = (options as INodePropertyOptions[]).map((o) => o.name);
			expect([path, names]).toEqual([path, [...names].sort((a, b) => a.localeCompare(b))]);
		}
		if (property.type === 'collection') {
			const names = (options as INodeProperties[]).map((o) => o.displayName);
			expect([path, names]).toEqual([path, [...names].sort((a, b) => a.localeCompare(b))]);
		}
	}
});

test('every field has a default, and a boolean’s description starts with "Whether"', () => {
	for (const { path, property } of all) {
		if (property.type === 'notice') continue;
		expect([path, property.default !== undefined]).toEqual([path, true]);
		if (property.type === 'boolean' && property.description) expect([path, property.description]).toEqual([path, expect.stringMatching(/^Whether /)]);
	}
});

test('every operation has an action text in sentence case and a description', () => {
	for (const node of nodes) {
		const operations = node.description.properties.filter((p) => p.name === 'operation');
		for (const property of operations) {
			for (const option of property.options as INodePropertyOptions[]) {
				expect([option.name, option.action]).toEqual([option.name, expect.stringMatching(/^[A-Z][a-z]+( [a-z(]|$)/)]);
				expect([option.name, option.description]).toEqual([option.name, expect.stringMatching(/\S/)]);
			}
		}
	}
});

test('a field name means one thing: the same name never changes type between operations', () => {
	for (const node of nodes) {
		const types = new Map<string, string>();
		for (const property of node.description.properties) {
			const known = types.get(property.name);
			expect([node.description.name, property.name, known ?? property.type]).toEqual([node.description.name, property.name, property.type]);
			types.set(property.name, property.type);
		}
	}
});

describe('the Customer properties are built from the operations (customerProperties in fields/describe.ts)', () => {
	const operationsOf: Record<string, Record<string, Operation>> = {
		BIK: bikOperations,
		Omnidesk: omnideskOperations,
		Rehook: rehookOperations,
		Hyfin: hyfinOperations,
	};

	/** The action nodes: the trigger has no Operation switch. */
	const actionNodes = nodes.filter((node) => operationsOf[node.description.displayName]);

	test.each(actionNodes.map((node) => [node.description.displayName, node]))('%s: the Operation switch lists every operation the node runs, once', (name, node) => {
		const listed = node.description.properties.filter((p) => p.name === 'operation').flatMap((p) => (p.options as INodePropertyOptions[]).map((o) => o.value));
		expect([...listed].sort()).toEqual(Object.keys(operationsOf[name]).sort());
		expect(new Set(listed).size).toBe(listed.length);
	});

	test.each(actionNodes.map((node) => [node.description.displayName, node]))(
		'%s: an operation with Map Automatically has Input Mode and Ignore Unknown Fields, and each of its own fields is hidden or shown per mode',
		(name, node) => {
			const properties = node.description.properties;
			for (const [operation, spec] of Object.entries(operationsOf[name])) {
				const shownFor = (property: INodeProperties) => (property.displayOptions?.show?.operation as string[] | undefined)?.includes(operation);
				const inputMode = properties.find((p) => p.name === 'inputMode' && shownFor(p));
				const ignore = properties.find((p) => p.name === 'ignoreUnknownFields' && shownFor(p));
				if (!spec.autoMap) {
					expect([operation, inputMode, ignore]).toEqual([operation, undefined, undefined]);
					continue;
				}
				const modes = (inputMode?.options as INodePropertyOptions[]).map((o) => o.value);
				expect([operation, modes[0], modes[modes.length - 1]]).toEqual([operation, 'fields', 'autoMap']);
				expect([operation, ignore?.displayOptions?.show?.inputMode]).toEqual([operation, ['autoMap']]);
				for (const property of properties.filter((p) => shownFor(p) && !['inputMode', 'ignoreUnknownFields', 'retryOnFailNotice', 'authentication'].includes(p.name))) {
					const perMode = property.displayOptions?.show?.inputMode as string[] | undefined;
					const hidden = property.displayOptions?.hide?.inputMode as string[] | undefined;
					expect([operation, property.name, perMode ? !perMode.includes('autoMap') : hidden?.includes('autoMap')]).toEqual([operation, property.name, true]);
				}
			}
		},
	);

	test.each(actionNodes.map((node) => [node.description.displayName, node]))(
		'%s: in every node version, Map Automatically fills only fields that version’s panel has, and its Ignore Unknown Fields lists that version’s names',
		(name, node) => {
			const properties = node.description.properties;
			const versions = [node.description.version].flat();
			const shownIn = (property: INodeProperties, operation: string, version: number) => {
				const show = property.displayOptions?.show;
				return (show?.operation as string[] | undefined)?.includes(operation) && (!show?.['@version'] || (show['@version'] as number[]).includes(version));
			};
			for (const [operation, { autoMap }] of Object.entries(operationsOf[name])) {
				if (!autoMap) continue;
				for (const version of versions) {
					const spec = specFor(autoMap, version);
					for (const path of Object.values(spec.fields)) {
						const [top, inner] = path.split('.');
						const property = properties.find((p) => p.name === top && shownIn(p, operation, version));
						// Inside a collection, the field must be one of its options (a JSON field, BIK's, holds any key).
						const holds = !!property && (!inner || property.type !== 'collection' || (property.options ?? []).some((option) => 'name' in option && option.name === inner));
						expect([operation, version, path, holds]).toEqual([operation, version, path, true]);
					}
					const ignore = properties.find((p) => p.name === 'ignoreUnknownFields' && shownIn(p, operation, version));
					expect([operation, version, ignore?.description]).toEqual([operation, version, expect.stringContaining(`Accepted: ${acceptedNames(spec)}.`)]);
				}
			}
		},
	);
});

test('no dropdown offers only one choice, except Resource (n8n shows it as its own one-resource nodes do, and its node panel groups actions by it)', () => {
	const oneChoice = all
		.filter(({ property }) => (property.type === 'options' || property.type === 'multiOptions') && (property.options ?? []).length < 2)
		.map(({ path }) => path);
	const withResource = nodes.filter((node) => node.description.properties.some((property) => property.name === 'resource'));
	expect(withResource).toHaveLength(4);
	expect(oneChoice).toEqual(withResource.map((node) => `${node.description.displayName} › Resource`));
});

describe('Rehook: the operation decides the credential; Authentication is not a choice', () => {
	const rehook = new Rehook().description;
	const authentication = rehook.properties.filter((property) => property.name === 'authentication');

	test('Authentication is hidden, one value per operation, as saved workflows hold it', () => {
		expect(authentication.map((property) => [property.type, property.displayOptions?.show?.operation, property.default])).toEqual([
			['hidden', ['createOrUpdate'], 'basic'],
			['hidden', ['create'], 'appSecret'],
		]);
		// Its one option lets n8n's editor drop a value left over from the other operation.
		expect(authentication.map((property) => (property.options as INodePropertyOptions[]).map((option) => option.value))).toEqual([['basic'], ['appSecret']]);
	});

	test.each([
		['createOrUpdate', {}, 'basic', 'rehookApi'],
		['create', {}, 'appSecret', 'rehookAppApi'],
		['createOrUpdate', { authentication: 'basic' }, 'basic', 'rehookApi'],
		['create', { authentication: 'appSecret' }, 'appSecret', 'rehookAppApi'],
	])('%s, saved with %p: n8n resolves Authentication to %s and shows the %s credential', (operation, saved, value, credential) => {
		const node = { id: 'r', name: 'Rehook', type: 'n8n-nodes-customer-sync.rehook', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };
		const parameters = NodeHelpers.getNodeParameters(rehook.properties, { operation, ...saved }, true, false, node, rehook)!;
		expect(parameters.authentication).toBe(value);
		const shown = (rehook.credentials ?? []).filter((c) => NodeHelpers.displayParameter(parameters, c, node, rehook)).map((c) => c.name);
		expect(shown).toEqual([credential]);
	});
});
