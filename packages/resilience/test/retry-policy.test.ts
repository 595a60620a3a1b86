import { describe, expect, it } from 'vitest';
import { backoffCeilingMs, backoffDelayMs, validateRetryPolicy } from '@strand/resilience';

describe('retry policy', () => {
  const policy = { maxAttempts: 5, baseDelayMs: 50, maxDelayMs: 300 };

  it('grows the ceiling exponentially up to maxDelayMs', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffCeilingMs(policy, n))).toEqual([50, 100, 200, 300, 300]);
  });

  it('draws full-jitter delays inside [0, ceiling) for many random draws', () => {
    for (let attempt = 1; attempt <= 6; attempt++) {
      const ceiling = backoffCeilingMs(policy, attempt);
      for (let i = 0; i < 500; i++) {
        const d = backoffDelayMs(policy, attempt);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThan(ceiling);
      }
    }
  });

  it('rejects nonsense policies', () => {
    expect(() => validateRetryPolicy({ maxAttempts: 0, baseDelayMs: 1, maxDelayMs: 1 })).toThrow(RangeError);
    expect(() => validateRetryPolicy({ maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 5 })).toThrow(RangeError);
    expect(() => validateRetryPolicy(policy)).not.toThrow();
  });
});
