import { describe, it, expect } from 'vitest';
import { describeProgress } from '../src/work-watch.js';

describe('describeProgress', () => {
  it('shows bytes read of total, records published and stored, the rate and an ETA from the bytes while publishing', () => {
    // 100 records from a quarter of the input: about 400 in all; 360 to go at 4 records/s.
    expect(describeProgress({ published: 100, stored: 40 }, 10, { read: 25e6, total: 100e6 }, false))
      .toBe('25.0 of 100.0 MB read | 100 published | 40 stored | 4.0 records/s | ETA 1:30');
  });

  it('once everything is published (or fetched), the ETA is what is left to store at the storing rate', () => {
    expect(describeProgress({ published: 100, stored: 40, fetched: true }, 10)).toBe('100 published | 40 stored | 4.0 records/s | ETA 0:15');
    expect(describeProgress({ published: 100, stored: 40 }, 10, { read: 5e6, total: null }, true)).toBe('5.0 MB read | 100 published | 40 stored | 4.0 records/s | ETA 0:15');
  });

  it('says ? when no ETA can be told (nothing stored yet, or no total and still publishing)', () => {
    expect(describeProgress({ published: 0, stored: 0 }, 0)).toBe('0 published | 0 stored | 0.0 records/s | ETA ?');
    expect(describeProgress({ published: 50, stored: 10, fetched: false }, 5)).toBe('50 published | 10 stored | 2.0 records/s | ETA ?');
  });
});
