import type { DivisionHeader } from './types.js';

/**
 * Reads the header of an NCBI release division file (recognized by @strand/input's
 * looksLikeDivisionHeader, which the format sniffer shares) into its parts, for onHeader.
 */
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

function nonEmpty(s: string | undefined): string | null {
  const t = s?.trim() ?? '';
  return t === '' ? null : t;
}
