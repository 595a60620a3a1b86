import { describe, expect, it } from 'vitest';
import { CrashBackoff } from '../src/crash-backoff.js';

const timed = async (f: () => Promise<void>): Promise<number> => { const t0 = performance.now(); await f(); return performance.now() - t0; };

describe('CrashBackoff', () => {
  it('lets a first crash restart at once, then doubles the wait for crashes in a row', async () => {
    const backoff = new CrashBackoff(() => true, 100, 1000);
    const waits = [];
    for (let i = 0; i < 4; i++) waits.push(await timed(() => backoff.wait()));
    expect(waits[0]).toBeLessThan(50);
    expect(waits[1]).toBeGreaterThanOrEqual(95);
    expect(waits[2]).toBeGreaterThanOrEqual(195);
    expect(waits[3]).toBeGreaterThanOrEqual(395);
  });

  it('stops waiting as soon as the stage stops', async () => {
    let running = true;
    const backoff = new CrashBackoff(() => running, 10_000, 10_000);
    await backoff.wait();
    setTimeout(() => { running = false; }, 100);
    expect(await timed(() => backoff.wait())).toBeLessThan(1000);
  });
});
