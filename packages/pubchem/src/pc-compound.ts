import { pubchemProperties, type CompoundProperties, type CompoundRecord } from './compound-record.js';
import { buildMolblock, type PcStructure } from './pc-compound-molblock.js';
import { toInteger, toNumber, toText } from './numeric-value.js';
import { PubchemErrorCodes, PubchemParseError, type PubchemErrorWhere } from './pubchem-parse-error.js';

interface PcProp {
  urn?: { label?: string; name?: string };
  value?: { ival?: number; fval?: number; sval?: string };
}

interface PcCompound extends PcStructure {
  id?: { id?: { cid?: number } };
  charge?: number;
  props?: PcProp[];
}

type PropKey = `${string}/${string}`;

/** `label/name` of a PubChem property URN -> our property. Old (pre-2025) and new labels both map. */
const PROPERTY_BY_URN: Record<PropKey, keyof CompoundProperties> = {
  'InChI/Standard': 'inchi',
  'InChIKey/Standard': 'inchiKey',
  'SMILES/Absolute': 'smiles',
  'SMILES/Isomeric': 'smiles',
  'SMILES/Connectivity': 'connectivitySmiles',
  'SMILES/Canonical': 'connectivitySmiles',
  'Molecular Formula/': 'formula',
  'Molecular Weight/': 'molecularWeight',
  'Mass/Exact': 'exactMass',
  'Log P/XLogP3': 'xlogp',
  'Log P/XLogP3-AA': 'xlogp',
  'Topological/Polar Surface Area': 'tpsa',
  'Count/Hydrogen Bond Donor': 'hbondDonors',
  'Count/Hydrogen Bond Acceptor': 'hbondAcceptors',
  'Count/Rotatable Bond': 'rotatableBonds',
};

const TEXT_PROPERTIES = new Set<keyof CompoundProperties>(['inchi', 'inchiKey', 'smiles', 'connectivitySmiles', 'formula']);
const INTEGER_PROPERTIES = new Set<keyof CompoundProperties>(['hbondDonors', 'hbondAcceptors', 'rotatableBonds', 'charge']);

/** IUPAC name styles, most preferred first. */
const TITLE_NAMES = ['Preferred', 'Allowed', 'CAS-like Style', 'Systematic', 'Traditional'];

/** Normalizes one PC_Compound object (one element of `PC_Compounds`). */
export function parsePcCompound(raw: unknown, recordIndex: number, source?: string): CompoundRecord {
  const baseWhere: PubchemErrorWhere = { recordIndex, ...(source === undefined ? {} : { source }) };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new PubchemParseError(PubchemErrorCodes.BAD_SHAPE, 'PC_Compounds element is not an object', baseWhere);
  }
  const compound = raw as PcCompound;
  const cid = toInteger(compound.id?.id?.cid, { ...baseWhere, field: 'id.id.cid' }) ?? null;
  const where: PubchemErrorWhere = { ...baseWhere, cid };

  const values: CompoundProperties = {};
  const names = new Map<string, string>();
  (Array.isArray(compound.props) ? compound.props : []).forEach((prop, i) => {
    const label = prop?.urn?.label ?? '';
    const name = prop?.urn?.name ?? '';
    const value = prop?.value?.sval ?? prop?.value?.fval ?? prop?.value?.ival;
    if (label === 'IUPAC Name' && typeof value === 'string') names.set(name, value);
    const key = PROPERTY_BY_URN[`${label}/${name}`];
    if (key === undefined || values[key] !== undefined) return;
    const fieldWhere = { ...where, field: `props[${i}] ${label}${name ? ` ${name}` : ''}` };
    const parsed = TEXT_PROPERTIES.has(key)
      ? toText(value, fieldWhere)
      : INTEGER_PROPERTIES.has(key)
        ? toInteger(value, fieldWhere)
        : toNumber(value, fieldWhere);
    if (parsed !== undefined) (values as Record<string, unknown>)[key] = parsed;
  });
  // Monoisotopic weight equals exact mass for PubChem's standardized records; use it when "Mass Exact" is absent.
  if (values.exactMass === undefined) {
    const mono = compound.props?.find((p) => p?.urn?.label === 'Weight' && p.urn.name === 'MonoIsotopic');
    const parsed = toNumber(mono?.value?.sval ?? mono?.value?.fval, { ...where, field: 'Weight MonoIsotopic' });
    if (parsed !== undefined) values.exactMass = parsed;
  }
  const charge = toInteger(compound.charge, { ...where, field: 'charge' });
  if (charge !== undefined) values.charge = charge;

  const title = TITLE_NAMES.map((n) => names.get(n)).find((n) => n !== undefined) ?? null;
  return {
    cid,
    sourceFormat: 'pugrest-json',
    recordIndex,
    title,
    molblock: buildMolblock(compound, cid === null ? (title ?? '') : String(cid)),
    ...pubchemProperties(values),
  };
}
