/**
 * What n8n's event loop was doing, read from its busy time (Node's
 * `performance.eventLoopUtilization().active`, passed in) whenever a request starts or ends: how
 * busy it is, and when it was last idle. Pure: the clock and the reading are passed in.
 *
 * A loop that is idle waits for I/O with nothing to handle: an answer that had arrived would be
 * handled instead. So an answer recorded at `end` arrived after the loop's last idle moment, and
 * of its latency, at most `end − idleAt` can be n8n's own queue; the rest is the provider's (or the
 * network's). When the answers of a window come back together, the loop handles them in turn and
 * the last of them waits for the others; the loop was idle just before they came, so the bound is
 * tight. When the loop is idle often, as it is while a provider queues, the bound is close to `end`
 * and the latency counts nearly whole.
 */
export const LOOP = {
	/**
	 * Idle time shorter than this between two readings is not counted: the loop also "idles" for a
	 * moment when it polls for I/O that is already there.
	 */
	idleMinMs: 0.1,
	/** The busy share is smoothed over this long (the adaptive concurrency's shortest round). */
	smoothMs: 250,
	/** Readings closer than this only move `idleAt`; the share is taken over at least this long. */
	shareEveryMs: 10,
} as const;

export class LoopWatch {
	/** A lower bound of the latest moment the loop was idle (−∞ before it is known). */
	idleAt = -Infinity;
	/** The loop's busy share (0 to 1), smoothed over about LOOP.smoothMs. */
	share = 0;
	private last: { now: number; busy: number } | undefined;
	private shareFrom: { now: number; busy: number } | undefined;

	constructor(private readonly busy: () => number) {}

	/** One reading at `now` (on the clock the latencies are measured on). */
	read(now: number): void {
		const busy = this.busy();
		const last = this.last;
		this.last = { now, busy };
		if (!last) {
			this.shareFrom = this.last;
			return;
		}
		// The idle time since the last reading lies somewhere after it: the latest idle moment is
		// at least that much after the last reading.
		const idle = now - last.now - (busy - last.busy);
		if (idle >= LOOP.idleMinMs) this.idleAt = Math.max(this.idleAt, last.now + idle);
		const from = this.shareFrom!;
		const elapsed = now - from.now;
		if (elapsed < LOOP.shareEveryMs) return;
		const share = Math.min(1, Math.max(0, (busy - from.busy) / elapsed));
		this.share += Math.min(1, elapsed / LOOP.smoothMs) * (share - this.share);
		this.shareFrom = this.last;
	}

	/** Of an attempt from `startedAt` to `end` (just read), the most that n8n's own queue can account for. */
	ownDelay(startedAt: number, end: number): number {
		return end - Math.max(startedAt, Math.min(end, this.idleAt));
	}
}
