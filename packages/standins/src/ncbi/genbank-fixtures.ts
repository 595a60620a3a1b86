import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/** One GenBank flat-file record from the fixtures, with what esearch matches on. */
export interface GenbankFixtureRecord {
  /** Primary accession, e.g. NC_005816. */
  accession: string;
  /** accession.version from the VERSION line, e.g. NC_005816.1 (the accession when there is none). */
  accessionVersion: string;
  locus: string;
  organism: string;
  definition: string;
  /** The record exactly as in the file: from LOCUS through the `//` line, ending in "//\n". */
  text: string;
  file: string;
}

const RECORD_FILE = /\.(gb|gbk|gbff|seq)(\.gz)?$/i;

/**
 * Loads every record from the GenBank files in `dataDir` (.gb, .gbk, .gbff, .seq, optionally
 * gzipped), in file-name order; a record found in several files (a division file repeats the
 * single files) is kept once, by accession.version.
 */
export async function loadGenbankFixtures(dataDir: string): Promise<GenbankFixtureRecord[]> {
  const names = (await readdir(dataDir)).filter((n) => RECORD_FILE.test(n)).sort();
  const seen = new Set<string>();
  const records: GenbankFixtureRecord[] = [];
  for (const name of names) {
    const raw = await readFile(join(dataDir, name));
    const text = (name.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
    for (const record of splitGenbankRecords(text, name)) {
      if (seen.has(record.accessionVersion)) continue;
      seen.add(record.accessionVersion);
      records.push(record);
    }
  }
  return records;
}

/** Splits flat-file text into records: each starts at a LOCUS line and ends at a `//` line. */
export function splitGenbankRecords(text: string, file: string): GenbankFixtureRecord[] {
  const records: GenbankFixtureRecord[] = [];
  let current: string[] | null = null;
  for (const line of text.split('\n')) {
    if (current === null) {
      if (line.startsWith('LOCUS ')) current = [line];
      continue;
    }
    current.push(line);
    if (line === '//') {
      records.push(describeRecord(`${current.join('\n')}\n`, file));
      current = null;
    }
  }
  return records;
}

function describeRecord(text: string, file: string): GenbankFixtureRecord {
  const lines = text.split('\n');
  const field = (name: string): string => {
    const i = lines.findIndex((l) => l.startsWith(name.padEnd(12)));
    if (i < 0) return '';
    const parts = [lines[i]!.slice(12)];
    for (let j = i + 1; j < lines.length && lines[j]!.startsWith(' '.repeat(12)); j++) parts.push(lines[j]!.slice(12));
    return parts.join(' ').trim();
  };
  const locus = (lines[0] ?? '').slice(12).trim().split(/\s+/)[0] ?? '';
  const accession = field('ACCESSION').split(/\s+/)[0] ?? locus;
  const version = field('VERSION').split(/\s+/)[0] ?? '';
  const organismLine = lines.find((l) => l.startsWith('  ORGANISM  ')) ?? '';
  return {
    accession,
    accessionVersion: version.includes('.') ? version : accession,
    locus,
    organism: organismLine.slice(12).trim(),
    definition: field('DEFINITION'),
    text,
    file,
  };
}
