import type { INodeProperties, INodePropertyCollection, INodePropertyOptions, INodeType } from 'n8n-workflow';

import { Bik } from '../nodes/Bik/Bik.node';
import { Hyfin } from '../nodes/Hyfin/Hyfin.node';
import { Omnidesk } from '../nodes/Omnidesk/Omnidesk.node';
import { OmnideskTrigger } from '../nodes/Omnidesk/OmnideskTrigger.node';
import { Rehook } from '../nodes/Rehook/Rehook.node';

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
