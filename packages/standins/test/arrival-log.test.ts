import { describe, expect, it } from 'vitest';
import { ArrivalLog } from '@strand/standins';

describe('ArrivalLog', () => {
  const log = new ArrivalLog();
  for (const t of [0, 100, 999, 1000, 1500, 1999, 2000]) log.record(t);

  it('counts events in (now - window, now]', () => {
    expect(log.countSince(999, 1000)).toBe(3);
    expect(log.countSince(1000, 1000)).toBe(3); // 0 has left the window
    expect(log.countSince(2000, 1000)).toBe(3);
  });

  it('finds the busiest half-open interval [t, t + window)', () => {
    expect(log.maxInAnyWindow(1000)).toBe(3); // e.g. [1000, 2000) holds 1000, 1500, 1999 but not 2000
    expect(log.maxInAnyWindow(1001)).toBe(4); // [999, 2000)
    expect(log.maxInAnyWindow(1)).toBe(1);
    expect(log.maxInAnyWindow(10_000)).toBe(7);
  });

  it('says when the oldest event in the window leaves it', () => {
    expect(log.oldestInWindowExpiresAt(1000, 1000)).toBe(1100);
    expect(new ArrivalLog().oldestInWindowExpiresAt(5, 1000)).toBeNull();
  });
});
