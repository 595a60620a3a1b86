import { looksLikeDivisionHeader } from './division-header.js';

/**
 * Does the head of a (decompressed) stream look like GenBank? True when its first non-blank line is
 * a LOCUS line, or the start of an NCBI release division header.
 */
export function sniffGenbank(head: string): { ok: true } | { ok: false; reason: string; line: number } {
  const text = head.charCodeAt(0) === 0xfeff ? head.slice(1) : head;
  const lines = text.split('\n', 200);
  for (let i = 0; i < lines.length; i += 1) {
    const l = (lines[i] as string).replace(/\r$/, '');
    if (l.trim() === '') continue;
    if (/^LOCUS\s+\S/.test(l)) return { ok: true };
    if (looksLikeDivisionHeader(l)) return { ok: true };
    const shown = l.length > 60 ? `${l.slice(0, 60)}...` : l;
    return { ok: false, reason: `not GenBank: the first non-blank line is '${shown}', not a LOCUS line or an NCBI division header`, line: i + 1 };
  }
  return { ok: false, reason: 'not GenBank: the input is empty or blank', line: Math.max(1, lines.length) };
}
