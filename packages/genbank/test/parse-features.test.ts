import { describe, expect, it } from 'vitest';
import { GenbankParseError } from '@strand/genbank';
import { parseFeatureTable } from '../src/parse-features.js';

function table(lines: string[]) {
  const text = `FEATURES             Location/Qualifiers\n${lines.join('\n')}\nORIGIN\n`;
  return parseFeatureTable(text, text.indexOf('\n') + 1, 2, 'f.gb');
}

describe('parseFeatureTable', () => {
  it('stops at the next keyword and reports where', () => {
    const r = table(['     gene            1..10', '                     /gene="a"']);
    expect(r.features).toEqual([{ type: 'gene', location: '1..10', qualifiers: { gene: ['a'] } }]);
    expect(r.endLine).toBe(4);
  });

  it('joins a location wrapped without a trailing comma while parentheses are open, and a lone ")" line', () => {
    const r = table([
      '     CDS             join(1..10,20..30',
      '                     ,40..50',
      '                     )',
      '                     /gene="a"',
    ]);
    expect(r.features[0]?.location).toBe('join(1..10,20..30,40..50)');
  });

  it('skips blank lines inside the table and trims trailing spaces', () => {
    const r = table(['     gene            1..10   ', '', '                     /gene="a"   ']);
    expect(r.features[0]).toEqual({ type: 'gene', location: '1..10', qualifiers: { gene: ['a'] } });
  });

  it('keeps values with "=" inside and "/" at line start inside quotes', () => {
    const r = table(['     misc_feature    1..2', '                     /note="a=b', '                     /c=d"', '                     /x=y=z']);
    expect(r.features[0]?.qualifiers).toEqual({ note: ['a=b /c=d'], x: ['y=z'] });
  });

  it('reads badly escaped quotes the way Biopython does', () => {
    const r = table([
      '     misc_feature    1..2',
      '                     /note="""This"" is ""already"" ""escaped"""',
      '                     /product="One missing ""quotation mark" here"',
      '                     /gene="g"',
      '     misc_feature    3..4',
      '                     /note="End not properly "escaped""',
      '                     /label=""Start" not properly escaped"',
      '     misc_feature    5..6',
      '                     /note="one stray " quote"',
      '     misc_feature    7..8',
      '                     /note="an escaped quote at a line end ""',
      '                     goes on"',
      '                     /gene="h"',
    ]);
    expect(r.features.map((f) => f.qualifiers)).toEqual([
      { note: ['"This" is "already" "escaped"'], product: ['One missing "quotation mark" here'], gene: ['g'] },
      { note: ['End not properly "escaped"'], label: ['"Start" not properly escaped'] },
      { note: ['one stray " quote'] },
      { note: ['an escaped quote at a line end " goes on'], gene: ['h'] },
    ]);
  });

  it('throws GENBANK_BAD_LINE for a qualifier before any feature', () => {
    try {
      table(['                     /gene="a"']);
      expect.unreachable();
    } catch (e) {
      expect([(e as GenbankParseError).code, (e as GenbankParseError).line]).toEqual(['GENBANK_BAD_LINE', 2]);
    }
  });
});
