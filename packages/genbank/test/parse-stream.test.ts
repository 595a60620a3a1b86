import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openInput } from '@strand/input';
import { flattenLocation, parseGenbank, parseLocation } from '@strand/genbank';
import type { GenbankRecord } from '@strand/genbank';
import {
  FIXTURES,
  PYTHON,
  REGENERATE,
  biopythonStatus,
  goldenFile,
  goldenRelative,
  orphanGoldens,
  readGolden,
  renderGolden,
  sha256,
  staleness,
  type BioRecord,
} from './helpers/biopython.js';

const FIXTURE_DIR = fileURLToPath(new URL('../../../test-data/genbank/', import.meta.url));

/** Whether this machine can run Biopython (only the check that the goldens are current needs it). */
const BIOPYTHON = biopythonStatus();
if (BIOPYTHON.missing !== undefined) {
  console.warn(`parse-stream.test.ts: not checking that the Biopython goldens are current: ${BIOPYTHON.missing}`);
}

async function parseFile(path: string): Promise<GenbankRecord[]> {
  const out: GenbankRecord[] = [];
  for await (const r of parseGenbank(openInput(path), { source: path })) out.push(r);
  return out;
}

/**
 * Where we differ from Biopython on purpose. Each entry says what differs and why; the comparison
 * applies exactly these normalizations and nothing else.
 */
export const INTENDED_DIFFERENCES = {
  definitionPeriod: 'Biopython drops the final "." of DEFINITION (and SOURCE); we keep the text as written in the file.',
  emptyKeywords: 'For "KEYWORDS    ." Biopython gives [""]; we give [] (no keywords).',
  proteinStrand: 'Biopython gives strand None to features of protein (aa) records; flattenLocation always says 1 or -1.',
  siteCoordinates: 'Biopython stores the site 123^124 as the zero-length slice 123:123; we keep both flanking bases (start 123, end 124).',
  conSequence: 'A CON record has no ORIGIN: Biopython gives an undefined sequence of the LOCUS length; we give "".',
  missingReferenceFields: 'Biopython uses "" for a reference field that is absent; we use null.',
  dblinkShape:
    'Biopython keeps DBLINK as dbxrefs, one "Key:value" string per line (a comma list stays one string); we keep a map ' +
    'key -> values with comma lists split. The comparison joins ours back as Key:value per value, which matches the fixtures ' +
    '(one value per line).',
  commentBlankLines: 'NCBI writes an empty COMMENT continuation line as a paragraph break; we keep it, Biopython drops it.',
} as const;

/**
 * Record-level differences (a Biopython quirk that a normalization cannot express). The test also
 * checks that each one still occurs, so the list cannot go stale.
 */
export const KNOWN_RECORD_DIFFERENCES: { accession: string; check: string; why: string }[] = [
  {
    accession: 'EU851978',
    check: 'structured comments',
    why:
      'The line "Empty_structured  ::" has an empty value. Biopython only splits on " :: " (with a space after), so it ' +
      'appends the line to the previous value ("SPFCK3E1 Empty_structured  ::"); we read the key Empty_structured with value "".',
  },
];

function differences(ours: GenbankRecord, bio: BioRecord): string[] {
  const diffs: string[] = [];
  const check = (what: string, a: unknown, b: unknown): void => {
    if (JSON.stringify(a) !== JSON.stringify(b)) diffs.push(`${what}: ours ${JSON.stringify(a)} vs Biopython ${JSON.stringify(b)}`);
  };
  check('accession', ours.accession, bio.accessions[0]);
  check('accessions', ours.accessions, bio.accessions);
  check('version', ours.version ?? ours.accession, bio.id);
  check('name', ours.locus.name, bio.name);
  check('division', ours.locus.division, bio.division);
  check('date', ours.locus.date, bio.date);
  check('definition', ours.definition?.replace(/\.$/, '') ?? '', bio.description); // definitionPeriod
  check('keywords', ours.keywords, bio.keywords.filter((k) => k !== '')); // emptyKeywords
  check('source', ours.source?.replace(/\.$/, '') ?? null, bio.source); // definitionPeriod
  check('organism', ours.organism, bio.organism);
  check('lineage', ours.lineage, bio.taxonomy);
  check('comment', ours.comment?.replace(/\n+/g, '\n') ?? null, bio.comment); // commentBlankLines
  check(
    'structured comments',
    Object.fromEntries(ours.structuredComments.map((s) => [s.name, s.fields])),
    bio.structured_comment,
  );
  check('contig', ours.contig, bio.contig);
  check(
    'dblink',
    Object.entries(ours.dblink).flatMap(([k, vs]) => vs.map((v) => `${k}:${v}`)), // dblinkShape
    bio.dbxrefs,
  );
  check(
    'references',
    ours.references.map((r) => ({
      authors: r.authors ?? '', // missingReferenceFields
      consrtm: r.consortium ?? '',
      title: r.title ?? '',
      journal: r.journal ?? '',
      pubmed: r.pubmed ?? '',
      medline: r.medline ?? '',
      remark: r.remark ?? '',
    })),
    bio.references,
  );
  check('sequence', ours.sequence, bio.sequence ?? ''); // conSequence
  check('feature count', ours.features.length, bio.features.length);
  check('feature types', ours.features.map((f) => f.type), bio.features.map((f) => f.type));
  ours.features.forEach((f, i) => {
    const b = bio.features[i];
    if (b === undefined) return;
    check(`feature ${i} (${f.type} ${f.location}) qualifiers`, f.qualifiers, b.qualifiers);
    check(`feature ${i} (${f.type}) location`, ourParts(f.location, ours.locus.units === 'aa'), b.location && bioParts(b.location));
  });
  return diffs;
}

