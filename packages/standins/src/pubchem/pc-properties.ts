/** The subset of a PubChem PC_Compounds record the stand-in reads. */
export interface PcCompound {
  id: { id: { cid: number } };
  charge?: number;
  props?: { urn: { label: string; name?: string }; value: { ival?: number; fval?: number; sval?: string } }[];
  count?: Record<string, number>;
  [key: string]: unknown;
}

export type PropertyValue = string | number | boolean;

/** PUG REST property name for a PC_Compounds prop, by "label/name". */
const PROP_NAMES: Record<string, string> = {
  'Molecular Formula/': 'MolecularFormula',
  'Molecular Weight/': 'MolecularWeight',
  'SMILES/Canonical': 'CanonicalSMILES',
  'SMILES/Isomeric': 'IsomericSMILES',
  'SMILES/Connectivity': 'ConnectivitySMILES',
  'SMILES/Absolute': 'SMILES',
  'InChI/Standard': 'InChI',
  'InChIKey/Standard': 'InChIKey',
  'IUPAC Name/Preferred': 'IUPACName',
  'Log P/XLogP3': 'XLogP',
  'Mass/Exact': 'ExactMass',
  'Weight/MonoIsotopic': 'MonoisotopicMass',
  'Topological/Polar Surface Area': 'TPSA',
  'Compound Complexity/': 'Complexity',
  'Count/Hydrogen Bond Donor': 'HBondDonorCount',
  'Count/Hydrogen Bond Acceptor': 'HBondAcceptorCount',
  'Count/Rotatable Bond': 'RotatableBondCount',
};

const COUNT_NAMES: Record<string, string> = {
  heavy_atom: 'HeavyAtomCount',
  isotope_atom: 'IsotopeAtomCount',
  atom_chiral: 'AtomStereoCount',
  atom_chiral_def: 'DefinedAtomStereoCount',
  atom_chiral_undef: 'UndefinedAtomStereoCount',
  bond_chiral: 'BondStereoCount',
  bond_chiral_def: 'DefinedBondStereoCount',
  bond_chiral_undef: 'UndefinedBondStereoCount',
  covalent_unit: 'CovalentUnitCount',
};

/** Every property PUG REST's /property/ route accepts here, in PubChem's table order. */
export const PROPERTY_NAMES = [
  'MolecularFormula', 'MolecularWeight', 'CanonicalSMILES', 'IsomericSMILES', 'ConnectivitySMILES', 'SMILES',
  'InChI', 'InChIKey', 'IUPACName', 'Title', 'XLogP', 'ExactMass', 'MonoisotopicMass', 'TPSA', 'Complexity',
  'Charge', 'HBondDonorCount', 'HBondAcceptorCount', 'RotatableBondCount', 'HeavyAtomCount', 'IsotopeAtomCount',
  'AtomStereoCount', 'DefinedAtomStereoCount', 'UndefinedAtomStereoCount', 'BondStereoCount',
  'DefinedBondStereoCount', 'UndefinedBondStereoCount', 'CovalentUnitCount',
] as const;

/** Reads the PUG REST properties out of a PC_Compounds record (values keep PubChem's types: MW is a string). */
export function propertiesFromPcCompound(compound: PcCompound): Record<string, PropertyValue> {
  const found: Record<string, PropertyValue> = {};
  for (const p of compound.props ?? []) {
    const name = PROP_NAMES[`${p.urn.label}/${p.urn.name ?? ''}`];
    const value = p.value.sval ?? p.value.fval ?? p.value.ival;
    if (name && value !== undefined) found[name] = value;
  }
  if (compound.charge !== undefined) found.Charge = compound.charge;
  for (const [k, v] of Object.entries(compound.count ?? {})) {
    const name = COUNT_NAMES[k];
    if (name) found[name] = v;
  }
  const ordered: Record<string, PropertyValue> = {};
  for (const name of PROPERTY_NAMES) if (found[name] !== undefined) ordered[name] = found[name]!;
  return ordered;
}
