import type { CompoundRecord } from './compound-record.js';
import { checkCompoundText } from './check-compound-text.js';
import { jsonErrorPosition } from './json-error-position.js';
import { parsePcCompound } from './pc-compound.js';
import { parsePropertyRow } from './property-table.js';
import { PubchemErrorCodes, PubchemParseError } from './pubchem-parse-error.js';

export interface ParsePubchemJsonOptions {
  /** File name or URL, quoted in errors. */
  source?: string;
}

/** PUG REST answers a busy server with these fault codes; retrying later helps. */
const BUSY_FAULTS = new Set(['PUGREST.ServerBusy', 'PUGREST.Timeout']);

/**
 * Parses a PUG REST JSON answer: a full compound record (`{"PC_Compounds":[...]}` or the bare array)
 * or a property table (`{"PropertyTable":{"Properties":[...]}}`), detected from the shape.
 * A PUG REST `Fault` answer is thrown as PUBCHEM_SERVER_BUSY (retriable) for ServerBusy/Timeout,
 * else as PUBCHEM_FAULT (not retriable).
 */
export function parsePubchemJson(text: string, opts: ParsePubchemJsonOptions = {}): CompoundRecord[] {
  const where = opts.source === undefined ? {} : { source: opts.source };
  // A NUL in a text field (`\u0000` in a JSON string) is TEXT_HAS_NUL, named, not a driver error at the sink.
  return parseDocument(text, opts).map((record) => checkCompoundText(record, { ...where, recordIndex: record.recordIndex }));
}

function parseDocument(text: string, opts: ParsePubchemJsonOptions): CompoundRecord[] {
  const source = opts.source;
  const where = source === undefined ? {} : { source };
  let document: unknown;
  try {
    document = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (cause) {
    const at = jsonErrorPosition(cause, text);
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new PubchemParseError(PubchemErrorCodes.BAD_JSON, `invalid JSON: ${reason}`, { ...where, ...at }, { cause });
  }

  if (Array.isArray(document)) return document.map((item, i) => parsePcCompound(item, i, source));
  if (typeof document === 'object' && document !== null) {
    const object = document as Record<string, unknown>;
    if (Array.isArray(object.PC_Compounds)) return object.PC_Compounds.map((item, i) => parsePcCompound(item, i, source));
    const table = object.PropertyTable as { Properties?: unknown } | undefined;
    if (table !== undefined) {
      if (!Array.isArray(table?.Properties)) {
        throw new PubchemParseError(PubchemErrorCodes.BAD_SHAPE, 'PropertyTable.Properties is not an array', { ...where, field: 'PropertyTable.Properties' });
      }
      return table.Properties.map((row, i) => parsePropertyRow(row, i, source));
    }
    const fault = object.Fault as { Code?: unknown; Message?: unknown; Details?: unknown } | undefined;
    if (fault !== undefined) {
      const code = String(fault?.Code ?? 'unknown');
      const details = Array.isArray(fault?.Details) ? `: ${fault.Details.join('; ')}` : '';
      const errorCode = BUSY_FAULTS.has(code) ? PubchemErrorCodes.SERVER_BUSY : PubchemErrorCodes.FAULT;
      throw new PubchemParseError(errorCode, `PubChem fault ${code}: ${String(fault?.Message ?? '')}${details}`, { ...where, field: 'Fault' });
    }
  }
  throw new PubchemParseError(
    PubchemErrorCodes.BAD_SHAPE,
    'JSON is neither PC_Compounds (object or array) nor a PropertyTable',
    { ...where, field: '$' },
  );
}
