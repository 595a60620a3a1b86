import { describe, expect, it } from 'vitest';
import { FaultInjector } from '@strand/standins';

function takeMany(f: FaultInjector, n: number): boolean[] {
  return Array.from({ length: n }, () => f.take('status503'));
}

describe('FaultInjector', () => {
  it('a number >= 1 faults exactly the next N requests', () => {
    const f = new FaultInjector({ status503: 2 });
    expect(takeMany(f, 4)).toEqual([true, true, false, false]);
    expect(f.injected).toEqual({ status503: 2 });
  });

  it('a number in (0, 1) is a probability per request', () => {
    const draws = [0.05, 0.5, 0.29, 0.31];
    let i = 0;
    const f = new FaultInjector({ status503: 0.3 }, () => draws[i++]!);
    expect(takeMany(f, 4)).toEqual([true, false, true, false]);
  });

  it('object forms say it explicitly; setFaults resets the counts', () => {
    const f = new FaultInjector({ status503: { probability: 1 } }, () => 0.999);
    expect(takeMany(f, 3)).toEqual([true, true, true]);
    f.set({ status503: { next: 1 } });
    expect(takeMany(f, 2)).toEqual([true, false]);
    f.set({});
    expect(takeMany(f, 2)).toEqual([false, false]);
    expect(f.take('reset')).toBe(false);
  });

  it('keeps slowBodyMs as a duration', () => {
    expect(new FaultInjector({ slowBodyMs: 250 }).slowBodyMs).toBe(250);
    expect(new FaultInjector({}).slowBodyMs).toBe(0);
  });
});
