import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { launchChromium, loggedIn } from '../test/helpers/browser';
import { n8nCredentialsFile } from '../sandbox/credentials';
import { ROOT, freePort, importIntoN8n, installN8n, packPackage, prepareN8n, setupOwner, startN8n } from './n8n';
import { Sandbox } from '../sandbox/server';

/**
 * `npm run screenshots`: each recipe template (examples/recipe-*.json) in n8n's editor, as a PNG in
 * docs/recipes/ for docs/recipes.md. Real n8n with the packed package, headless Chromium.
 */
const OUT = join(ROOT, 'docs', 'recipes');

async function main(): Promise<void> {
	const say = (line: string) => process.stdout.write(`${line}\n`);
	const dir = installN8n();
	const sandbox = new Sandbox();
	const sandboxUrl = await sandbox.start();
	const n8n = prepareN8n(dir, packPackage(), await freePort(), undefined, await freePort());
	const folder = join(n8n.userFolder, 'recipes');
	mkdirSync(folder, { recursive: true });
	const files = readdirSync(join(ROOT, 'examples')).filter((file) => file.startsWith('recipe-') && file.endsWith('.json'));
	for (const file of files) writeFileSync(join(folder, file), readFileSync(join(ROOT, 'examples', file)));
	// The AI agent's model credential, so the editor shows it set (it is never called here).
	const openAi = { id: 'openAiApiCred001', name: 'OpenAI', type: 'openAiApi', data: { apiKey: 'sk-placeholder', url: 'https://api.openai.com/v1' } };
	await importIntoN8n(n8n, [...n8nCredentialsFile(sandboxUrl), openAi], folder);
	const server = await startN8n(n8n);
	const cookie = await setupOwner(server.url);
	const browser = await launchChromium();
	mkdirSync(OUT, { recursive: true });
	try {
		for (const file of files) {
			const { id } = JSON.parse(readFileSync(join(ROOT, 'examples', file), 'utf8')) as { id: string };
			const context = await loggedIn(browser, server.url, cookie);
			const page = await context.newPage();
			await page.goto(`${server.url}/workflow/${id}`, { timeout: 120_000 });
			await page.locator('[data-test-id="execute-workflow-button"]').waitFor({ timeout: 120_000 });
			await page.getByText('Got it').click({ timeout: 2000 }).catch(() => undefined);
			// Fit the whole workflow into the view (the canvas's own button), then let it settle.
			await page.setViewportSize({ width: 1600, height: 1000 });
			await page.waitForTimeout(500);
			await page.locator('[data-test-id="zoom-to-fit"]').click();
			// Every node icon drawn before the picture is taken.
			await page.waitForFunction(() => Array.from((globalThis as unknown as { document: { images: ArrayLike<{ complete: boolean }> } }).document.images).every((image) => image.complete), undefined, { timeout: 60_000 });
			await page.waitForTimeout(1500);
			const target = join(OUT, file.replace(/\.json$/, '.png'));
			await page.screenshot({ path: target });
			say(`${target}`);
			await context.close();
		}
	} finally {
		await browser.close();
		await server.stop();
		await sandbox.stop();
	}
}

main().catch((error: Error) => {
	process.stderr.write(`screenshots: ${error.stack ?? error.message}\n`);
	process.exit(1);
});
