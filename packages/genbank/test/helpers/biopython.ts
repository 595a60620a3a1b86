import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

/**
 * Biopython's view of the fixtures. The tests compare against the committed goldens in
 * packages/genbank/test/golden/biopython/ (one JSON file per file in test-data/genbank), so they need no
 * Python. packages/genbank/scripts/biopython-golden.mjs (`npm run golden:biopython`) writes them by running
 * ../biopython_dump.py under Debian's /usr/bin/python3 with python3-biopython (the python3 first on PATH
 * may be a pyenv build without Bio; STRAND_PYTHON overrides). This helper reuses that script, so the
 * in-memory regeneration that checks the goldens are current is byte for byte what the script writes.
 */

export interface BioPart {
  start: number;
  end: number;
  strand: 1 | -1 | null;
  ref: string | null;
  startType: string;
  endType: string;
}

export interface BioRecord {
  id: string;
  name: string;
  description: string;
  accessions: string[];
  sequence_version: number | null;
  molecule_type: string | null;
  topology: string | null;
  division: string | null;
  date: string | null;
  keywords: string[];
  source: string | null;
  organism: string | null;
  taxonomy: string[];
  dbxrefs: string[];
  comment: string | null;
  structured_comment: Record<string, Record<string, string>>;
  contig: string | null;
  references: { authors: string; consrtm: string; title: string; journal: string; pubmed: string; medline: string; remark: string }[];
  sequence: string | null;
  features: { type: string; location: { operator: string | null; parts: BioPart[] } | null; qualifiers: Record<string, string[]> }[];
}

/** One golden file: Biopython's records for one input file, and what made them. */
export interface BiopythonGolden {
  generator: string;
  biopython: string;
  input: string;
  inputSha256: string;
  records: BioRecord[];
}

export type BiopythonStatus = { version: string; missing?: undefined } | { version?: undefined; missing: string };

/** The exports of packages/genbank/scripts/biopython-golden.mjs that the tests use. */
interface GoldenScript {
  ROOT: string;
  GOLDEN_DIR: string;
  PYTHON: string;
  REGENERATE: string;
  fixtures(): string[];
  goldenFile(input: string): string;
  goldenRelative(input: string): string;
  biopythonStatus(python?: string): BiopythonStatus;
  biopythonRecords(path: string, python?: string): BioRecord[];
  renderGolden(input: string, options?: { python?: string; version?: string }): string;
}

const SCRIPT = new URL('../../scripts/biopython-golden.mjs', import.meta.url).href;
const script = (await import(SCRIPT)) as GoldenScript;

export const { PYTHON, REGENERATE, GOLDEN_DIR, fixtures, goldenFile, goldenRelative, biopythonStatus, biopythonRecords, renderGolden } = script;

/** The input files, as the script sees them (every regular file in test-data/genbank, sorted). */
export const FIXTURES: string[] = fixtures();

export const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

/** The committed golden of `input` (a file name in test-data/genbank); a missing one throws, naming the fix. */
export function readGolden(input: string): BiopythonGolden {
  const file = goldenFile(input);
  if (!existsSync(file)) {
    throw new Error(
      `missing golden ${goldenRelative(input)} for test-data/genbank/${input}: run '${REGENERATE}' ` +
        '(needs python3-biopython) and commit the file',
    );
  }
  return JSON.parse(readFileSync(file, 'utf8')) as BiopythonGolden;
}

/** Golden files that have no input file in test-data/genbank. */
export function orphanGoldens(): string[] {
  if (!existsSync(GOLDEN_DIR)) return [];
  const wanted = new Set(FIXTURES.map((f) => `${f}.json`));
  return readdirSync(GOLDEN_DIR)
    .filter((f) => !wanted.has(f))
    .sort();
}

/**
 * Why the committed golden text differs from what Biopython writes now (null when identical): a
 * different Biopython version, and/or the first line where the rest of the file differs.
 */
export function staleness(committed: string, fresh: string): string | null {
  if (committed === fresh) return null;
  const VERSION = /^ {2}"biopython": (.*),$/m;
  const was = VERSION.exec(committed)?.[1];
  const now = VERSION.exec(fresh)?.[1];
  const notes: string[] = [];
  if (was !== now) notes.push(`made by Biopython ${was ?? '(unknown)'}, this machine has ${now ?? '(unknown)'}`);
  const rest = now === undefined ? committed : committed.replace(VERSION, `  "biopython": ${now},`);
  notes.push(rest === fresh ? 'no other difference' : firstDifference(rest, fresh));
  return notes.join('; ');
}

/** Where `committed` and `fresh` first differ, short enough for a test message. */
export function firstDifference(committed: string, fresh: string): string {
  const a = committed.split('\n');
  const b = fresh.split('\n');
  let line = 0;
  while (line < a.length && line < b.length && a[line] === b[line]) line += 1;
  const was = a[line] ?? '<end of file>';
  const now = b[line] ?? '<end of file>';
  let col = 0;
  while (col < was.length && col < now.length && was[col] === now[col]) col += 1;
  const cut = (s: string): string =>
    s.length > 160 ? `${col > 40 ? '…' : ''}${s.slice(Math.max(0, col - 40), col + 120).trim()}…` : s.trim();
  return `first difference at line ${line + 1}: committed ${cut(was)} | Biopython now ${cut(now)}`;
}
