/**
 * How far an RDKit value may be from PubChem's before it is listed as a disagreement.
 * Defaults: PubChem rounds MW to 2-3 decimals and exact mass to 3+, and Cactvs and RDKit TPSA
 * tables agree to 0.1 for N/O. Counts, formula and InChIKey must match exactly.
 * LogP is never compared: PubChem's XLogP3 and RDKit's Crippen logP are different methods.
 */
export interface DisagreementTolerances {
  molecularWeight: number;
  exactMass: number;
  tpsa: number;
}

export const DEFAULT_TOLERANCES: DisagreementTolerances = {
  molecularWeight: 0.05,
  exactMass: 0.001,
  tpsa: 0.5,
};
