import type { PcCompound } from './pc-properties.js';

const SYMBOLS =
  'H He Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn Ga Ge As Se Br Kr Rb Sr Y Zr Nb Mo Tc Ru Rh Pd Ag Cd In Sn Sb Te I Xe Cs Ba La Ce Pr Nd Pm Sm Eu Gd Tb Dy Ho Er Tm Yb Lu Hf Ta W Re Os Ir Pt Au Hg Tl Pb Bi Po At Rn Fr Ra Ac Th Pa U'.split(' ');

interface MolAtom {
  element: string;
  x: number;
  y: number;
  z: number;
}

function readMolblock(molblock: string): { atoms: MolAtom[]; bonds: [number, number, number][] } {
  const lines = molblock.split('\n');
  const counts = lines[3] ?? '';
  const atomCount = Number(counts.slice(0, 3));
  const bondCount = Number(counts.slice(3, 6));
  const atoms = lines.slice(4, 4 + atomCount).map((l) => {
    const f = l.trim().split(/\s+/);
    return { x: Number(f[0]), y: Number(f[1]), z: Number(f[2]), element: f[3] ?? '' };
  });
  const bonds = lines.slice(4 + atomCount, 4 + atomCount + bondCount).map((l): [number, number, number] => [Number(l.slice(0, 3)), Number(l.slice(3, 6)), Number(l.slice(6, 9))]);
  return { atoms, bonds };
}

/**
 * A minimal PC_Compounds record (id, atoms, bonds, coordinates, charge, props) re-encoded from a
 * molfile, for records whose fixture has no PubChem JSON. `props` carries the given properties.
 */
export function pcCompoundFromMolblock(cid: number, molblock: string, props: PcCompound['props'] = []): PcCompound {
  const { atoms, bonds } = readMolblock(molblock);
  const aid = atoms.map((_, i) => i + 1);
  const is3d = atoms.some((a) => a.z !== 0);
  return {
    id: { id: { cid } },
    atoms: { aid, element: atoms.map((a) => SYMBOLS.indexOf(a.element) + 1) },
    bonds: { aid1: bonds.map((b) => b[0]), aid2: bonds.map((b) => b[1]), order: bonds.map((b) => b[2]) },
    coords: [{ type: is3d ? [2, 5, 255] : [1, 5, 255], aid, conformers: [{ x: atoms.map((a) => a.x), y: atoms.map((a) => a.y), ...(is3d ? { z: atoms.map((a) => a.z) } : {}) }] }],
    charge: 0,
    props,
  };
}

/** A V2000 molfile re-encoded from a PC_Compounds record's atoms, bonds and first conformer. */
export function molblockFromPcCompound(compound: PcCompound, title: string): string {
  const atoms = compound.atoms as { aid: number[]; element: number[] };
  const bonds = (compound.bonds as { aid1: number[]; aid2: number[]; order: number[] } | undefined) ?? { aid1: [], aid2: [], order: [] };
  const conformer = (compound.coords as { conformers: { x: number[]; y: number[]; z?: number[] }[] }[] | undefined)?.[0]?.conformers[0];
  const n3 = (n: number): string => String(n).padStart(3);
  const f10 = (n: number | undefined): string => (n ?? 0).toFixed(4).padStart(10);
  const atomLines = atoms.aid.map((_, i) => `${f10(conformer?.x[i])}${f10(conformer?.y[i])}${f10(conformer?.z?.[i])} ${(SYMBOLS[(atoms.element[i] ?? 1) - 1] ?? '*').padEnd(3)} 0  0  0  0  0  0  0  0  0  0  0  0`);
  const bondLines = bonds.aid1.map((a, i) => `${n3(a)}${n3(bonds.aid2[i] ?? 0)}${n3(bonds.order[i] ?? 1)}  0  0  0  0`);
  return [title, '  Strand stand-in (re-encoded from PubChem JSON)', '', `${n3(atomLines.length)}${n3(bondLines.length)}  0     0  0  0  0  0  0999 V2000`, ...atomLines, ...bondLines, 'M  END'].join('\n');
}
