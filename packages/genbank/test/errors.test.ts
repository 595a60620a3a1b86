import { describe, expect, it } from 'vitest';
import { GenbankParseError } from '@strand/genbank';

describe('GenbankParseError', () => {
  it('carries code, line, source, retriable=false and puts the place in the message', () => {
    const e = new GenbankParseError('GENBANK_TRUNCATED', 'no // terminator', { line: 12, source: 'gbvrl1.seq' });
    expect(e).toBeInstanceOf(Error);
    expect([e.name, e.code, e.line, e.source, e.retriable]).toEqual(['GenbankParseError', 'GENBANK_TRUNCATED', 12, 'gbvrl1.seq', false]);
    expect(e.message).toBe('gbvrl1.seq:12: no // terminator');
    expect(new GenbankParseError('GENBANK_BAD_LINE', 'x', { line: 3 }).message).toBe('line 3: x');
    expect(new GenbankParseError('GENBANK_BAD_LOCATION', 'x').line).toBeNull();
  });
});
