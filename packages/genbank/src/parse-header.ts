import type { GenbankParseError } from './errors.js';
import { parseComment } from './parse-comment.js';
import type { GenbankRecord, Reference } from './types.js';

/** A header keyword (or sub-keyword such as AUTHORS) with its data lines (the text after column 12). */
export interface Section {
  key: string;
  lines: string[];
  line: number;
}

/**
 * Fill the header fields of `record` from its keyword sections (everything but FEATURES and ORIGIN).
 * Multi-line values are joined with single spaces; COMMENT keeps its lines. Unknown keywords
 * (PROJECT, BASE COUNT, PRIMARY, WGS, ...) are ignored.
 */
export function fillHeader(
  record: GenbankRecord,
  sections: Section[],
  fail: (code: GenbankParseError['code'], message: string, line: number | null) => never,
): void {
  let reference: Reference | null = null;
  for (const s of sections) {
    switch (s.key) {
      case 'DEFINITION':
        record.definition = joinWords(s.lines);
        break;
      case 'ACCESSION': {
        const tokens = joinWords(s.lines).split(' ').filter((t) => t !== '');
        record.accessions.push(...tokens);
        if (record.accessions[0] !== undefined) record.accession = record.accessions[0];
        break;
      }
      case 'VERSION':
        record.version = joinWords(s.lines).split(' ')[0] || null;
        break;
      case 'DBLINK':
        parseDblink(s.lines, record.dblink);
        break;
      case 'KEYWORDS': {
        const text = joinWords(s.lines).replace(/\.$/, '');
        record.keywords = text
          .split(';')
          .map((k) => k.trim())
          .filter((k) => k !== '');
        break;
      }
      case 'SEGMENT':
        record.segment = joinWords(s.lines) || null;
        break;
      case 'DBSOURCE':
        record.dbsource = joinWords(s.lines) || null;
        break;
      case 'SOURCE':
        record.source = joinWords(s.lines) || null;
        break;
      case 'ORGANISM':
        parseOrganism(s.lines, record);
        break;
      case 'REFERENCE': {
        const m = /^\s*(\d+)\s*(.*)$/.exec(s.lines[0] ?? '');
        if (m === null) fail('GENBANK_BAD_LINE', `REFERENCE without a number: '${s.lines[0] ?? ''}'`, s.line);
        reference = {
          number: Number(m[1]),
          bases: joinWords([m[2] ?? '', ...s.lines.slice(1)]) || null,
          authors: null,
          consortium: null,
          title: null,
          journal: null,
          pubmed: null,
          medline: null,
          remark: null,
        };
        record.references.push(reference);
        break;
      }
      case 'AUTHORS':
      case 'CONSRTM':
      case 'TITLE':
      case 'JOURNAL':
      case 'PUBMED':
      case 'MEDLINE':
      case 'REMARK': {
        if (reference === null) fail('GENBANK_BAD_LINE', `${s.key} outside a REFERENCE block`, s.line);
        const field = REFERENCE_FIELDS[s.key] as keyof Reference;
        (reference as unknown as Record<string, string | null>)[field] = joinWords(s.lines) || null;
        break;
      }
      case 'COMMENT': {
        const parsed = parseComment(s.lines);
        record.comment = record.comment === null ? parsed.comment : [record.comment, parsed.comment].filter((c) => c !== null).join('\n');
        record.structuredComments.push(...parsed.structured);
        break;
      }
      case 'CONTIG':
        record.contig = s.lines.join('').replace(/\s+/g, '');
        break;
      default:
        // PROJECT, BASE COUNT, PRIMARY, WGS, TSA, ... are not part of the record shape.
        break;
    }
  }
}

const REFERENCE_FIELDS: Record<string, string> = {
  AUTHORS: 'authors',
  CONSRTM: 'consortium',
  TITLE: 'title',
  JOURNAL: 'journal',
  PUBMED: 'pubmed',
  MEDLINE: 'medline',
  REMARK: 'remark',
};

/**
 * ORGANISM: the first line is the organism; following lines are the lineage once a line holds a
 * ';' (long organism names wrap onto further lines). Same rule as Biopython.
 */
function parseOrganism(lines: string[], record: GenbankRecord): void {
  let organism = (lines[0] ?? '').trim();
  let lineage = '';
  for (const raw of lines.slice(1)) {
    const l = raw.trim();
    if (lineage !== '' || l.includes(';')) lineage += ` ${l}`;
    else if (l !== '.') organism += ` ${l}`;
  }
  record.organism = organism === '' ? null : organism;
  record.lineage = lineage
    .trim()
    .replace(/\.$/, '')
    .split(';')
    .map((t) => t.trim())
    .filter((t) => t !== '');
}

/**
 * DBLINK lines "BioProject: PRJNA1", "Sequence Read Archive: SRR1, SRR2". A line continues the
 * previous key's list when the previous line ended with ',' (values may hold ':' themselves, as in
 * "ProbeDB: ProbeDB:GEN0001,"); otherwise a line with ':' starts a new key, and one without continues.
 */
function parseDblink(lines: string[], out: Record<string, string[]>): void {
  let last: string[] | null = null;
  let listGoesOn = false;
  for (const raw of lines) {
    const l = raw.trim();
    if (l === '') continue;
    const colon = l.indexOf(':');
    let values: string;
    if (colon > 0 && !(listGoesOn && last !== null)) {
      const key = l.slice(0, colon).trim();
      last = Object.hasOwn(out, key) ? (out[key] as string[]) : (out[key] = []);
      values = l.slice(colon + 1);
    } else if (last !== null) {
      values = l;
    } else {
      continue;
    }
    for (const v of values.split(',')) {
      const t = v.trim();
      if (t !== '') last.push(t);
    }
    listGoesOn = l.endsWith(',');
  }
}

function joinWords(lines: string[]): string {
  let out = '';
  for (const l of lines) {
    const t = l.trim();
    if (t === '') continue;
    out = out === '' ? t : `${out} ${t}`;
  }
  return out;
}
