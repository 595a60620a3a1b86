import type { StructureInput } from './rdkit-descriptors.js';

/** How many atoms a structure says it has, read without parsing it, and where that was read. */
export interface AtomCount {
  atoms: number;
  /** 'V2000 counts line', 'V3000 COUNTS line' or 'SMILES'. */
  from: string;
}

const V3000_COUNTS = /^M {2}V30 COUNTS\s+(\d+)/m;

/**
 * The atoms a structure declares, read before RDKit sees it: from a molblock's counts line (V2000:
 * the first three columns of line 4; V3000: `M  V30 COUNTS na ...`), else counted in the SMILES
 * (bracket atoms, two-letter organic atoms Cl and Br, one-letter organic and aromatic atoms).
 * Null when a molblock's counts cannot be read (RDKit then refuses it as unparseable). Costs one
 * pass over the text at most; nothing is allocated in proportion to the declared count.
 */
export function countAtoms(input: StructureInput): AtomCount | null {
  if (input.molblock) return molblockAtoms(input.molblock);
  if (input.smiles) return { atoms: smilesAtoms(input.smiles), from: 'SMILES' };
  return null;
}

function molblockAtoms(molblock: string): AtomCount | null {
  // Line 4 (index 3) is the counts line; both versions have one (V3000: "  0  0  0     0  0            999 V3000").
  let start = 0;
  for (let line = 0; line < 3; line++) {
    const next = molblock.indexOf('\n', start);
    if (next < 0) return null;
    start = next + 1;
  }
  const end = molblock.indexOf('\n', start);
  const counts = molblock.slice(start, end < 0 ? undefined : end);
  if (/V3000\s*$/.test(counts)) {
    const m = V3000_COUNTS.exec(molblock);
    return m ? { atoms: Number(m[1]), from: 'V3000 COUNTS line' } : null;
  }
  const atoms = Number(counts.slice(0, 3));
  return counts.length >= 3 && Number.isInteger(atoms) && counts.slice(0, 3).trim() !== '' ? { atoms, from: 'V2000 counts line' } : null;
}

/** Atoms of a SMILES: [..] counts one, Cl/Br one, B C N O P S F I and aromatic b c n o p s one each. */
function smilesAtoms(smiles: string): number {
  let atoms = 0;
  for (let i = 0; i < smiles.length; i++) {
    const c = smiles[i]!;
    if (c === '[') {
      atoms++;
      const close = smiles.indexOf(']', i);
      if (close < 0) break;
      i = close;
    } else if ((c === 'C' && smiles[i + 1] === 'l') || (c === 'B' && smiles[i + 1] === 'r')) {
      atoms++;
      i++;
    } else if ('BCNOPSFIbcnops'.includes(c)) {
      atoms++;
    }
  }
  return atoms;
}
