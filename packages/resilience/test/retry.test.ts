import { describe, expect, it } from 'vitest';
import { ResilienceError, ResilienceErrorCodes, retry } from '@strand/resilience';

const policy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000 };

function retriable(message: string): ResilienceError {
  return new ResilienceError(ResilienceErrorCodes.NETWORK, message);
}

/** Records requested delays instead of waiting. */
function fakeSleep(): { delays: number[]; sleep: (ms: number) => Promise<void> } {
  const delays: number[] = [];
  return { delays, sleep: async (ms) => void delays.push(ms) };
}

describe('retry', () => {
  it('returns the first success and passes the attempt number', async () => {
    const { delays, sleep } = fakeSleep();
    const seen: number[] = [];
    const result = await retry(
      async (attempt) => {
        seen.push(attempt);
        if (attempt < 3) throw retriable(`attempt ${attempt}`);
        return 'ok';
      },
      policy,
      { sleep, random: () => 0.5 },
    );
    expect(result).toBe('ok');
    expect(seen).toEqual([1, 2, 3]);
    expect(delays).toEqual([50, 100]);
  });

  it('gives up after maxAttempts and rethrows the last error unchanged', async () => {
    const { delays, sleep } = fakeSleep();
    let calls = 0;
    const err = await retry(
      async (attempt) => {
        calls++;
        throw retriable(`failure ${attempt}`);
      },
      policy,
      { sleep },
    ).catch((e: unknown) => e);
    expect(calls).toBe(4);
    expect(delays).toHaveLength(3);
    expect(err).toBeInstanceOf(ResilienceError);
    expect((err as Error).message).toBe('failure 4');
  });

  it('does not retry a non-retriable error', async () => {
    const { delays, sleep } = fakeSleep();
    let calls = 0;
    const poison = new ResilienceError(ResilienceErrorCodes.HTTP_STATUS, 'HTTP 404');
    await expect(
      retry(
        async () => {
          calls++;
          throw poison;
        },
        policy,
        { sleep },
      ),
    ).rejects.toBe(poison);
    expect(calls).toBe(1);
    expect(delays).toEqual([]);
  });

  it('treats plain errors as non-retriable by default and honours a custom isRetriable', async () => {
    const { sleep } = fakeSleep();
    let calls = 0;
    await expect(retry(async () => { calls++; throw new Error('bug'); }, policy, { sleep })).rejects.toThrow('bug');
    expect(calls).toBe(1);
    calls = 0;
    await expect(retry(async () => { calls++; throw new Error('flaky'); }, policy, { sleep, isRetriable: () => true })).rejects.toThrow('flaky');
    expect(calls).toBe(4);
  });

  it('keeps every jittered delay within [0, min(maxDelay, base*2^(n-1)))', async () => {
    const wide = { maxAttempts: 8, baseDelayMs: 100, maxDelayMs: 1000 };
    for (const r of [0, 0.25, 0.999999]) {
      const { delays, sleep } = fakeSleep();
      await retry(async () => { throw retriable('x'); }, wide, { sleep, random: () => r }).catch(() => undefined);
      const ceilings = [100, 200, 400, 800, 1000, 1000, 1000];
      expect(delays).toHaveLength(7);
      delays.forEach((d, i) => {
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThan(ceilings[i]!);
        expect(d).toBe(Math.floor(r * ceilings[i]!));
      });
    }
  });

  it('waits at least the Retry-After the error carries', async () => {
    const { delays, sleep } = fakeSleep();
    const err = Object.assign(retriable('busy'), { retryAfterMs: 5000 });
    await retry(async (a) => { if (a === 1) throw err; return 1; }, policy, { sleep, random: () => 0 });
    expect(delays).toEqual([5000]);
  });

  it('reports each retry through onRetry', async () => {
    const { sleep } = fakeSleep();
    const reports: [string, number, number][] = [];
    await retry(async (a) => { if (a < 3) throw retriable(`e${a}`); }, policy, {
      sleep,
      random: () => 0.1,
      onRetry: (e, attempt, delay) => reports.push([(e as Error).message, attempt, delay]),
    });
    expect(reports).toEqual([['e1', 1, 10], ['e2', 2, 20]]);
  });

  it('stops with the abort reason when the signal aborts during backoff', async () => {
    const controller = new AbortController();
    let calls = 0;
    const reason = new Error('shutting down');
    const done = retry(
      async () => {
        calls++;
        if (calls === 1) setImmediate(() => controller.abort(reason));
        throw retriable('down');
      },
      { maxAttempts: 10, baseDelayMs: 60_000, maxDelayMs: 60_000 },
      { signal: controller.signal, random: () => 0.99 },
    );
    await expect(done).rejects.toBe(reason);
    expect(calls).toBe(1);
  });
});
