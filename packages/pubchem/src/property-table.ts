import { pubchemProperties, type CompoundProperties, type CompoundRecord } from './compound-record.js';
import { toInteger, toNumber, toText } from './numeric-value.js';
import { PubchemErrorCodes, PubchemParseError, type PubchemErrorWhere } from './pubchem-parse-error.js';

/** Column names of a PUG REST property table, first present wins (new names before legacy ones). */
const TEXT_COLUMNS: [keyof CompoundProperties, string[]][] = [
  ['inchi', ['InChI']],
  ['inchiKey', ['InChIKey']],
  ['smiles', ['SMILES', 'IsomericSMILES']],
  ['connectivitySmiles', ['ConnectivitySMILES', 'CanonicalSMILES']],
  ['formula', ['MolecularFormula']],
];
const NUMBER_COLUMNS: [keyof CompoundProperties, string[]][] = [
  ['molecularWeight', ['MolecularWeight']],
  ['exactMass', ['ExactMass', 'MonoisotopicMass']],
  ['xlogp', ['XLogP']],
  ['tpsa', ['TPSA']],
];
const INTEGER_COLUMNS: [keyof CompoundProperties, string[]][] = [
  ['hbondDonors', ['HBondDonorCount']],
  ['hbondAcceptors', ['HBondAcceptorCount']],
  ['rotatableBonds', ['RotatableBondCount']],
  ['charge', ['Charge']],
];

/** Normalizes one row of `PropertyTable.Properties`. */
export function parsePropertyRow(raw: unknown, recordIndex: number, source?: string): CompoundRecord {
  const baseWhere: PubchemErrorWhere = { recordIndex, ...(source === undefined ? {} : { source }) };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new PubchemParseError(PubchemErrorCodes.BAD_SHAPE, 'PropertyTable.Properties element is not an object', baseWhere);
  }
  const row = raw as Record<string, unknown>;
  const cid = toInteger(row.CID, { ...baseWhere, field: 'CID' }) ?? null;
  const where = { ...baseWhere, cid };

  const values: CompoundProperties = {};
  const read = (columns: [keyof CompoundProperties, string[]][], convert: typeof toNumber | typeof toText): void => {
    for (const [key, names] of columns) {
      const column = names.find((name) => row[name] !== undefined && row[name] !== null);
      if (column === undefined) continue;
      const value = convert(row[column], { ...where, field: column });
      if (value !== undefined) (values as Record<string, unknown>)[key] = value;
    }
  };
  read(TEXT_COLUMNS, toText);
  read(NUMBER_COLUMNS, toNumber);
  read(INTEGER_COLUMNS, toInteger);

  const title = toText(row.IUPACName, { ...where, field: 'IUPACName' }) ?? toText(row.Title, { ...where, field: 'Title' }) ?? null;
  return { cid, sourceFormat: 'property-table', recordIndex, title, molblock: null, ...pubchemProperties(values) };
}
