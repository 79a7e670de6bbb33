import { writeSync } from 'node:fs';

/**
 * Loaded into n8n with `node --require` by the benchmark. When the process exits, it writes to
 * standard error:
 * - the peak resident memory the kernel saw (getrusage's ru_maxrss, in KiB);
 * - the process's CPU time (user and system, all threads) sampled every CPU_SAMPLE_MS against the
 *   wall clock, as `[wall ms, CPU ms]` pairs, so that the benchmark can take the CPU n8n spent
 *   between the first and the last request the sandbox saw (harness.ts, `cpuBetween`).
 */
const CPU_SAMPLE_MS = 20;
const samples: Array<[number, number]> = [];
const sample = () => {
	const { user, system } = process.cpuUsage();
	samples.push([Date.now(), Math.round((user + system) / 100) / 10]);
};
sample();
setInterval(sample, CPU_SAMPLE_MS).unref();

process.on('exit', () => {
	sample();
	writeSync(2, `\nBENCH_PEAK_RSS_KB=${process.resourceUsage().maxRSS}\nBENCH_CPU_SAMPLES=${JSON.stringify(samples)}\n`);
});
