import { describe, expect, it } from 'vitest';
import { AdaptiveBatchSizer } from '@strand/resilience';

describe('AdaptiveBatchSizer', () => {
  it('grows on fast successes up to max and never beyond', () => {
    const sizer = new AdaptiveBatchSizer({ min: 1, max: 100, initial: 10, fastMs: 500 });
    const sizes: number[] = [];
    for (let i = 0; i < 20; i++) {
      sizer.onSuccess(100);
      sizes.push(sizer.size);
    }
    expect(sizes.slice(0, 3)).toEqual([15, 22, 33]);
    expect(Math.max(...sizes)).toBe(100);
    expect(sizer.size).toBe(100);
  });

  it('holds on slow successes', () => {
    const sizer = new AdaptiveBatchSizer({ min: 1, max: 100, initial: 10, fastMs: 500 });
    sizer.onSuccess(501);
    expect(sizer.size).toBe(10);
  });

  it('shrinks on throttle down to min and never below', () => {
    const sizer = new AdaptiveBatchSizer({ min: 2, max: 100, initial: 64, fastMs: 500 });
    const sizes: number[] = [];
    for (let i = 0; i < 10; i++) {
      sizer.onThrottle();
      sizes.push(sizer.size);
    }
    expect(sizes.slice(0, 5)).toEqual([32, 16, 8, 4, 2]);
    expect(Math.min(...sizes)).toBe(2);
  });

  it('grows by at least one even from size 1 and clamps the initial size', () => {
    const sizer = new AdaptiveBatchSizer({ min: 1, max: 3, initial: 50, fastMs: 10, growFactor: 1.1 });
    expect(sizer.size).toBe(3);
    sizer.onThrottle();
    sizer.onThrottle();
    expect(sizer.size).toBe(1);
    sizer.onSuccess(0);
    expect(sizer.size).toBe(2);
  });

  it('rejects invalid bounds', () => {
    expect(() => new AdaptiveBatchSizer({ min: 5, max: 2, initial: 3, fastMs: 1 })).toThrow(RangeError);
    expect(() => new AdaptiveBatchSizer({ min: 0, max: 2, initial: 1, fastMs: 1 })).toThrow(RangeError);
  });
});
