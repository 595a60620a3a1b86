import { describe, it, expect, beforeAll } from 'vitest';
import { TypeSchemaChecker } from './type-matches-schema.js';

const source = `
export interface Inner { label: string; score: number | null }
export interface Full {
  id: number;
  name: string;
  done: boolean;
  payload: Buffer | null;
  at: number;
  tags: string[];
  counts: Record<string, number[]>;
  byField: Partial<Record<'a' | 'b', 'x' | 'y'>>;
  inner: Inner;
  inners: Inner[];
  maybeInner: Inner | null;
  color: 'red' | 'green';
  shade: string;
  note?: string | null;
}
export type Narrow = Omit<Full, 'color'> & { color: 'red' };
export type MissingField = Omit<Full, 'tags'>;
export type ExtraField = Full & { extra: string };
export type NotNullable = Omit<Full, 'payload'> & { payload: Buffer };
export type Nullable = Omit<Full, 'name'> & { name: string | null };
export type WrongKind = Omit<Full, 'id'> & { id: string };
export type OptionalNoDefault = Omit<Full, 'name'> & { name?: string };
export type DeepDrift = Omit<Full, 'inners'> & { inners: { label: string }[] };
export type MapDrift = Omit<Full, 'counts'> & { counts: Record<string, string[]> };
export type RequiredMapKey = Omit<Full, 'byField'> & { byField: { a: 'x' } };
export type Loose = Omit<Full, 'inner'> & { inner: any };
export type NotAnArray = Omit<Full, 'tags'> & { tags: string };
export type WiderUnion = Omit<Full, 'shade'> & { shade: string | number };
`;

const inner = { type: 'record', name: 'Inner', fields: [{ name: 'label', type: 'string' }, { name: 'score', type: ['null', 'double'], default: null }] };
const schema = {
  type: 'record', name: 'Full', namespace: 'dev.strand.test',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'name', type: 'string' },
    { name: 'done', type: 'boolean' },
    { name: 'payload', type: ['null', 'bytes'], default: null },
    { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'tags', type: { type: 'array', items: 'string' } },
    { name: 'counts', type: { type: 'map', values: { type: 'array', items: 'int' } } },
    { name: 'byField', type: { type: 'map', values: 'string' } },
    { name: 'inner', type: inner },
    { name: 'inners', type: { type: 'array', items: 'Inner' } },
    { name: 'maybeInner', type: ['null', 'Inner'], default: null },
    { name: 'color', type: { type: 'enum', name: 'Color', symbols: ['red', 'green'] } },
    { name: 'shade', type: 'string' },
    { name: 'note', type: ['null', 'string'], default: null },
  ],
};

describe('TypeSchemaChecker', () => {
  let checker: TypeSchemaChecker;
  beforeAll(() => { checker = new TypeSchemaChecker(source, '__checker-self-test__.ts'); }, 60_000);

  it('accepts a type that matches field for field (nested records, arrays, maps, unions, enums, bytes, logical types)', () => {
    expect(checker.check('Full', schema)).toEqual([]);
  });

  it('names a field the type lacks', () => {
    expect(checker.check('MissingField', schema)).toEqual(['MissingField.tags: in the schema (dev.strand.test.Full), not in the type']);
  });

  it('names a property the schema lacks', () => {
    expect(checker.check('ExtraField', schema)).toEqual(['ExtraField.extra: in the type, not in the schema (dev.strand.test.Full)']);
  });

  it('requires null exactly where the schema allows it, both ways', () => {
    expect(checker.check('NotNullable', schema)).toEqual(['NotNullable.payload: the schema allows null, the type does not']);
    expect(checker.check('Nullable', schema)).toEqual(['Nullable.name: the type allows null, the schema does not']);
  });

  it('names a value of the wrong kind', () => {
    expect(checker.check('WrongKind', schema)).toEqual(['WrongKind.id: the schema has long, the type has string']);
    expect(checker.check('NotAnArray', schema)).toEqual(['NotAnArray.tags: the schema has array, the type has string']);
    expect(checker.check('WiderUnion', schema)).toEqual(['WiderUnion.shade: the type allows number, the schema does not']);
  });

  it('allows an optional property only for a field with a default', () => {
    expect(checker.check('OptionalNoDefault', schema)).toEqual(['OptionalNoDefault.name: optional in the type, but the schema field has no default']);
  });

  it('finds drift inside arrays of records and maps', () => {
    expect(checker.check('DeepDrift', schema)).toEqual(['DeepDrift.inners[].score: in the schema (dev.strand.test.Inner), not in the type']);
    expect(checker.check('MapDrift', schema)).toEqual(['MapDrift.counts{}[]: the schema has int, the type has string']);
    expect(checker.check('RequiredMapKey', schema)).toEqual(['RequiredMapKey.byField.a: required in the type, but the schema has a map (any keys, none required)']);
  });

  it('wants every enum symbol in a literal union', () => {
    expect(checker.check('Narrow', schema)).toEqual(['Narrow.color: enum symbol green is not in the type']);
  });

  it('refuses any', () => {
    expect(checker.check('Loose', schema)).toEqual(['Loose.inner: type is any, which matches anything']);
  });

  it('throws for a type it cannot find', () => {
    expect(() => checker.check('Nope', schema)).toThrow(/No exported type Nope/);
  });

  it('throws when the types do not compile', () => {
    expect(() => new TypeSchemaChecker(`export type { Missing } from '../src/values.js';`, '__checker-broken__.ts')).toThrow(/Cannot compile/);
  });
});
