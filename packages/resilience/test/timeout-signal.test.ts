import { describe, expect, it } from 'vitest';
import { TimeoutError, timeoutSignal } from '@strand/resilience';

function aborted(signal: AbortSignal): Promise<unknown> {
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(signal.reason), { once: true }));
}

describe('timeoutSignal', () => {
  it('aborts with a retriable TimeoutError naming the operation', async () => {
    const reason = await aborted(timeoutSignal(5, undefined, 'GET http://x/'));
    expect(reason).toBeInstanceOf(TimeoutError);
    expect(reason).toMatchObject({ code: 'TIMEOUT', retriable: true, timeoutMs: 5 });
    expect((reason as Error).message).toBe('GET http://x/ timed out after 5 ms');
  });

  it('follows the parent signal with the parent reason', async () => {
    const parent = new AbortController();
    const signal = timeoutSignal(60_000, parent.signal);
    const stop = new Error('stop');
    parent.abort(stop);
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe(stop);
  });
});
