import { describe, it, expect } from 'vitest';
import { decodeSdfRecords } from '../../src/pubchem/sdf-records-utf8.js';

const record = (cid: number, title = `compound ${cid}`) => `${title}\n  made up\n\n  0  0  0  0  0  0  0  0  0  0999 V2000\nM  END\n> <PUBCHEM_COMPOUND_CID>\n${cid}\n\n$$$$\n`;

describe('decodeSdfRecords', () => {
  it('keeps well-formed records as they are, multi-byte characters included', () => {
    const text = record(1) + record(2, 'caf\u00e9 \u03b1') + record(3);
    const { text: kept, refused } = decodeSdfRecords(Buffer.from(text, 'utf8'), 'http://x/sdf');
    expect(kept).toBe(text);
    expect(refused.size).toBe(0);
  });

  it('refuses only the record with a bad byte, naming its CID, the byte offset and line in the whole answer', () => {
    const first = Buffer.from(record(1), 'utf8');
    const bad = Buffer.from(record(2), 'utf8');
    bad[3] = 0xc3; // a lead byte followed by an ASCII byte: not UTF-8
    const bytes = Buffer.concat([first, bad, Buffer.from(record(3), 'utf8')]);
    const { text, refused } = decodeSdfRecords(bytes, 'http://x/sdf');
    expect(text).toBe(record(1) + record(3));
    expect([...refused.keys()]).toEqual([2]);
    expect(refused.get(2)!.message).toContain(`CID 2 is not well-formed UTF-8 at byte offset ${first.length + 3} (line 10, column 4, byte 0xc3)`);
  });

  it('refuses the whole answer when the bad byte is in no record that names its CID', () => {
    const bytes = Buffer.concat([Buffer.from(record(1), 'utf8'), Buffer.from([0x41, 0xff, 0x0a])]);
    expect(() => decodeSdfRecords(bytes, 'http://x/sdf')).toThrow(/INPUT_NOT_UTF8|in no record naming its CID/);
  });

  it('handles CRLF terminators and an answer without a final newline', () => {
    const text = record(1).replace(/\n/g, '\r\n') + record(2).slice(0, -1);
    const { text: kept, refused } = decodeSdfRecords(Buffer.from(text, 'utf8'), 'http://x/sdf');
    expect(kept).toBe(text);
    expect(refused.size).toBe(0);
  });
});
