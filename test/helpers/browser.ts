import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { chromium, type Browser, type BrowserContext } from 'playwright-core';

import { ROOT } from '../../local-n8n/n8n';

export const ARTIFACTS = join(ROOT, 'test-artifacts');

/**
 * Headless Debian Chromium, installed if missing. The flags keep it from reaching out to the
 * network, which this machine refuses (and which would slow every start).
 */
export async function launchChromium(): Promise<Browser> {
	execFileSync('bash', [join(ROOT, 'scripts', 'install-chromium.sh')], { stdio: ['ignore', 'inherit', 'inherit'] });
	mkdirSync(ARTIFACTS, { recursive: true });
	return chromium.launch({
		executablePath: '/usr/bin/chromium',
		args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
	});
}

/** A browser context logged in to n8n with the session cookie the owner setup returned. */
export async function loggedIn(browser: Browser, url: string, cookie: string, colorScheme: 'light' | 'dark' = 'light'): Promise<BrowserContext> {
	const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, colorScheme });
	const [name, ...value] = cookie.split('=');
	await context.addCookies([{ name, value: value.join('='), url }]);
	return context;
}
