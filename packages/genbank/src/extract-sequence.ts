import { GenbankParseError } from './errors.js';

const NOT_SEQUENCE_LINE = /\n[^\s\d]/;
const NUMBERS_AND_SPACE = /[\d\s]+/g;
const BAD_RESIDUE = /[^A-Za-z*\-.~]/;

/**
 * The sequence of the ORIGIN block text[start, end): line numbers and spaces are stripped in bulk
 * (one native regex pass over the block, no per-line work), then the result is upper-cased.
 * A line inside the block that is not a sequence line is GENBANK_BAD_LINE.
 */
export function extractSequence(text: string, start: number, end: number, startLine: number, source: string | null): string {
  if (start >= end) return '';
  const block = text.slice(start, end);
  const stray = NOT_SEQUENCE_LINE.exec(block);
  const firstBad = /^[^\s\d]/.test(block) ? 0 : stray !== null ? stray.index + 1 : -1;
  if (firstBad >= 0) badLine(block, firstBad, startLine, source, 'a sequence line was expected in the ORIGIN block');
  const residues = block.replace(NUMBERS_AND_SPACE, '');
  const bad = BAD_RESIDUE.exec(residues);
  if (bad !== null) {
    const at = block.indexOf(bad[0]);
    badLine(block, block.lastIndexOf('\n', at) + 1, startLine, source, `unexpected character '${bad[0]}' in the sequence`);
  }
  return residues.toUpperCase();
}

function badLine(block: string, lineStart: number, startLine: number, source: string | null, what: string): never {
  let line = startLine;
  for (let i = block.indexOf('\n'); i >= 0 && i < lineStart; i = block.indexOf('\n', i + 1)) line += 1;
  const nl = block.indexOf('\n', lineStart);
  const content = block.slice(lineStart, nl < 0 ? block.length : nl);
  throw new GenbankParseError('GENBANK_BAD_LINE', `${what}: '${content}'`, { line, source });
}
