import type { MainModule } from '@rdkit/rdkit';

/** The RDKit MinimalLib module (WebAssembly) as returned by loadRdkit(). */
export type RDKitModule = MainModule;

/** A structure to compute descriptors for: the molblock wins when both are given. */
export interface StructureInput {
  molblock?: string | null;
  smiles?: string | null;
}

/**
 * Descriptors RDKit computes for one structure. Each field names the RDKit function it matches:
 * formula = CalcMolFormula (C, H, then alphabetical; charge suffix), molecularWeight = MolWt (average),
 * exactMass = ExactMolWt (monoisotopic), crippenLogP = MolLogP (Crippen; not comparable with
 * PubChem's XLogP3), tpsa = TPSA (N and O only, RDKit's default), hbondDonors = NumHBD,
 * hbondAcceptors = NumHBA, rotatableBonds = NumRotatableBonds (RDKit's default, "Strict"),
 * rings = NumRings (SSSR), inchi/inchiKey = standard InChI (null when InChI cannot be generated),
 * canonicalSmiles = MolToSmiles (isomeric, canonical).
 */
export interface RdkitDescriptors {
  formula: string;
  molecularWeight: number;
  exactMass: number;
  crippenLogP: number;
  tpsa: number;
  hbondDonors: number;
  hbondAcceptors: number;
  rotatableBonds: number;
  rings: number;
  inchi: string | null;
  inchiKey: string | null;
  canonicalSmiles: string;
}
