/**
 * One compound, normalized from any PubChem payload (full-record JSON, property table, SDF).
 * Plain data: JSON-serializable, no class instances.
 */
export type SourceFormat = 'pugrest-json' | 'property-table' | 'sdf';

/** Where a property value came from: PubChem's own computed value, or RDKit filling a gap. */
export type PropertySource = 'pubchem' | 'rdkit';

/**
 * Properties as PubChem gives them. A property PubChem did not give is absent.
 * `smiles` is the isomeric (2025+: "Absolute") SMILES; `connectivitySmiles` has no stereo or isotopes
 * (legacy name: "Canonical").
 */
export interface CompoundProperties {
  inchi?: string | null;
  inchiKey?: string | null;
  smiles?: string | null;
  connectivitySmiles?: string | null;
  formula?: string | null;
  molecularWeight?: number | null;
  exactMass?: number | null;
  xlogp?: number | null;
  tpsa?: number | null;
  hbondDonors?: number | null;
  hbondAcceptors?: number | null;
  rotatableBonds?: number | null;
  charge?: number | null;
}

export type PropertyName = keyof CompoundProperties;

export interface CompoundRecord {
  /** PubChem compound id; null when the input has none (non-PubChem SDF, deposited record). */
  cid: number | null;
  sourceFormat: SourceFormat;
  /** 0-based position of the record in its input. */
  recordIndex: number;
  /** SDF title line, or the IUPAC name. */
  title: string | null;
  /** V2000 molblock when the input carried a structure, else null. */
  molblock: string | null;
  properties: CompoundProperties;
  provenance: Partial<Record<PropertyName, PropertySource>>;
}

/** Builds properties + provenance together so that every value set is attributed to PubChem. */
export function pubchemProperties(values: CompoundProperties): Pick<CompoundRecord, 'properties' | 'provenance'> {
  const properties: CompoundProperties = {};
  const provenance: Partial<Record<PropertyName, PropertySource>> = {};
  for (const [key, value] of Object.entries(values) as [PropertyName, unknown][]) {
    if (value === undefined || value === null) continue;
    (properties as Record<string, unknown>)[key] = value;
    provenance[key] = 'pubchem';
  }
  return { properties, provenance };
}
