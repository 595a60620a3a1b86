import { describe, expect, it } from 'vitest';
import { loadRdkit, molFormula } from '../src/index.js';

/** Formulas as RDKit's Python CalcMolFormula printed them (Debian python3-rdkit 2022.09.3). */
const CALC_MOL_FORMULA: [string, string][] = [
  ['O', 'H2O'],
  ['[NH4+]', 'H4N+'],
  ['[O-]S(=O)(=O)[O-]', 'O4S-2'],
  ['Cl', 'HCl'],
  ['C[NH3+].[Cl-]', 'CH6ClN'],
  ['[2H]C([2H])([2H])[2H]', 'CH4'],
  ['[13CH4]', 'CH4'],
  ['OCC[N+](C)(C)C', 'C5H14NO+'],
  ['[Na+].[Na+].[O-]S(=O)(=O)[O-]', 'Na2O4S'],
  ['BrC(Br)Br', 'CHBr3'],
  ['[Fe+3]', 'Fe+3'],
];

describe('molFormula', () => {
  it('writes formulas the way CalcMolFormula does (C, H, alphabetical; isotopes as element; charge suffix)', async () => {
    const rdkit = await loadRdkit();
    for (const [smiles, formula] of CALC_MOL_FORMULA) {
      const mol = rdkit.get_mol(smiles);
      try {
        expect(mol, smiles).not.toBeNull();
        expect(molFormula(JSON.parse(mol!.get_json())), smiles).toBe(formula);
      } finally {
        mol?.delete();
      }
    }
  });
});
