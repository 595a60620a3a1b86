import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Debian's interpreter: the python3 first on PATH may be a pyenv build without Bio. */
export const SYSTEM_PYTHON = '/usr/bin/python3';
const DUMP_SCRIPT = fileURLToPath(new URL('../biopython_dump.py', import.meta.url));

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

/** Parse `path` with Biopython's SeqIO (GenBank format); throws a clear error when Bio is not installed. */
export function biopythonRecords(path: string): BioRecord[] {
  const run = spawnSync(SYSTEM_PYTHON, [DUMP_SCRIPT, path], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (run.error) throw new Error(`cannot run ${SYSTEM_PYTHON} (${run.error.message}); install Debian's python3 and python3-biopython`);
  if (run.status === 3) {
    throw new Error(`${SYSTEM_PYTHON} has no Bio module: run 'apt-get install -y python3-biopython' (${run.stderr.trim()})`);
  }
  if (run.status !== 0) throw new Error(`biopython_dump.py failed on ${path} (exit ${run.status}): ${run.stderr}`);
  return run.stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as BioRecord);
}
