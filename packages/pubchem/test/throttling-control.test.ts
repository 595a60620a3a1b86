import { describe, expect, it } from 'vitest';
import { parseThrottlingControl } from '../src/index.js';

describe('parseThrottlingControl', () => {
  it('parses the header PubChem sends', () => {
    expect(parseThrottlingControl('Request Count status: Green (0%), Request Time status: Green (0%), Service status: Green (20%)')).toEqual({
      requestCount: { status: 'Green', percent: 0 },
      requestTime: { status: 'Green', percent: 0 },
      service: { status: 'Green', percent: 20 },
      worst: 'Green',
    });
  });

  it('takes the worst level of the three', () => {
    expect(parseThrottlingControl('Request Count status: Yellow (62%), Request Time status: Green (12%), Service status: Red (80%)')?.worst).toBe('Red');
    expect(parseThrottlingControl('Request Count status: Green (10%), Request Time status: Yellow (51%), Service status: Green (30%)')?.worst).toBe('Yellow');
  });

  it('recognizes Black (blocked)', () => {
    const status = parseThrottlingControl('Request Count status: Black (100%), Request Time status: Red (91%), Service status: Green (10%)');
    expect(status?.requestCount).toEqual({ status: 'Black', percent: 100 });
    expect(status?.worst).toBe('Black');
  });

  it('returns null for a missing, empty or unparseable header, without throwing', () => {
    expect(parseThrottlingControl(undefined)).toBeNull();
    expect(parseThrottlingControl(null)).toBeNull();
    expect(parseThrottlingControl('')).toBeNull();
    expect(parseThrottlingControl('garbage; status=ok')).toBeNull();
    expect(parseThrottlingControl('Request Count status: Purple (5%)')).toBeNull();
  });

  it('keeps what it can read from a partial header', () => {
    expect(parseThrottlingControl('Service status: Yellow (55%)')).toEqual({
      requestCount: null,
      requestTime: null,
      service: { status: 'Yellow', percent: 55 },
      worst: 'Yellow',
    });
    expect(parseThrottlingControl('request count status: red, Service status: Green (3.5%)')).toMatchObject({
      requestCount: { status: 'Red', percent: null },
      service: { status: 'Green', percent: 3.5 },
      worst: 'Red',
    });
  });
});
