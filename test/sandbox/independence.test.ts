import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import { PATTERNS } from '../../nodes/Omnidesk/customer/fields';
import { PATHS } from '../../nodes/Omnidesk/provider';
import { credentialData } from '../../sandbox/credentials';
import { OMNIDESK_RULES, type OmnideskSim } from '../../sandbox/providers/omnidesk';
import { Sandbox } from '../../sandbox/server';
import { runNode } from '../helpers/run-node';

/**
 * The sandbox is a check of the nodes only if it was written apart from them: when a node gets a
 * documented rule or path wrong, the sandbox must say so. These tests break a rule or a path of
 * the Omnidesk node on purpose and show the sandbox refusing what the broken node sends.
 */

const ROOT = join(__dirname, '..', '..');
const SANDBOX_DIR = join(ROOT, 'sandbox');

function sourceFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return sourceFiles(path);
		return path.endsWith('.ts') ? [path] : [];
	});
}

test('no file under sandbox/ imports from nodes/ or the n8n credentials: its rules are its own', () => {
	const files = sourceFiles(SANDBOX_DIR);
	expect(files.length).toBeGreaterThan(10);
	const specifier = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)['"]([^'"]+)['"]/g;
	const offenders: string[] = [];
	for (const file of files) {
		for (const [, target] of readFileSync(file, 'utf8').matchAll(specifier)) {
			const into = relative(ROOT, target.startsWith('.') ? resolve(dirname(file), target) : target);
			if (/^(nodes|credentials|dist)(\/|$)/.test(into)) offenders.push(`${relative(SANDBOX_DIR, file)} imports ${target}`);
		}
	}
	expect(offenders).toEqual([]);
});

describe('a node that gets a documented rule or path wrong is caught by the sandbox', () => {
	let sandbox: Sandbox;
	let url: string;

	beforeAll(async () => {
		sandbox = new Sandbox({ port: 0 });
		url = await sandbox.start();
	});
	afterAll(async () => sandbox.stop());
	beforeEach(() => sandbox.reset());
	afterEach(() => jest.restoreAllMocks());

	const omnidesk = (parameters: IDataObject) =>
		runNode({
			type: 'omnidesk',
			parameters: { resource: 'customer', ...parameters } as never,
			credentials: { omnideskApi: credentialData(url).omnideskApi },
		});
	const customers = () => (sandbox.sims.omnidesk as OmnideskSim).state().customers;
	const createWithName = (firstName: string) =>
		omnidesk({ operation: 'create', primaryId: 'crm-1', brandId: '1', additionalFields: { firstName } });

	test('a name with digits: the node refuses it; with the node’s pattern loosened, the sandbox answers 400', async () => {
		const own = await createWithName('R2-D2');
		expect(own.error?.message).toMatch(/First Name.*does not match the pattern/);
		expect(own.error?.httpCode ?? undefined).toBeUndefined();
		expect(customers()).toBe(0);

		jest.replaceProperty(PATTERNS, 'name', /^.+$/);
		const loosened = await createWithName('R2-D2');
		expect(loosened.items).toEqual([]);
		expect(loosened.error).toMatchObject({ httpCode: '400' });
		expect(`${loosened.error?.message} ${loosened.error?.description}`).toMatch(/firstname does not match the pattern/);
		expect(customers()).toBe(0);
	});

	test('a name pattern that forgets the Latin-1 letters: the node refuses “Zoë”, the sandbox creates her', async () => {
		jest.replaceProperty(PATTERNS, 'name', /^[a-zA-Z.\-' ]+$/);
		expect((await createWithName('Zoë')).error?.message).toMatch(/does not match the pattern/);
		jest.restoreAllMocks();
		expect((await createWithName('Zoë')).items.map((item) => item.json)).toEqual([
			expect.objectContaining({ created: true, primaryId: 'crm-1' }),
		]);
		expect(customers()).toBe(1);
	});

	test('a telephone without +: with the node’s pattern loosened, the sandbox answers 400 naming extra_telephone', async () => {
		jest.replaceProperty(PATTERNS, 'telephone', /^\+?[0-9]+$/);
		const { error } = await omnidesk({ operation: 'create', primaryId: 'crm-2', brandId: '1', additionalFields: { extraTelephone: '0612345678' } });
		expect(error).toMatchObject({ httpCode: '400' });
		expect(`${error?.message} ${error?.description}`).toMatch(/extra_telephone/);
		expect(customers()).toBe(0);
	});

	test('Get on a wrong path (customers, plural): the sandbox answers 404 where the right path finds the customer', async () => {
		(sandbox.sims.omnidesk as OmnideskSim).seed(3);
		const right = await omnidesk({ operation: 'get', customerId: '2' });
		expect(right.items.map((item) => item.json)).toEqual([expect.objectContaining({ id: 2, external_primary_id: 'ext-2' })]);

		jest.spyOn(PATHS, 'item').mockImplementation((id: string) => `/api/v2/customers/${encodeURIComponent(id)}`);
		const wrong = await omnidesk({ operation: 'get', customerId: '2' });
		expect(wrong.items).toEqual([]);
		expect(wrong.error).toMatchObject({ httpCode: '404' });
	});

	test('Search by external ID on a path with the wrong case: the sandbox answers 404', async () => {
		(sandbox.sims.omnidesk as OmnideskSim).seed(3);
		jest.replaceProperty(PATHS, 'searchByPrimaryExternalId', '/api/v2/customer/searchByPrimaryExternalId' as never);
		const { error } = await omnidesk({ operation: 'searchByExternalId', primaryId: 'ext-2', brandId: '1' });
		expect(error).toMatchObject({ httpCode: '404' });
	});
});

describe('the sandbox’s Omnidesk rules, by example from doc 003', () => {
	// Examples read off the documented patterns, not off either implementation.
	const rules = OMNIDESK_RULES;

	test.each([
		['Zoë', true], ["O'Brien", true], ['St. Clair', true], ['Dupont-Leroy', true], ['Ærø', true], ['Šárka', true], ['ÿ', true],
		['R2D2', false], ['Ada_L', false], ['Łukasz', false], ['Žofie', false], ['×', false], ['a÷b', false], ['<b>', false], ['', false],
		// "Zoë" with a combining diaeresis: two code points, the second outside the list.
		['Zoe\u0308', false],
	])('name %j: %s', (name, accepted) => expect(rules.name.accepts(name)).toBe(accepted));

	test.each([
		['+31612345678', true], ['+1', true], ['31612345678', false], ['+31 6 1234', false], ['+', false], ['++31', false], ['+٣١', false],
	])('telephone %j: %s', (value, accepted) => expect(rules.telephone.accepts(value)).toBe(accepted));

	test.each([
		['email', true], ['twitter', true], ['17', true], ['sms', false], ['Email', false], ['', false], ['1a', false],
	])('channel_id %j: %s', (value, accepted) => expect(rules.channelId.accepts(value)).toBe(accepted));

	test.each([['Anna 12', true], ['anna@example.com', false], ['Zoë', false], ['a_b', false]])('query %j: %s', (value, accepted) =>
		expect(rules.query.accepts(value)).toBe(accepted),
	);
});
