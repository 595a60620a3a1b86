import { StrandError } from '@strand/runtime';

/**
 * The three PostgreSQL roles of one Strand schema, named after it so that schemas side by side
 * (the tests', or two deployments in one cluster) never share grants:
 * - `<schema>_owner` (NOLOGIN) owns the schema and its tables; migrations run as it (`SET ROLE`);
 * - `<schema>_writer` (LOGIN): the services (sink, fetch checkpoints, claim-checked payloads):
 *   SELECT, INSERT, UPDATE, DELETE on the tables, SELECT only on the migration records; no DDL;
 * - `<schema>_reader` (LOGIN): SELECT only, for the CLI's read commands and consumers of the data.
 */
export interface StrandRoles {
  owner: string;
  writer: string;
  reader: string;
}

/** PostgreSQL truncates identifiers to 63 bytes: the longest suffix, `_writer`, must fit after the schema name. */
export const MAX_ROLE_SCHEMA_CHARS = 63 - '_writer'.length;

export function strandRoles(schema: string): StrandRoles {
  if (Buffer.byteLength(schema) > MAX_ROLE_SCHEMA_CHARS) {
    throw new StrandError('CONFIG_INVALID', `STRAND_DB_SCHEMA: must be at most ${MAX_ROLE_SCHEMA_CHARS} characters to name its roles (${schema.slice(0, 12)}..._owner, _writer, _reader fit PostgreSQL's 63)`);
  }
  return { owner: `${schema}_owner`, writer: `${schema}_writer`, reader: `${schema}_reader` };
}