function ourParts(location: string, protein: boolean): unknown {
  const flat = flattenLocation(parseLocation(location));
  return {
    operator: flat.operator === 'single' ? null : flat.operator,
    parts: flat.parts.map((p) => ({
      // siteCoordinates: Biopython's 0-based slice of a site is after:after.
      start: p.kind === 'site' ? p.start : p.start - 1,
      end: p.kind === 'site' ? p.start : p.end,
      strand: protein ? null : p.strand, // proteinStrand
      ref: p.accession,
      startFuzzy: p.startFuzzy,
      endFuzzy: p.endFuzzy,
    })),
  };
}

function bioParts(location: NonNullable<BioRecord['features'][number]['location']>): unknown {
  return {
    operator: location.operator,
    parts: location.parts.map((p) => ({
      start: p.start,
      end: p.end,
      strand: p.strand,
      ref: p.ref,
      startFuzzy: p.startType !== 'ExactPosition',
      endFuzzy: p.endType !== 'ExactPosition',
    })),
  };
}

describe('parseGenbank agrees with Biopython SeqIO on every file in test-data/genbank', () => {
  // Biopython's output is committed as goldens (packages/genbank/test/golden/biopython/<file>.json,
  // written by `npm run golden:biopython`), so this comparison needs no Python. The live differential
  // comparison with Biopython is in bench/genbank-parser.mjs.
  it('finds the fixtures', () => {
    expect(FIXTURES).toContain('sample-division.gbff.gz');
    expect(FIXTURES.length).toBeGreaterThanOrEqual(10);
  });

  it('has no golden without an input file in test-data/genbank', () => {
    expect(orphanGoldens(), `delete these from packages/genbank/test/golden/biopython/, or run ${REGENERATE}`).toEqual([]);
  });

  it.each(FIXTURES)('%s', async (file) => {
    const path = `${FIXTURE_DIR}${file}`;
    const golden = readGolden(file); // a missing golden fails here, naming the file and the command
    expect(
      golden.inputSha256,
      `test-data/genbank/${file} changed after ${goldenRelative(file)} was made: run ${REGENERATE} (needs python3-biopython)`,
    ).toBe(sha256(path));
    const bio = golden.records;
    const ours = await parseFile(path);
    expect(bio.length).toBeGreaterThan(0);
    expect(ours.map((r) => r.accession)).toEqual(bio.map((r) => r.accessions[0]));
    ours.forEach((record, i) => {
      const known = KNOWN_RECORD_DIFFERENCES.filter((k) => k.accession === record.accession);
      const found = differences(record, bio[i] as BioRecord);
      for (const k of known) expect(found.some((d) => d.startsWith(`${k.check}:`)), `known difference ${k.check} still occurs`).toBe(true);
      const unexpected = found.filter((d) => !known.some((k) => d.startsWith(`${k.check}:`)));
      expect({ record: record.accession, differences: unexpected }).toEqual({ record: record.accession, differences: [] });
    });
  });

  it.skipIf(BIOPYTHON.version === undefined)(
    BIOPYTHON.version === undefined
      ? `the goldens are what Biopython writes now: SKIPPED, Biopython is not importable: ${BIOPYTHON.missing}`
      : `the goldens are what Biopython ${BIOPYTHON.version} (${PYTHON}) writes now`,
    () => {
      const stale: string[] = [];
      for (const file of FIXTURES) {
        const fresh = renderGolden(file, { version: BIOPYTHON.version });
        const path = goldenFile(file);
        if (!existsSync(path)) stale.push(`${goldenRelative(file)}: missing`);
        else {
          const why = staleness(readFileSync(path, 'utf8'), fresh);
          if (why !== null) stale.push(`${goldenRelative(file)}: ${why}`);
        }
      }
      expect(stale, `golden files out of date: run ${REGENERATE}, review the diff and commit it`).toEqual([]);
    },
  );
});

describe('parseGenbank gives the same records for CRLF and for tiny chunks', () => {
  it.each(FIXTURES)('%s', async (file) => {
    const { fixtureBytes, inChunks } = await import('./helpers/chunks.js');
    const bytes = fixtureBytes(file);
    const reference = await parseFile(`${FIXTURE_DIR}${file}`);
    const collect = async (input: AsyncIterable<Buffer>) => {
      const out: GenbankRecord[] = [];
      for await (const r of parseGenbank(input)) out.push(r);
      return out;
    };
    const crlf = Buffer.from(bytes.toString('utf8').replace(/\n/g, '\r\n'));
    expect(await collect(inChunks(crlf, 65536))).toEqual(reference);
    expect(await collect(inChunks(bytes, 997))).toEqual(reference);
  });
});

describe('parseGenbank on bad input', () => {
  async function* text(s: string): AsyncIterable<string> {
    yield s;
  }

  it('throws the first record error with the stream line and the source name', async () => {
    const good = (await parseFile(`${FIXTURE_DIR}iro.gb`)).length;
    expect(good).toBe(1);
    const iro = (await import('node:fs')).readFileSync(`${FIXTURE_DIR}iro.gb`, 'utf8');
    const input = `${iro}not a record\n`;
    const seen: string[] = [];
    const run = async () => {
      for await (const r of parseGenbank(text(input), { source: 'mixed.gb' })) seen.push(r.accession);
    };
    await expect(run()).rejects.toMatchObject({
      code: 'GENBANK_NOT_A_RECORD',
      line: iro.split('\n').length,
      source: 'mixed.gb',
    });
    expect(seen).toEqual(['AL109817']);
  });
});
