import { describe, expect, it } from 'vitest';
import { CircuitBreaker, CircuitOpenError, ResilienceError, ResilienceErrorCodes } from '@strand/resilience';
import type { CircuitState } from '@strand/resilience';

function clock(): { now: () => number; advance: (ms: number) => void } {
  let t = 1_000_000;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

const fail = async (): Promise<never> => {
  throw new ResilienceError(ResilienceErrorCodes.NETWORK, 'connection refused');
};

describe('CircuitBreaker', () => {
  it('goes closed -> open -> half-open -> closed', async () => {
    const c = clock();
    const breaker = new CircuitBreaker({ name: 'pubchem', failureThreshold: 3, openMs: 5000, now: c.now });
    const changes: [CircuitState, CircuitState][] = [];
    breaker.onStateChange((to, from) => changes.push([from, to]));

    await breaker.run(async () => 'fine');
    for (let i = 0; i < 2; i++) await expect(breaker.run(fail)).rejects.toThrow('connection refused');
    expect(breaker.state).toBe('closed');
    await expect(breaker.run(fail)).rejects.toThrow('connection refused');
    expect(breaker.state).toBe('open');

    let called = 0;
    const open = await breaker.run(async () => void called++).catch((e: unknown) => e);
    expect(called).toBe(0);
    expect(open).toBeInstanceOf(CircuitOpenError);
    expect(open).toMatchObject({ code: 'CIRCUIT_OPEN', retriable: true, breaker: 'pubchem', retryAfterMs: 5000 });
    expect((open as Error).message).toContain('"pubchem"');

    expect(() => breaker.check()).toThrow(CircuitOpenError);
    c.advance(4999);
    expect(breaker.state).toBe('open');
    c.advance(1);
    expect(breaker.state).toBe('half-open');
    expect(() => breaker.check()).not.toThrow();
    expect(await breaker.run(async () => 'probe ok')).toBe('probe ok');
    expect(breaker.state).toBe('closed');
    expect(changes).toEqual([['closed', 'open'], ['open', 'half-open'], ['half-open', 'closed']]);
  });

  it('lets exactly one probe through while half-open and re-opens when it fails', async () => {
    const c = clock();
    const breaker = new CircuitBreaker({ name: 'ncbi', failureThreshold: 1, openMs: 1000, now: c.now });
    await expect(breaker.run(fail)).rejects.toThrow();
    c.advance(1000);

    let release!: () => void;
    const probe = breaker.run(() => new Promise<void>((_, reject) => (release = () => reject(new Error('still down')))));
    await expect(breaker.run(async () => 'second')).rejects.toBeInstanceOf(CircuitOpenError);
    release();
    await expect(probe).rejects.toThrow('still down');
    expect(breaker.state).toBe('open');
    await expect(breaker.run(async () => 'x')).rejects.toBeInstanceOf(CircuitOpenError);
    c.advance(1000);
    expect(breaker.state).toBe('half-open');
  });

  it('resets the failure count on success and ignores non-retriable errors', async () => {
    const c = clock();
    const breaker = new CircuitBreaker({ name: 'x', failureThreshold: 2, openMs: 1000, now: c.now });
    const notFound = async (): Promise<never> => {
      throw new ResilienceError(ResilienceErrorCodes.HTTP_STATUS, 'HTTP 404');
    };
    await expect(breaker.run(fail)).rejects.toThrow();
    await breaker.run(async () => 1);
    await expect(breaker.run(fail)).rejects.toThrow();
    for (let i = 0; i < 5; i++) await expect(breaker.run(notFound)).rejects.toThrow('404');
    expect(breaker.state).toBe('closed');
    await expect(breaker.run(fail)).rejects.toThrow();
    await expect(breaker.run(fail)).rejects.toThrow();
    expect(breaker.state).toBe('open');
  });
});
