/**
 * PostgreSQL's reserved key words (Appendix C of its manual: "reserved" and "reserved (can be
 * function or type)"), which cannot name a schema unless quoted. A name in this list is refused as
 * STRAND_DB_SCHEMA even though Strand quotes it: other tools (psql scripts, dashboards, `pg_dump`
 * users) would have to quote it too, and `select` or `user` as a schema is almost always a mistake.
 */
export const SQL_RESERVED_WORDS: ReadonlySet<string> = new Set([
  'all', 'analyse', 'analyze', 'and', 'any', 'array', 'as', 'asc', 'asymmetric', 'authorization', 'binary', 'both', 'case', 'cast', 'check',
  'collate', 'collation', 'column', 'concurrently', 'constraint', 'create', 'cross', 'current_catalog', 'current_date', 'current_role',
  'current_schema', 'current_time', 'current_timestamp', 'current_user', 'default', 'deferrable', 'desc', 'distinct', 'do', 'else', 'end',
  'except', 'false', 'fetch', 'for', 'foreign', 'freeze', 'from', 'full', 'grant', 'group', 'having', 'ilike', 'in', 'initially', 'inner',
  'intersect', 'into', 'is', 'isnull', 'join', 'lateral', 'leading', 'left', 'like', 'limit', 'localtime', 'localtimestamp', 'natural',
  'not', 'notnull', 'null', 'offset', 'on', 'only', 'or', 'order', 'outer', 'overlaps', 'placing', 'primary', 'references', 'returning',
  'right', 'select', 'session_user', 'similar', 'some', 'symmetric', 'system_user', 'table', 'tablesample', 'then', 'to', 'trailing',
  'true', 'union', 'unique', 'user', 'using', 'variadic', 'verbose', 'when', 'where', 'window', 'with',
]);

/** Why `name` cannot be Strand's schema, or null when it can: a lower-case identifier of at most 63 bytes, not reserved. */
export function schemaNameProblem(name: string): string | null {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) return 'must be a lower-case SQL identifier (a-z, 0-9 and _, not starting with a digit)';
  if (name.length > 63) return `must be at most 63 characters (PostgreSQL truncates longer identifiers); got ${name.length}`;
  if (SQL_RESERVED_WORDS.has(name)) return `"${name}" is a reserved SQL key word; choose another schema name (e.g. strand_${name})`;
  if (name.startsWith('pg_') || name === 'information_schema') return `"${name}" is reserved for PostgreSQL's system schemas; choose another schema name`;
  return null;
}

/** `name` as a quoted SQL identifier ("strand", with any " doubled), safe to interpolate into a statement. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
