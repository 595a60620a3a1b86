import { sleep } from './sleep.js';

/**
 * How long a consumer waits before kafkajs restarts it: nothing after a first crash, then doubling
 * from 500 ms up to 30 s for crashes in a row; a crash more than a minute after the last starts over.
 */
export class CrashBackoff {
  private streak = 0;
  private last = 0;
  constructor(private readonly running: () => boolean, private readonly baseMs = 500, private readonly maxMs = 30_000) {}

  async wait(): Promise<void> {
    const now = Date.now();
    this.streak = now - this.last > 60_000 ? 1 : this.streak + 1;
    this.last = now;
    if (this.streak === 1) return;
    const until = Date.now() + Math.min(this.maxMs, this.baseMs * 2 ** (this.streak - 2));
    // Short naps, so a stop is not held up by a long backoff.
    while (this.running() && Date.now() < until) await sleep(Math.min(250, until - Date.now()));
  }
}
