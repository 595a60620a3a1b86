import { PubchemErrorCodes, PubchemParseError, type PubchemErrorWhere } from './pubchem-parse-error.js';

/**
 * PubChem writes numbers as JSON numbers in older records and as strings ("180.16") in newer ones.
 * Returns undefined for absent/empty values and throws PUBCHEM_BAD_VALUE for text that is not a number.
 */
export function toNumber(value: unknown, where: PubchemErrorWhere): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
  } else if (typeof value === 'string') {
    const text = value.trim();
    if (text === '') return undefined;
    const parsed = Number(text);
    if (Number.isFinite(parsed)) return parsed;
  }
  throw new PubchemParseError(PubchemErrorCodes.BAD_VALUE, `not a number: ${JSON.stringify(value)}`, where);
}

/** Like toNumber, but the value must be a whole number (atom/bond counts, charge, CID). */
export function toInteger(value: unknown, where: PubchemErrorWhere): number | undefined {
  const n = toNumber(value, where);
  if (n === undefined) return undefined;
  if (!Number.isInteger(n)) {
    throw new PubchemParseError(PubchemErrorCodes.BAD_VALUE, `not an integer: ${JSON.stringify(value)}`, where);
  }
  return n;
}

/** Trimmed non-empty string, else undefined. Non-strings are a shape error. */
export function toText(value: unknown, where: PubchemErrorWhere): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw new PubchemParseError(PubchemErrorCodes.BAD_VALUE, `expected text, got ${typeof value}`, where);
  }
  const text = value.trim();
  return text === '' ? undefined : text;
}
