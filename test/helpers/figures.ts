import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where the reliability suite writes its figures (git-ignored); docs/reliability.md quotes them. */
export const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts');

/**
 * Merges `figures` into `test-artifacts/<file>`. Test files run in separate workers and may share a
 * file, so the read-merge-write happens under a lock file, and the file is replaced by a rename.
 */
export async function recordFigures(file: string, figures: Record<string, unknown>): Promise<void> {
	mkdirSync(ARTIFACTS, { recursive: true });
	const target = join(ARTIFACTS, file);
	const lock = `${target}.lock`;
	let fd: number | undefined;
	for (let attempt = 0; fd === undefined; attempt++) {
		try {
			fd = openSync(lock, 'wx');
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			// A lock left by a crashed run is taken over after a few seconds.
			if (attempt > 100) unlinkSync(lock);
			else await new Promise((resolve) => setTimeout(resolve, 30));
		}
	}
	try {
		let current: Record<string, unknown> = {};
		if (existsSync(target)) {
			try {
				current = JSON.parse(readFileSync(target, 'utf8')) as Record<string, unknown>;
			} catch {
				current = {};
			}
		}
		const temporary = `${target}.${process.pid}.tmp`;
		writeFileSync(temporary, `${JSON.stringify({ ...current, ...figures }, null, 2)}\n`);
		renameSync(temporary, target);
	} finally {
		closeSync(fd);
		unlinkSync(lock);
	}
}
