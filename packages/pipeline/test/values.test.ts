import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it, expect, beforeAll } from 'vitest';
import { readSchemaFile, resolveSchema } from '../src/schema-loader.js';
import { TypeSchemaChecker } from './helpers/type-matches-schema.js';

const schemasDir = fileURLToPath(new URL('../../../schemas/', import.meta.url));

/** The TypeScript type of each topic value, by schema file: the types the stages produce and read. */
const valueTypes: Record<string, string> = {
  'genbank.fetch.avsc': 'GenbankFetchRequest',
  'genbank.raw.avsc': 'GenbankRawValue',
  'genbank.parsed.avsc': 'GenbankParsedValue',
  'genbank.enriched.avsc': 'GenbankEnrichedValue',
  'pubchem.requests.avsc': 'PubchemFetchRequest',
  'pubchem.raw.avsc': 'PubchemRawValue',
  'pubchem.parsed.avsc': 'PubchemParsedValue',
  'pubchem.enriched.avsc': 'PubchemEnrichedValue',
  'dlq.avsc': 'DeadLetter',
};

const source = `
export type {
  GenbankFetchRequest, GenbankRawValue, GenbankParsedValue, GenbankEnrichedValue,
  PubchemFetchRequest, PubchemRawValue, PubchemParsedValue, PubchemEnrichedValue,
} from '../src/values.js';
export type { DeadLetter } from '@strand/runtime';
`;

describe('topic value types against schemas/*.avsc', () => {
  let checker: TypeSchemaChecker;
  beforeAll(() => { checker = new TypeSchemaChecker(source); }, 60_000);

  it('has a value type for every schema file', () => {
    const files = readdirSync(schemasDir).filter((f) => f.endsWith('.avsc')).sort();
    expect(files).toEqual(Object.keys(valueTypes).sort());
  });

  it.each(Object.entries(valueTypes))('%s matches %s', (file, typeName) => {
    expect(checker.check(typeName, readSchemaFile(`${schemasDir}${file}`))).toEqual([]);
  });

  it('fails for the parsed and the enriched type when a field is added to the parsed schema alone', () => {
    const read = (file: string): unknown => {
      const schema = JSON.parse(readFileSync(`${schemasDir}${file}`, 'utf8')) as { fields: unknown[] };
      if (file === 'genbank.parsed.avsc') schema.fields.push({ name: 'taxonId', type: ['null', 'long'], default: null });
      return schema;
    };
    expect(checker.check('GenbankParsedValue', resolveSchema('genbank.parsed.avsc', read)))
      .toEqual(['GenbankParsedValue.taxonId: in the schema (dev.strand.genbank.GenbankRecord), not in the type']);
    expect(checker.check('GenbankEnrichedValue', resolveSchema('genbank.enriched.avsc', read)))
      .toEqual(['GenbankEnrichedValue.taxonId: in the schema (dev.strand.genbank.GenbankEnriched), not in the type']);
  });
});
