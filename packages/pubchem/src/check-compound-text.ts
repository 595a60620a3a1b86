import type { CompoundRecord } from './compound-record.js';
import { PubchemErrorCodes, PubchemParseError, type PubchemErrorWhere } from './pubchem-parse-error.js';

/**
 * Throws TEXT_HAS_NUL when a text field of a parsed compound holds a NUL (U+0000), which PostgreSQL
 * text cannot store, naming the field (`title`, `molblock`, `properties.smiles`, ...), the record and
 * its CID. A NUL reaches a field as a byte of an SD file or as `\u0000` in a JSON string. Called by
 * every parser on what it returns, before anything is written.
 */
export function checkCompoundText(record: CompoundRecord, where: PubchemErrorWhere): CompoundRecord {
  const field = nulField(record);
  if (field !== null) {
    throw new PubchemParseError(PubchemErrorCodes.NUL_IN_TEXT, `NUL character (U+0000) in ${field}, which PostgreSQL text cannot store`, { ...where, field, cid: record.cid });
  }
  return record;
}

function nulField(record: CompoundRecord): string | null {
  if (record.title?.includes('\0')) return 'title';
  if (record.molblock?.includes('\0')) return 'molblock';
  for (const [name, value] of Object.entries(record.properties)) {
    if (typeof value === 'string' && value.includes('\0')) return `properties.${name}`;
  }
  return null;
}
