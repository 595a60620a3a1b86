import { describe, expect, it } from 'vitest';
import { sleep } from '../src/index.js';

describe('sleep', () => {
  it('resolves after the time', async () => {
    const started = performance.now();
    await sleep(30);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
  });

  it('rejects with the signal\'s reason when aborted during the wait', async () => {
    const controller = new AbortController();
    const reason = new Error('stopping');
    const started = performance.now();
    setTimeout(() => controller.abort(reason), 10);
    await expect(sleep(60_000, controller.signal)).rejects.toBe(reason);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('rejects at once when the signal has already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('gone'));
    await expect(sleep(60_000, controller.signal)).rejects.toThrow('gone');
  });
});
