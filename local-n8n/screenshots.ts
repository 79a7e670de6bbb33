import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Page } from 'playwright-core';

import { launchChromium, loggedIn } from '../test/helpers/browser';
import { allN8nCredentials } from '../sandbox/credentials';
import { ROOT, freePort, importIntoN8n, installN8n, packPackage, prepareN8n, setupOwner, startN8n } from './n8n';
import { Sandbox } from '../sandbox/server';

/**
 * `npm run screenshots`: each recipe template (examples/recipe-*.json) in n8n's editor, as a PNG in
 * docs/recipes/ for docs/recipes.md (`npm run screenshots -- <recipe> …` for some of them). Real n8n
 * with the packed package, headless Chromium.
 */
const OUT = join(ROOT, 'docs', 'recipes');
/** The canvas zoom at which node labels (13 px at zoom 1) stay readable in the picture. */
const READABLE_ZOOM = 0.8;
const MAX_SIZE = { width: 4400, height: 3000 };
/** What floats over the canvas, by n8n 2.41's data-test-id. */
const FLOATING = [
	'execute-workflow-button',
	'workflow-chat-button',
	'canvas-controls',
	'logs-panel',
	'canvas-chat',
	'node-creator-plus-button',
	'canvas-add-button',
	'ask-assistant-floating-button',
	'canvas-build-with-ai-button',
	'toggle-focus-panel-button',
];

/** The canvas's zoom: the scale of the transform Vue Flow draws the nodes with. */
async function canvasZoom(page: Page): Promise<number> {
	const transform = await page
		.locator('.vue-flow__transformationpane')
		.first()
		.evaluate((element) => (globalThis as unknown as { getComputedStyle(element: unknown): { transform: string } }).getComputedStyle(element).transform);
	// "matrix(a, b, c, d, e, f)": a is the scale.
	const scale = /^matrix\(([\d.e-]+),/.exec(transform)?.[1];
	if (!scale) throw new Error(`no zoom in the canvas transform "${transform}"`);
	return Number(scale);
}

/** The part of the page the workflow's nodes and sticky notes cover, with a margin. */
async function workflowArea(page: Page, viewport: { width: number; height: number }) {
	type Rect = { left: number; top: number; right: number; bottom: number };
	const rects = await page
		.locator('.vue-flow__node')
		.evaluateAll((elements) => elements.map((element) => (element as unknown as { getBoundingClientRect(): Rect }).getBoundingClientRect()));
	// Labels and notes hang below a node and may be wider than it.
	const margin = 90;
	const left = Math.max(0, Math.min(...rects.map((r) => r.left)) - margin);
	const top = Math.max(0, Math.min(...rects.map((r) => r.top)) - margin);
	const right = Math.min(viewport.width, Math.max(...rects.map((r) => r.right)) + margin);
	const bottom = Math.min(viewport.height, Math.max(...rects.map((r) => r.bottom)) + margin);
	return { x: left, y: top, width: right - left, height: bottom - top };
}

async function main(): Promise<void> {
	const say = (line: string) => process.stdout.write(`${line}\n`);
	const dir = installN8n();
	const sandbox = new Sandbox();
	const sandboxUrl = await sandbox.start();
	const n8n = prepareN8n(dir, packPackage(), await freePort(), undefined, await freePort());
	const folder = join(n8n.userFolder, 'recipes');
	mkdirSync(folder, { recursive: true });
	// `npm run screenshots -- recipe-ai-agent …` renders only the recipes named.
	const only = process.argv.slice(2).map((name) => name.replace(/\.(json|png)$/, ''));
	const files = readdirSync(join(ROOT, 'examples')).filter(
		(file) => file.startsWith('recipe-') && file.endsWith('.json') && (only.length === 0 || only.includes(file.replace(/\.json$/, ''))),
	);
	if (files.length === 0) throw new Error(`no recipe named ${only.join(', ')} in examples/`);
	for (const file of files) writeFileSync(join(folder, file), readFileSync(join(ROOT, 'examples', file)));
	// The AI agent's model credential, so the editor shows it set (it is never called here).
	const openAi = { id: 'openAiApiCred001', name: 'OpenAI', type: 'openAiApi', data: { apiKey: 'sk-placeholder', url: 'https://api.openai.com/v1' } };
	await importIntoN8n(n8n, [...allN8nCredentials(sandboxUrl), openAi], folder);
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
			// Fit the whole workflow into the view (the canvas's own button). A wide workflow fitted into
			// a small window is drawn too small to read: the window grows until the canvas's zoom is
			// at least READABLE_ZOOM.
			let size = { width: 1600, height: 1000 };
			for (let attempt = 0; ; attempt++) {
				await page.setViewportSize(size);
				await page.waitForTimeout(500);
				await page.locator('[data-test-id="zoom-to-fit"]').click();
				await page.waitForTimeout(800);
				const zoom = await canvasZoom(page);
				if (zoom >= READABLE_ZOOM || attempt === 3) {
					say(`${file}: ${size.width}×${size.height}, zoom ${zoom.toFixed(2)}`);
					break;
				}
				const grow = READABLE_ZOOM / zoom;
				size = { width: Math.min(MAX_SIZE.width, Math.ceil(size.width * grow)), height: Math.min(MAX_SIZE.height, Math.ceil(size.height * grow)) };
			}
			// The editor's floating buttons (run, chat, zoom, the side toolbar) and the logs bar would
			// cover node labels: hidden for the picture.
			await page.addStyleTag({ content: `${FLOATING.map((id) => `[data-test-id="${id}"]`).join(', ')} { visibility: hidden !important; }` });
			// Every node icon drawn before the picture is taken.
			await page.waitForFunction(() => Array.from((globalThis as unknown as { document: { images: ArrayLike<{ complete: boolean }> } }).document.images).every((image) => image.complete), undefined, { timeout: 60_000 });
			await page.waitForTimeout(1500);
			const target = join(OUT, file.replace(/\.json$/, '.png'));
			// The picture holds the workflow (nodes and notes), not the empty canvas around it.
			await page.screenshot({ path: target, clip: await workflowArea(page, size) });
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
