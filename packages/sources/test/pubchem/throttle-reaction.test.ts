import { describe, it, expect } from 'vitest';
import { parseThrottlingControl } from '@strand/pubchem';
import { throttleReaction } from '../../src/pubchem/throttle-reaction.js';

const header = (count: string, time: string, service: string) =>
  parseThrottlingControl(`Request Count status: ${count} (10%), Request Time status: ${time} (10%), Service status: ${service} (10%)`);

describe('throttleReaction', () => {
  it('runs at full rate on Green and changes nothing when the header is missing', () => {
    expect(throttleReaction(header('Green', 'Green', 'Green'))).toEqual({ slowdown: 1, pause: false });
    expect(throttleReaction(parseThrottlingControl(undefined))).toEqual({ slowdown: null, pause: false });
  });

  it('halves on Yellow and quarters on Red request time or service load (worst wins)', () => {
    expect(throttleReaction(header('Green', 'Yellow', 'Green')).slowdown).toBe(0.5);
    expect(throttleReaction(header('Green', 'Yellow', 'Red')).slowdown).toBe(0.25);
  });

  it('does not slow down for a Red request count (our own rate, which the shared limiter already bounds)', () => {
    expect(throttleReaction(header('Red', 'Green', 'Green'))).toEqual({ slowdown: 1, pause: false });
  });

  it('pauses every instance on Black in any measure', () => {
    expect(throttleReaction(header('Black', 'Green', 'Green')).pause).toBe(true);
    expect(throttleReaction(header('Green', 'Green', 'Black')).pause).toBe(true);
  });
});
