import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The rule of docs/testing.md: where each kind of test and helper lives. */
const ROOT = join(__dirname, '..');

function filesBelow(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		return statSync(path).isDirectory() ? filesBelow(path) : [relative(ROOT, path)];
	});
}

const testFiles = filesBelow(join(ROOT, 'test'));

test('every file under test/ that is not a test is in test/helpers/', () => {
	expect(testFiles.filter((file) => !file.endsWith('.test.ts') && !file.startsWith('test/helpers/'))).toEqual([]);
});

test('a unit test under test/shared/ is named after a module of nodes/shared/, in the same folder', () => {
	const unmatched = testFiles
		.filter((file) => file.startsWith('test/shared/'))
		.filter((file) => !existsSync(join(ROOT, file.replace(/^test\//, 'nodes/').replace(/\.test\.ts$/, '.ts'))));
	expect(unmatched).toEqual([]);
});

test('a unit test under test/<provider>/ is named after a module of that provider', () => {
	const providers = readdirSync(join(ROOT, 'nodes')).filter((name) => name !== 'shared');
	const unmatched = testFiles
		.filter((file) => providers.some((provider) => file.startsWith(`test/${provider.toLowerCase()}/`)))
		.filter((file) => {
			// test/omnidesk/validate.test.ts → nodes/Omnidesk/customer/validate.ts (the resource's folder);
			// test/omnidesk/trigger/customers.test.ts → nodes/Omnidesk/trigger/customers.ts.
			const [, folder, ...rest] = file.split('/');
			const provider = providers.find((p) => p.toLowerCase() === folder)!;
			const path = rest.length === 1 ? ['customer', ...rest] : rest;
			return !existsSync(join(ROOT, 'nodes', provider, ...path).replace(/\.test\.ts$/, '.ts'));
		});
	expect(unmatched).toEqual([]);
});
