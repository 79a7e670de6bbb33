import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

import { Slugger, anchorsOf, linksOf, renderedText, slug } from './helpers/markdown';
import { credentialTypes } from './helpers/run-node';

/**
 * Every link a reader follows lands somewhere: each relative link and `#anchor` of the README, the
 * pages of docs/, CONTRIBUTING.md and CHANGELOG.md (anchors by GitHub's rules), each link to this
 * repository's own pages, and the documentation links n8n's editor shows (the credentials'
 * documentationUrl, the codex files' links). Nothing points outside the repository.
 */
const ROOT = join(__dirname, '..');
const REPOSITORY = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).homepage.replace(/#readme$/, '') as string;

/**
 * Pages another branch of this round adds (docs/testing.md and docs/adding-an-operation.md, branch
 * `never`): linked already, checked once they exist. Empty this list when they are merged.
 */
function markdownBelow(dir: string): string[] {
	return readdirSync(join(ROOT, dir)).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(join(ROOT, path)).isDirectory()) return markdownBelow(path);
		return name.endsWith('.md') ? [path] : [];
	});
}

const PAGES = ['README.md', 'CONTRIBUTING.md', 'CHANGELOG.md', ...markdownBelow('docs')];
const read = (page: string) => readFileSync(join(ROOT, page), 'utf8');
const anchorCache = new Map<string, Set<string>>();
const anchors = (page: string) => anchorCache.get(page) ?? anchorCache.set(page, anchorsOf(read(page))).get(page)!;

/** What is wrong with a link to `path` (relative to the repository) and `anchor`, if anything. */
function problemWith(path: string, anchor: string | undefined): string | undefined {
	if (path.startsWith('..') || resolve(ROOT, path) !== join(ROOT, path)) return 'points outside the repository';
	if (!existsSync(join(ROOT, path))) return 'no such file';
	if (anchor === undefined || anchor === '') return undefined;
	if (!path.endsWith('.md')) return 'an anchor into a file that is not Markdown';
	return anchors(path).has(decodeURIComponent(anchor)) ? undefined : `no heading gives #${anchor}`;
}

/** A link to this repository's README or one of its files on GitHub, as a path in it and an anchor; undefined for any other URL. */
function repositoryPath(url: string): { path: string; anchor?: string } | undefined {
	if (url !== REPOSITORY && !url.startsWith(`${REPOSITORY}#`) && !url.startsWith(`${REPOSITORY}/`)) return undefined;
	const [address, anchor] = url.split('#');
	const rest = address.slice(REPOSITORY.length);
	if (rest === '' || rest === '/') return { path: 'README.md', anchor };
	// A file of the repository; other pages (releases, compare, issues) are GitHub's own.
	const file = /^\/(?:blob|tree)\/[^/]+\/(.+)$/.exec(rest);
	return file ? { path: decodeURIComponent(file[1]), anchor } : undefined;
}

describe('the documentation', () => {
	test('covers the README, CONTRIBUTING.md, CHANGELOG.md and docs/', () => {
		expect(PAGES).toEqual(expect.arrayContaining(['README.md', 'CONTRIBUTING.md', 'docs/development.md', 'docs/sandbox.md', 'docs/performance.md']));
	});

	test.each(PAGES)('%s: every relative link and anchor lands on a file and a heading', (page) => {
		const broken: string[] = [];
		for (const { target, line } of linksOf(read(page))) {
			if (/^(mailto:|https?:)/.test(target)) {
				const own = repositoryPath(target);
				const problem = own && problemWith(own.path, own.anchor);
				if (problem) broken.push(`line ${line}: ${target}: ${problem}`);
				continue;
			}
			const [file, anchor] = target.split('#');
			const path = file === '' ? page : relative(ROOT, join(ROOT, dirname(page), decodeURIComponent(file)));
			const problem = problemWith(path, anchor);
			if (problem) broken.push(`line ${line}: ${target}: ${problem}`);
		}
		expect(broken).toEqual([]);
	});

	test.each(PAGES)('%s refers to no file outside the repository (the API excerpts and provider notes the package was written from)', (page) => {
		expect(read(page)).not.toMatch(/api-docs|PROVIDERS\.md/);
	});

	test('the README is for n8n users: at most 300 lines, in the order of n8n-nodes-starter’s template', () => {
		const readme = read('README.md');
		expect(readme.split('\n').length).toBeLessThanOrEqual(300);
		const sections = readme.split('\n').filter((line) => line.startsWith('## ')).map((line) => line.slice(3));
		expect(sections).toEqual([
			'Try it locally',
			'Installation',
			'Operations',
			'Credentials',
			'Compatibility',
			'Usage',
			'Known limitations',
			'Resources',
			'Version history',
			'License',
		]);
	});
});

