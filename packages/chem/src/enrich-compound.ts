import type { CompoundProperties, CompoundRecord, PropertySource } from '@strand/pubchem';
import { ChemError, ChemErrorCodes, type ChemErrorCode } from './chem-error.js';
import type { DescriptorPool } from './descriptor-pool.js';
import { countAtoms } from './atom-count.js';
import { computeDescriptors } from './compute-descriptors.js';
import { DEFAULT_TOLERANCES, type DisagreementTolerances } from './disagreement-tolerances.js';
import type { RDKitModule, RdkitDescriptors, StructureInput } from './rdkit-descriptors.js';

export interface Disagreement {
  field: string;
  pubchem: unknown;
  rdkit: unknown;
}

export interface EnrichedCompound extends CompoundRecord {
  /** What RDKit computed, or null when it was not asked to (fallback mode, nothing missing) or could not. */
  rdkit: RdkitDescriptors | null;
  /** Fields where PubChem and RDKit both have a value and differ past the tolerance. */
  disagreements: Disagreement[];
  /** Why RDKit gave nothing, when `unparseable: 'keep'` kept a record RDKit could not read. */
  rdkitError?: { code: string; message: string };
}

export interface EnrichOptions {
  /** fallback: run RDKit only when a property it can fill is missing; always: run it for every record. */
  mode: 'fallback' | 'always';
  tolerance?: Partial<DisagreementTolerances>;
  /** throw (default): an unreadable structure throws ChemError; keep: return the record unenriched with rdkitError. */
  unparseable?: 'throw' | 'keep';
  /** Most atoms handed to RDKit (STRAND_RDKIT_MAX_ATOMS): a larger structure is refused with INPUT_TOO_LARGE before RDKit sees it. Absent: no limit. */
  maxAtoms?: number;
}

/** The setting that raises the atom limit, named in its error. */
export const MAX_ATOMS_SETTING = 'STRAND_RDKIT_MAX_ATOMS';

/**
 * Refuses a structure that declares more atoms than RDKit may be handed: its WebAssembly memory is
 * bounded by no resource limit (a V3000 molfile declaring 100,000,000 atoms took 3.2 GB).
 */
export function checkAtomCount(structure: StructureInput, maxAtoms: number | undefined): void {
  if (maxAtoms === undefined) return;
  const count = countAtoms(structure);
  if (count === null || count.atoms <= maxAtoms) return;
  throw new ChemError(ChemErrorCodes.TOO_LARGE, `the structure declares ${count.atoms} atoms (${count.from}), more than ${maxAtoms}; it was not handed to RDKit (raise ${MAX_ATOMS_SETTING} to accept it)`, {
    details: { atoms: count.atoms, limit: maxAtoms, setting: MAX_ATOMS_SETTING },
  });
}

/** Properties RDKit can fill, and the descriptor that fills each. XLogP3 is not among them (see docs). */
const FILLABLE: [keyof CompoundProperties, keyof RdkitDescriptors][] = [
  ['formula', 'formula'],
  ['molecularWeight', 'molecularWeight'],
  ['exactMass', 'exactMass'],
  ['tpsa', 'tpsa'],
  ['hbondDonors', 'hbondDonors'],
  ['hbondAcceptors', 'hbondAcceptors'],
  ['rotatableBonds', 'rotatableBonds'],
  ['inchi', 'inchi'],
  ['inchiKey', 'inchiKey'],
  ['smiles', 'canonicalSmiles'],
];

type Comparison = 'exact' | keyof DisagreementTolerances;

/** Properties compared when both sides have them. SMILES are not: the two toolkits write different canonical forms. */
const COMPARED: [keyof CompoundProperties, keyof RdkitDescriptors, Comparison][] = [
  ['formula', 'formula', 'exact'],
  ['molecularWeight', 'molecularWeight', 'molecularWeight'],
  ['exactMass', 'exactMass', 'exactMass'],
  ['tpsa', 'tpsa', 'tpsa'],
  ['hbondDonors', 'hbondDonors', 'exact'],
  ['hbondAcceptors', 'hbondAcceptors', 'exact'],
  ['rotatableBonds', 'rotatableBonds', 'exact'],
  ['inchiKey', 'inchiKey', 'exact'],
];

/** The structure RDKit should read for a record: its molblock, else PubChem's SMILES. */
export function structureOf(record: CompoundRecord): StructureInput {
  return { molblock: record.molblock, smiles: record.properties.smiles ?? record.properties.connectivitySmiles ?? null };
}

