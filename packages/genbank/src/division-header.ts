import type { DivisionHeader } from './types.js';

/**
 * Does this text (what precedes the first LOCUS of a stream) look like the header of an NCBI
 * release division file? e.g.
 *   GBBCT1.SEQ          Genetic Sequence Data Bank
 *                             October 15 2023
 *                   NCBI-GenBank Flat File Release 258.0
 */
export function looksLikeDivisionHeader(text: string): boolean {
  const firstLine = firstNonBlankLine(text);
  return /Sequence Data Bank|Flat File Release/i.test(firstLine) || /^\S+\.(SEQ|GPS|FSA)\s/i.test(firstLine);
}

export function parseDivisionHeader(text: string): DivisionHeader {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const first = lines[0] ?? '';
  const m = /^(\S+\.\S+)\s+(.*)$/.exec(first);
  const fileName = m?.[1] ?? null;
  const databaseName = m ? nonEmpty(m[2]) : nonEmpty(first);
  let releaseNumber: string | null = null;
  let releaseLineIndex = -1;
  for (let i = 0; i < lines.length; i += 1) {
    const r = /Release\s+(\d+(?:\.\d+)?)/i.exec(lines[i] as string);
    if (r) {
      releaseNumber = r[1] ?? null;
      releaseLineIndex = i;
      break;
    }
  }
  // The date sits on the line after the database name, before the release line.
  const second = lines[1];
  const releaseDate = second !== undefined && releaseLineIndex !== 1 && /\d{4}/.test(second) ? second : null;
  // The title is the first line after the release line that is not the loci/bases count.
  let title: string | null = null;
  for (let i = releaseLineIndex + 1; releaseLineIndex >= 0 && i < lines.length; i += 1) {
    const l = lines[i] as string;
    if (/\bloci\b|\bbases\b/.test(l)) continue;
    title = l;
    break;
  }
  return { text, fileName, databaseName, releaseDate, releaseNumber, title };
}

function firstNonBlankLine(text: string): string {
  for (const l of text.split('\n', 20)) if (l.trim() !== '') return l;
  return '';
}

function nonEmpty(s: string | undefined): string | null {
  const t = s?.trim() ?? '';
  return t === '' ? null : t;
}