describe('the links n8n’s editor shows', () => {
	test.each(Object.values(credentialTypes).map((type) => [type.name, type.documentationUrl]))('%s: documentationUrl lands on its section of the README', (name, url) => {
		const own = repositoryPath(String(url));
		expect([name, own?.path, own?.anchor && problemWith(own.path, own.anchor)]).toEqual([name, 'README.md', undefined]);
		expect(own?.anchor).toMatch(/-credential$/);
	});

	const codexFiles = readdirSync(join(ROOT, 'nodes')).flatMap((folder) =>
		existsSync(join(ROOT, 'nodes', folder, `${folder}.node.json`)) ? [`nodes/${folder}/${folder}.node.json`] : [],
	);
	test.each(codexFiles)('%s: every documentation link lands on a heading of the README', (file) => {
		const codex = JSON.parse(read(file)) as { resources: Record<string, Array<{ url: string }>> };
		const urls = Object.values(codex.resources).flat().map((resource) => resource.url);
		expect(urls.length).toBeGreaterThan(0);
		for (const url of urls) {
			const own = repositoryPath(url);
			expect([url, own && problemWith(own.path, own.anchor)]).toEqual([url, undefined]);
			expect([url, own?.anchor]).toEqual([url, expect.stringMatching(/\S/)]);
		}
	});
});

describe('GitHub’s anchors, as the checks above compute them', () => {
	test.each([
		['Known limitations', 'known-limitations'],
		['BIK API credential', 'bik-api-credential'],
		['Options › Concurrency', 'options--concurrency'],
		['Retries, pacing and errors', 'retries-pacing-and-errors'],
		['I ♥ unicode', 'i--unicode'],
		['Ready 🚀 to go', 'ready--to-go'],
		['heading with an _ underscore', 'heading-with-an-_-underscore'],
		['Zoë’s café', 'zoës-café'],
		['The sandbox: every node without an account', 'the-sandbox-every-node-without-an-account'],
	])('%s → #%s', (heading, anchor) => {
		expect(slug(renderedText(heading))).toBe(anchor);
	});

	test('inline Markdown is slugged as GitHub renders it', () => {
		expect(slug(renderedText('Map Automatically (`autoMap`)'))).toBe('map-automatically-automap');
		expect(slug(renderedText('See [the sandbox](docs/sandbox.md)'))).toBe('see-the-sandbox');
		expect(slug(renderedText('_Emphasis_ and **strong**'))).toBe('emphasis-and-strong');
	});

	test('repeated headings get -1, -2, and a taken suffix is skipped (github-slugger’s counter)', () => {
		const slugger = new Slugger();
		expect(['echo', 'echo', 'echo 1', 'echo-1', 'echo'].map((text) => slugger.slug(text))).toEqual(['echo', 'echo-1', 'echo-1-1', 'echo-1-2', 'echo-2']);
	});

	test('headings in fenced code are not headings; explicit anchors are', () => {
		const page = '# Title\n\n```bash\n# not a heading\n```\n\n~~~~\n```\n## still code\n~~~~\n\n## Title\n<a id="here"></a>\n';
		expect([...anchorsOf(page)]).toEqual(['title', 'title-1', 'here']);
	});
});
