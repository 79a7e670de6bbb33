import { writeSync } from 'node:fs';

/**
 * Loaded into n8n with `node --require` by the benchmark: when the process exits, it writes the
 * peak resident memory the kernel saw (getrusage's ru_maxrss, in KiB) to standard error.
 */
process.on('exit', () => {
	writeSync(2, `\nBENCH_PEAK_RSS_KB=${process.resourceUsage().maxRSS}\n`);
});
