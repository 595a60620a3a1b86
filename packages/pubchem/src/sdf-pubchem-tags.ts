import type { CompoundProperties } from './compound-record.js';

export type TagKind = 'text' | 'number' | 'integer';

/**
 * PubChem SD tags -> our properties, first present tag wins. New (2025+) tags come before the
 * legacy OpenEye ones; exact mass falls back to the monoisotopic weight.
 */
export const PUBCHEM_SD_TAGS: [keyof CompoundProperties, TagKind, string[]][] = [
  ['inchi', 'text', ['PUBCHEM_IUPAC_INCHI']],
  ['inchiKey', 'text', ['PUBCHEM_IUPAC_INCHIKEY']],
  ['smiles', 'text', ['PUBCHEM_SMILES', 'PUBCHEM_OPENEYE_ISO_SMILES']],
  ['connectivitySmiles', 'text', ['PUBCHEM_CONNECTIVITY_SMILES', 'PUBCHEM_OPENEYE_CAN_SMILES']],
  ['formula', 'text', ['PUBCHEM_MOLECULAR_FORMULA']],
  ['molecularWeight', 'number', ['PUBCHEM_MOLECULAR_WEIGHT']],
  ['exactMass', 'number', ['PUBCHEM_EXACT_MASS', 'PUBCHEM_MONOISOTOPIC_WEIGHT']],
  ['xlogp', 'number', ['PUBCHEM_XLOGP3', 'PUBCHEM_XLOGP3_AA']],
  ['tpsa', 'number', ['PUBCHEM_CACTVS_TPSA']],
  ['hbondDonors', 'integer', ['PUBCHEM_CACTVS_HBOND_DONOR']],
  ['hbondAcceptors', 'integer', ['PUBCHEM_CACTVS_HBOND_ACCEPTOR']],
  ['rotatableBonds', 'integer', ['PUBCHEM_CACTVS_ROTATABLE_BOND']],
  ['charge', 'integer', ['PUBCHEM_TOTAL_CHARGE']],
];

export const PUBCHEM_CID_TAG = 'PUBCHEM_COMPOUND_CID';
export const PUBCHEM_IUPAC_NAME_TAG = 'PUBCHEM_IUPAC_NAME';
