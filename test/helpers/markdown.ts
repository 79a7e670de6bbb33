/**
 * What GitHub makes of a Markdown file, as far as links go: the anchors its headings get, and the
 * links it holds. Written from GitHub's rules (github-slugger and CommonMark), for test/docs.test.ts.
 */

/**
 * github-slugger's rule: lower-case, delete every character that is not a letter (Alphabetic), a
 * mark, a decimal digit, connector punctuation (`_`), a space or a hyphen, then turn each space
 * (only U+0020, one hyphen each, runs not collapsed) into a hyphen. No trimming.
 */
export function slug(text: string): string {
	return text
		.toLowerCase()
		.replace(/[^\p{Alphabetic}\p{M}\p{Nd}\p{Pc} -]/gu, '')
		.replace(/ /g, '-');
}

/** GitHub's anchors for headings in document order: a repeated slug gets -1, -2, … (github-slugger's counter). */
export class Slugger {
	private readonly occurrences = new Map<string, number>();

	slug(text: string): string {
		const base = slug(text);
		let result = base;
		while (this.occurrences.has(result)) {
			const count = this.occurrences.get(base)! + 1;
			this.occurrences.set(base, count);
			result = `${base}-${count}`;
		}
		this.occurrences.set(result, 0);
		return result;
	}
}

/** Each line of `text` outside fenced code blocks (CommonMark: same character, at least as long, no info string on the closer). */
export function linesOutsideCode(text: string): Array<{ line: string; number: number }> {
	const out: Array<{ line: string; number: number }> = [];
	let open: { char: string; length: number } | undefined;
	text.split('\n').forEach((line, index) => {
		if (!open) {
			const fence = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
			if (fence && !(fence[1][0] === '`' && fence[2].includes('`'))) {
				open = { char: fence[1][0], length: fence[1].length };
				return;
			}
			out.push({ line, number: index + 1 });
			return;
		}
		const close = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line);
		if (close && close[1][0] === open.char && close[1].length >= open.length) open = undefined;
	});
	return out;
}

/** The text GitHub renders for inline Markdown: links and images become their text, code spans their content, emphasis and tags vanish. */
export function renderedText(inline: string): string {
	return inline
		.replace(/`+([^`]*)`+/g, '$1')
		.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
		.replace(/<[^>]+>/g, '')
		.replace(/(^|[^\p{L}\p{N}])(\*{1,3}|_{1,3})(?=\S)(.+?)(?<=\S)\2(?=[^\p{L}\p{N}]|$)/gu, '$1$3')
		.replace(/&amp;/g, '&')
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>');
}

/** Every anchor a link may point at in this file: its headings' slugs and explicit `<a id/name>` anchors. */
export function anchorsOf(markdown: string): Set<string> {
	const slugger = new Slugger();
	const anchors = new Set<string>();
	for (const { line } of linesOutsideCode(markdown)) {
		const heading = /^ {0,3}#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/.exec(line);
		if (heading) anchors.add(slugger.slug(renderedText((heading[1] ?? '').trim())));
		for (const match of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(match[1]);
	}
	return anchors;
}

/** Every link of a Markdown file (inline links and images, reference definitions, HTML href/src), outside code. */
export function linksOf(markdown: string): Array<{ target: string; line: number }> {
	const links: Array<{ target: string; line: number }> = [];
	for (const { line, number } of linesOutsideCode(markdown)) {
		const text = line.replace(/`+[^`]*`+/g, '');
		for (const match of text.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) links.push({ target: match[1], line: number });
		const definition = /^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/.exec(text);
		if (definition) links.push({ target: definition[1], line: number });
		for (const match of text.matchAll(/\s(?:href|src)="([^"]+)"/g)) links.push({ target: match[1], line: number });
	}
	return links;
}