/** Whether enrichment would run RDKit for this record in this mode. */
export function needsRdkit(record: CompoundRecord, mode: EnrichOptions['mode']): boolean {
  const structure = structureOf(record);
  if (!structure.molblock && !structure.smiles) return false;
  return mode === 'always' || FILLABLE.some(([property]) => isMissing(record.properties[property]));
}

/**
 * Enriches one record with RDKit. Missing PubChem properties are filled from RDKit (provenance
 * 'rdkit'); PubChem's values are never overwritten; where both exist, differences past the tolerance
 * are listed in `disagreements`. A record without any structure comes back with rdkit null.
 */
export function enrichCompound(record: CompoundRecord, rdkit: RDKitModule, opts: EnrichOptions): EnrichedCompound {
  if (!needsRdkit(record, opts.mode)) return applyDescriptors(record, null, opts);
  try {
    checkAtomCount(structureOf(record), opts.maxAtoms);
    return applyDescriptors(record, computeDescriptors(rdkit, structureOf(record)), opts);
  } catch (error) {
    if (!(error instanceof ChemError) || opts.unparseable !== 'keep') throw withRecord(error, record);
    return { ...applyDescriptors(record, null, opts), rdkitError: { code: error.code, message: error.message } };
  }
}

/**
 * enrichCompound with the RDKit work done by a DescriptorPool (worker threads), so several
 * records can be enriched at once on several cores. Same results and errors as enrichCompound.
 */
export async function enrichCompoundInPool(record: CompoundRecord, pool: DescriptorPool, opts: EnrichOptions): Promise<EnrichedCompound> {
  if (!needsRdkit(record, opts.mode)) return applyDescriptors(record, null, opts);
  try {
    checkAtomCount(structureOf(record), opts.maxAtoms);
  } catch (error) {
    throw withRecord(error, record);
  }
  const [result] = await pool.compute([structureOf(record)]);
  if (result && !('error' in result)) return applyDescriptors(record, result, opts);
  const failure = result && 'error' in result ? result.error : { code: ChemErrorCodes.RDKIT_UNPARSEABLE, message: 'no result from the descriptor pool' };
  const error = new ChemError(failure.code as ChemErrorCode, failure.message);
  if (opts.unparseable !== 'keep' || error.retriable) throw withRecord(error, record);
  return { ...applyDescriptors(record, null, opts), rdkitError: { code: error.code, message: error.message } };
}

/**
 * The pure half of enrichCompound, for descriptors computed elsewhere (e.g. by DescriptorPool):
 * fills missing properties and lists disagreements.
 */
export function applyDescriptors(record: CompoundRecord, descriptors: RdkitDescriptors | null, opts: Pick<EnrichOptions, 'tolerance'> = {}): EnrichedCompound {
  const properties: CompoundProperties = { ...record.properties };
  const provenance: Partial<Record<keyof CompoundProperties, PropertySource>> = { ...record.provenance };
  const disagreements: Disagreement[] = [];
  if (descriptors !== null) {
    for (const [property, descriptor] of FILLABLE) {
      const value = descriptors[descriptor];
      if (isMissing(properties[property]) && value !== null && value !== undefined) {
        (properties as Record<string, unknown>)[property] = value;
        provenance[property] = 'rdkit';
      }
    }
    const tolerances = { ...DEFAULT_TOLERANCES, ...opts.tolerance };
    for (const [property, descriptor, comparison] of COMPARED) {
      if (provenance[property] !== 'pubchem') continue;
      const pubchem = record.properties[property];
      const computed = descriptors[descriptor];
      if (isMissing(pubchem) || computed === null) continue;
      const differs =
        comparison === 'exact' ? pubchem !== computed : Math.abs(Number(pubchem) - Number(computed)) > tolerances[comparison];
      if (differs) disagreements.push({ field: property, pubchem, rdkit: computed });
    }
  }
  return { ...record, properties, provenance, rdkit: descriptors, disagreements };
}

function isMissing(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

function withRecord(error: unknown, record: CompoundRecord): unknown {
  if (!(error instanceof ChemError)) return error;
  const who = record.cid !== null ? `CID ${record.cid}` : `record ${record.recordIndex}${record.title ? ` (${record.title})` : ''}`;
  return new ChemError(error.code, `${who}: ${error.message}`, {
    cause: error,
    details: { ...error.details, cid: record.cid, recordIndex: record.recordIndex, title: record.title },
  });
}
