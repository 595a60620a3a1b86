import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';
import avsc from 'avsc';
import { loadConfig, ValueCodec, type AvroSchema } from '@strand/runtime';
import { extendsAttribute, readSchemaFile, resolveSchema } from '../src/schema-loader.js';
import type { GenbankEnrichedValue, PubchemEnrichedValue } from '../src/values.js';

const schemasDir = fileURLToPath(new URL('../../../schemas/', import.meta.url));
const schemaFiles = readdirSync(schemasDir).filter((f) => f.endsWith('.avsc')).sort();

/** A reader over in-memory files; each read returns the same object, as a cache would. */
function files(contents: Record<string, unknown>): (file: string) => unknown {
  return (file) => {
    if (!(file in contents)) throw new Error(`ENOENT ${file}`);
    return contents[file];
  };
}

const point = {
  type: 'record', name: 'Point', namespace: 'dev.strand.test', doc: 'A point',
  fields: [
    { name: 'where', type: { type: 'record', name: 'Coords', fields: [{ name: 'x', type: 'double' }, { name: 'y', type: 'double' }] } },
    { name: 'previous', type: ['null', 'Coords'], default: null },
  ],
};
const labelled = {
  type: 'record', name: 'LabelledPoint', namespace: 'dev.strand.test', doc: 'A point with a label',
  [extendsAttribute]: 'point.avsc',
  fields: [{ name: 'label', type: 'string' }],
};

describe('resolveSchema', () => {
  it('returns a schema without strand.extends as it is', () => {
    expect(resolveSchema('point.avsc', files({ 'point.avsc': point }))).toBe(point);
  });

  it('puts the extended record\'s fields first, keeps its own name, namespace and doc, and drops the attribute', () => {
    const schema = resolveSchema('labelled.avsc', files({ 'point.avsc': point, 'labelled.avsc': labelled }));
    expect(schema).toEqual({
      type: 'record', name: 'LabelledPoint', namespace: 'dev.strand.test', doc: 'A point with a label',
      fields: [...point.fields, { name: 'label', type: 'string' }],
    });
    expect(Object.keys(schema)).toEqual(['type', 'name', 'namespace', 'doc', 'fields']);
    const type = avsc.Type.forSchema(schema as avsc.Schema);
    const value = { where: { x: 1, y: 2 }, previous: { x: 0, y: 0 }, label: 'a' };
    expect(type.fromBuffer(type.toBuffer(value))).toEqual(value);
  });

  it('copies the fields, so changing a loaded schema changes neither the base nor the next load', () => {
    const read = files({ 'point.avsc': point, 'labelled.avsc': labelled });
    const first = resolveSchema('labelled.avsc', read) as { fields: { name: string }[] };
    first.fields[0]!.name = 'changed';
    expect(point.fields[0]!.name).toBe('where');
    expect((resolveSchema('labelled.avsc', read) as { fields: { name: string }[] }).fields[0]!.name).toBe('where');
  });

  it('follows a chain of extends', () => {
    const tagged = { type: 'record', name: 'TaggedPoint', namespace: 'dev.strand.test', [extendsAttribute]: 'labelled.avsc', fields: [{ name: 'tags', type: { type: 'array', items: 'string' } }] };
    const schema = resolveSchema('tagged.avsc', files({ 'point.avsc': point, 'labelled.avsc': labelled, 'tagged.avsc': tagged })) as { fields: { name: string }[] };
    expect(schema.fields.map((f) => f.name)).toEqual(['where', 'previous', 'label', 'tags']);
  });

  it('keeps the base\'s named types in the base\'s namespace when extending from another one', () => {
    const other = { ...labelled, namespace: 'dev.strand.other', fields: [{ name: 'coords', type: 'dev.strand.test.Coords' }] };
    const schema = resolveSchema('other.avsc', files({ 'point.avsc': point, 'other.avsc': other }));
    expect((schema as { fields: unknown[] }).fields.slice(0, 2)).toEqual([
      { name: 'where', type: { type: 'record', name: 'Coords', namespace: 'dev.strand.test', fields: [{ name: 'x', type: 'double' }, { name: 'y', type: 'double' }] } },
      { name: 'previous', type: ['null', 'dev.strand.test.Coords'], default: null },
    ]);
    const type = avsc.Type.forSchema(schema as avsc.Schema) as avsc.types.RecordType;
    expect(type.name).toBe('dev.strand.other.LabelledPoint');
    expect((type.field('where').type as avsc.types.RecordType).name).toBe('dev.strand.test.Coords');
  });

  it.each([
    ['a cycle', { 'a.avsc': { ...labelled, [extendsAttribute]: 'b.avsc' }, 'b.avsc': { ...labelled, [extendsAttribute]: 'a.avsc' } }, /cycle: a\.avsc -> b\.avsc -> a\.avsc/],
    ['a field the base has', { 'a.avsc': { ...labelled, [extendsAttribute]: 'point.avsc', fields: [{ name: 'where', type: 'string' }] }, 'point.avsc': point }, /field where is already in point\.avsc/],
    ['a base that is not a record', { 'a.avsc': { ...labelled, [extendsAttribute]: 'e.avsc' }, 'e.avsc': { type: 'enum', name: 'E', symbols: ['A'] } }, /e\.avsc, which is not a record/],
    ['extends on a non-record', { 'a.avsc': { type: 'enum', name: 'E', symbols: ['A'], [extendsAttribute]: 'point.avsc' }, 'point.avsc': point }, /only a record can have strand\.extends/],
    ['extends that is not a file name', { 'a.avsc': { ...labelled, [extendsAttribute]: ['point.avsc'] } }, /strand\.extends must be a schema file name/],
    ['a base without namespace, from a namespace', { 'a.avsc': { ...labelled, [extendsAttribute]: 'p.avsc' }, 'p.avsc': { ...point, namespace: undefined } }, /has no namespace/],
  ])('refuses %s', (_what, contents, message) => {
    expect(() => resolveSchema('a.avsc', files(contents))).toThrow(message);
    expect(() => resolveSchema('a.avsc', files(contents))).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });
});

