import { describe, expect, it } from 'vitest';
import { quoteIdentifier, schemaNameProblem, SQL_RESERVED_WORDS } from '../src/sql-identifier.js';

describe('schemaNameProblem', () => {
  it('accepts plain lower-case identifiers, non-reserved key words included', () => {
    for (const name of ['strand', 'test_abc_1', '_x', 'users', 'public', 'schema', 'name']) expect(schemaNameProblem(name)).toBeNull();
  });

  it('refuses reserved words, system schema names, and what is not a lower-case identifier', () => {
    for (const word of ['select', 'user', 'table', 'order', 'current_user', 'authorization']) expect(schemaNameProblem(word)).toMatch(/reserved SQL key word/);
    expect(SQL_RESERVED_WORDS.size).toBeGreaterThan(90);
    expect(schemaNameProblem('pg_temp')).toMatch(/system schemas/);
    expect(schemaNameProblem('information_schema')).toMatch(/system schemas/);
    expect(schemaNameProblem('1abc')).toMatch(/lower-case SQL identifier/);
  });
});

describe('quoteIdentifier', () => {
  it('wraps in double quotes and doubles any inside', () => {
    expect(quoteIdentifier('strand')).toBe('"strand"');
    expect(quoteIdentifier('a"b')).toBe('"a""b"');
  });
});
