import { describe, expect, it } from 'vitest';
import { StrandError, createLogger, retry, retryForever, validateRetryPolicy } from '../src/index.js';

const fast = { maxAttempts: Infinity, baseDelayMs: 1, maxDelayMs: 2 };

function fakeSleep(): { delays: number[]; sleep: (ms: number) => Promise<void> } {
  const delays: number[] = [];
  return { delays, sleep: async (ms) => void delays.push(ms) };
}

describe('retry', () => {
  it('retries by the classification of the error: outages and rebalances yes, poison and credentials no', async () => {
    const refused = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    const failures = [refused, new StrandError('REBALANCED', 'generation lost')];
    let calls = 0;
    expect(await retry(async () => { const f = failures[calls++]; if (f) throw f; return 'done'; }, fast)).toBe('done');
    expect(calls).toBe(3);

    for (const err of [new StrandError('RECORD_INVALID', 'poison'), new StrandError('AUTH_FAILED', 'refused'), new Error('bug')]) {
      let n = 0;
      await expect(retry(async () => { n++; throw err; }, fast)).rejects.toBe(err);
      expect(n).toBe(1);
    }
  });

  it('with maxAttempts Infinity goes on until keepGoing says stop, and rethrows the last error', async () => {
    let calls = 0;
    let allowed = 5;
    const err = await retry(async () => { calls++; throw new StrandError('PG_UNREACHABLE', `down ${calls}`); }, fast, { keepGoing: () => --allowed > 0 }).catch((e: unknown) => e);
    expect((err as Error).message).toBe('down 3');
    expect(calls).toBe(3);
  });

  it('asks keepGoing again after the wait, so it does not start another attempt once told to stop', async () => {
    let calls = 0;
    let stopping = false;
    const sleep = async () => { stopping = true; };
    await expect(retry(async () => { calls++; throw new StrandError('NETWORK', 'x'); }, fast, { keepGoing: () => !stopping, sleep })).rejects.toThrow('x');
    expect(calls).toBe(1);
  });

  it('calls between after each wait and onRetry before it, with full-jitter delays', async () => {
    const { delays, sleep } = fakeSleep();
    const events: string[] = [];
    await retry(async (attempt) => { events.push(`attempt ${attempt}`); if (attempt < 3) throw new StrandError('TIMEOUT', 't'); }, { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000 }, {
      sleep,
      random: () => 0.5,
      between: async () => void events.push('between'),
      onRetry: (_e, attempt, delayMs) => events.push(`retry ${attempt} after ${delayMs}`),
    });
    expect(delays).toEqual([50, 100]);
    expect(events).toEqual(['attempt 1', 'retry 1 after 50', 'between', 'attempt 2', 'retry 2 after 100', 'between', 'attempt 3']);
  });

  it('rejects with the signal\'s reason when aborted while waiting', async () => {
    const controller = new AbortController();
    const reason = new StrandError('STOPPING', 'stopping');
    const done = retry(async () => { setImmediate(() => controller.abort(reason)); throw new StrandError('NETWORK', 'down'); }, { maxAttempts: Infinity, baseDelayMs: 60_000, maxDelayMs: 60_000 }, { signal: controller.signal, random: () => 0.99 });
    await expect(done).rejects.toBe(reason);
  });

  it('validates its policy: Infinity attempts are allowed, zero or an infinite delay are not', () => {
    expect(() => validateRetryPolicy({ maxAttempts: Infinity, baseDelayMs: 0, maxDelayMs: 10 })).not.toThrow();
    expect(() => validateRetryPolicy({ maxAttempts: 0, baseDelayMs: 0, maxDelayMs: 10 })).toThrow(RangeError);
    expect(() => validateRetryPolicy({ maxAttempts: 2, baseDelayMs: 10, maxDelayMs: Infinity })).toThrow(RangeError);
  });
});

describe('retryForever', () => {
  it('waits out retriable errors, logging each retry with its code, and throws a non-retriable one at once', async () => {
    const lines: string[] = [];
    const logger = createLogger('debug', {}, (line) => lines.push(line));
    let calls = 0;
    const result = await retryForever(async () => { if (++calls < 3) throw new StrandError('KAFKA_UNAVAILABLE', 'no leader'); return calls; }, {
      what: 'producing', logger, keepGoing: () => true, baseDelayMs: 1, maxDelayMs: 2,
    });
    expect(result).toBe(3);
    expect(lines.map((l) => JSON.parse(l) as Record<string, unknown>)).toEqual([
      expect.objectContaining({ level: 'warn', msg: 'producing failed, retrying', attempt: 1, code: 'KAFKA_UNAVAILABLE', error: 'no leader' }),
      expect.objectContaining({ attempt: 2 }),
    ]);
    const poison = new StrandError('SCHEMA_DECODE_FAILED', 'garbage');
    await expect(retryForever(async () => { throw poison; }, { what: 'decoding', logger, keepGoing: () => true })).rejects.toBe(poison);
  });
});