describe('schemas/*.avsc through readSchemaFile', () => {
  it.each(schemaFiles)('%s is a valid Avro schema', (file) => {
    expect(() => avsc.Type.forSchema(readSchemaFile(`${schemasDir}${file}`) as avsc.Schema)).not.toThrow();
  });

  it.each([
    ['genbank.enriched.avsc', 'genbank.parsed.avsc', ['sequenceLength', 'sequenceSha256', 'gcContent', 'featureLocations']],
    ['pubchem.enriched.avsc', 'pubchem.parsed.avsc', ['rdkit', 'disagreements', 'enrichMode']],
  ])('%s is %s\'s fields plus its own', (enriched, parsed, extra) => {
    const own = JSON.parse(readFileSync(`${schemasDir}${enriched}`, 'utf8')) as Record<string, unknown>;
    expect(own[extendsAttribute]).toBe(parsed);
    const base = readSchemaFile(`${schemasDir}${parsed}`) as { fields: unknown[] };
    const schema = readSchemaFile(`${schemasDir}${enriched}`) as { fields: { name: string }[] };
    expect(schema.fields.slice(0, base.fields.length)).toEqual(base.fields);
    expect(schema.fields.slice(base.fields.length).map((f) => f.name)).toEqual(extra);
    expect(extendsAttribute in schema).toBe(false);
  });
});

