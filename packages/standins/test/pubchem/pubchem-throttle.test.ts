import { describe, expect, it } from 'vitest';
import { PubchemThrottle, throttleColor } from '@strand/standins';

describe('PubchemThrottle', () => {
  it('colours Green under 50%, Yellow 50-75%, Red over 75%', () => {
    expect([0, 49, 50, 75, 76, 100].map(throttleColor)).toEqual(['Green', 'Green', 'Yellow', 'Yellow', 'Red', 'Red']);
  });

  it('admits up to the per-second limit, then refuses until the window slides', () => {
    const t = new PubchemThrottle({ perSecond: 2, perMinute: 100 });
    expect([t.admit(0), t.admit(10), t.admit(20)].map((a) => a.admitted)).toEqual([true, true, false]);
    expect(t.admit(999).admitted).toBe(false);
    expect(t.admit(1000).admitted).toBe(true);
  });

  it('reports request time used per minute', () => {
    const t = new PubchemThrottle({ perSecond: 5, perMinute: 400, runtimePerMinuteMs: 1000 });
    t.admit(0);
    t.recordRuntime(0, 600);
    expect(t.header(0)).toBe('Request Count status: Green (20%), Request Time status: Yellow (60%), Service status: Green (0%)');
    expect(t.header(60_000)).toContain('Request Time status: Green (0%)');
  });

  it('refuses requests once the running time per minute is used up', () => {
    const t = new PubchemThrottle({ perSecond: 100, perMinute: 100, runtimePerMinuteMs: 1000 });
    expect(t.admit(0).admitted).toBe(true);
    t.recordRuntime(0, 1000);
    expect(t.admit(5000)).toEqual({ admitted: false, reason: 'rate-limit' });
    expect(t.admit(60_000).admitted).toBe(true);
  });

  it('blocks after repeated violations, then lets the client back', () => {
    const t = new PubchemThrottle({ perSecond: 1, perMinute: 100, blockAfterViolations: 2, blockMs: 5000 });
    t.admit(0);
    expect(t.admit(1)).toEqual({ admitted: false, reason: 'rate-limit' });
    expect(t.admit(2)).toEqual({ admitted: false, reason: 'rate-limit' });
    expect(t.admit(2000)).toEqual({ admitted: false, reason: 'blocked' });
    expect(t.header(2000)).toMatch(/^Request Count status: Black \(100%\)/);
    expect(t.admit(5002).admitted).toBe(true);
  });
});