const genbankSample: GenbankEnrichedValue = {
  origin: { uri: '/data/gbbct1.seq', byteOffset: 4096, firstLine: 120 },
  recordSha256: 'a'.repeat(64),
  locus: { name: 'X00001', length: 12, units: 'bp', moleculeType: 'DNA', topology: 'linear', division: 'BCT', date: '01-JAN-2024' },
  accession: 'X00001',
  accessions: ['X00001', 'X00002'],
  version: 'X00001.1',
  definition: 'A test sequence.',
  dblink: { BioProject: ['PRJNA1'] },
  keywords: ['test'],
  segment: null,
  dbsource: null,
  source: 'Escherichia coli',
  organism: 'Escherichia coli',
  lineage: ['Bacteria', 'Pseudomonadota'],
  references: [{ number: 1, bases: '(bases 1 to 12)', authors: 'Doe,J.', consortium: null, title: 'Direct Submission', journal: 'Submitted', pubmed: null, medline: null, remark: null }],
  comment: null,
  structuredComments: [{ name: 'Assembly-Data', fields: { 'Assembly Method': 'SPAdes' } }],
  features: [{ type: 'source', location: '1..12', qualifiers: { organism: ['Escherichia coli'], pseudo: [''] } }],
  contig: null,
  sequence: Buffer.from('ACGTACGTACGT'),
  sequenceLength: 12,
  sequenceSha256: 'b'.repeat(64),
  gcContent: 0.5,
  featureLocations: [{ operator: 'none', partsJson: '[{"kind":"range","start":1,"end":12,"strand":1}]', start: 1, end: 12, strand: 1 }],
};

const pubchemSample: PubchemEnrichedValue = {
  cid: 2244,
  sourceFormat: 'property-table',
  recordIndex: 0,
  title: 'aspirin',
  molblock: null,
  properties: { inchiKey: 'BSYNRYMUTXBXSQ-UHFFFAOYSA-N', formula: 'C9H8O4', molecularWeight: 180.16, hbondDonors: 1 },
  provenance: { inchiKey: 'pubchem', formula: 'pubchem', molecularWeight: 'pubchem', hbondDonors: 'rdkit' },
  origin: { uri: 'cache:property-table', requestId: 'r1', format: 'property-table', fromCache: true, line: 0 },
  rdkit: {
    formula: 'C9H8O4', molecularWeight: 180.159, exactMass: 180.042, crippenLogP: 1.31, tpsa: 63.6, hbondDonors: 1, hbondAcceptors: 3,
    rotatableBonds: 2, rings: 1, inchi: null, inchiKey: 'BSYNRYMUTXBXSQ-UHFFFAOYSA-N', canonicalSmiles: 'CC(=O)Oc1ccccc1C(=O)O',
  },
  disagreements: [{ field: 'molecularWeight', pubchem: '180.16', rdkit: '180.159' }],
  enrichMode: 'always',
};

/** The composed schemas in the real registry (Apicurio's Confluent API): registered, then a value each way. */
describe('readSchemaFile schemas in the registry', () => {
  const prefix = `schema-loader-${randomBytes(4).toString('hex')}`;
  const config = loadConfig({ ...process.env, STRAND_TOPIC_PREFIX: prefix });

  it('registers every schema file, and registering it again is a no-op', async () => {
    const codec = new ValueCodec(config);
    for (const file of schemaFiles) {
      const schema: AvroSchema = readSchemaFile(`${schemasDir}${file}`);
      const id = await codec.register(`${prefix}.${file}`, schema);
      expect(await codec.register(`${prefix}.${file}`, readSchemaFile(`${schemasDir}${file}`))).toBe(id);
    }
  });

  it.each([
    ['genbank.enriched.avsc', genbankSample],
    ['pubchem.enriched.avsc', pubchemSample],
    ['pubchem.enriched.avsc', { ...pubchemSample, cid: null, rdkit: null, disagreements: [], properties: {}, provenance: {}, enrichMode: 'fallback' } satisfies PubchemEnrichedValue],
  ])('encodes and decodes a value of %s', async (file, value) => {
    const codec = new ValueCodec(config);
    const topic = `${prefix}.roundtrip.${file}`;
    await codec.register(topic, readSchemaFile(`${schemasDir}${file}`));
    const decoded = await codec.decode<unknown>(await codec.encode(topic, value), topic);
    // Properties the value leaves out come back as their defaults (null).
    const expected = 'properties' in value
      ? { ...value, properties: { ...Object.fromEntries(['inchi', 'inchiKey', 'smiles', 'connectivitySmiles', 'formula', 'molecularWeight', 'exactMass', 'xlogp', 'tpsa', 'hbondDonors', 'hbondAcceptors', 'rotatableBonds', 'charge'].map((k) => [k, null])), ...value.properties } }
      : value;
    expect(decoded).toEqual(expected);
  });
});
