import { elementSymbol } from './element-symbols.js';

/** The parts of a PubChem PC_Compound that describe its structure (see PubChem's pcsubstance.asn). */
export interface PcStructure {
  atoms?: { aid?: number[]; element?: number[]; charge?: { aid: number; value: number }[]; isotope?: { aid: number; value: number }[] };
  bonds?: { aid1?: number[]; aid2?: number[]; order?: number[] };
  coords?: {
    aid?: number[];
    conformers?: { x?: number[]; y?: number[]; z?: number[]; style?: { annotation?: number[]; aid1?: number[]; aid2?: number[] } }[];
  }[];
}

/** V2000 holds at most 999 atoms and bonds. */
const V2000_MAX = 999;

/** PubChem bond annotation -> V2000 bond stereo (wedge-up 5, wedge-down 6, wavy 3, crossed 1). */
const STEREO_BY_ANNOTATION: Record<number, number> = { 5: 1, 6: 6, 3: 4, 1: 3 };

/**
 * Writes a V2000 molblock from a PC_Compound's atoms, bonds and first conformer.
 * Returns null when the record cannot be written faithfully as V2000: no coordinates, an element
 * code that is not an element, a bond order other than single/double/triple (dative, ionic,
 * complex), or more than 999 atoms/bonds.
 */
export function buildMolblock(compound: PcStructure, title: string): string | null {
  const aids = compound.atoms?.aid;
  const elements = compound.atoms?.element;
  if (!aids || !elements || aids.length !== elements.length || aids.length === 0 || aids.length > V2000_MAX) return null;

  const position = new Map<number, number>(); // aid -> 1-based atom number
  aids.forEach((aid, index) => position.set(aid, index + 1));

  const coordSet = compound.coords?.[0];
  const conformer = coordSet?.conformers?.[0];
  if (!coordSet?.aid || !conformer?.x || !conformer.y) return null;
  const xyz = new Map<number, [number, number, number]>();
  coordSet.aid.forEach((aid, i) => xyz.set(aid, [conformer.x?.[i] ?? 0, conformer.y?.[i] ?? 0, conformer.z?.[i] ?? 0]));
  const is3d = (conformer.z ?? []).some((z) => z !== 0);

  const atomLines: string[] = [];
  for (let i = 0; i < aids.length; i++) {
    const symbol = elementSymbol(elements[i] ?? 0);
    const point = xyz.get(aids[i] ?? -1);
    if (symbol === undefined || point === undefined) return null;
    atomLines.push(`${point.map(coordinate).join('')} ${symbol.padEnd(3)} 0  0  0  0  0  0  0  0  0  0  0  0`);
  }

  const stereo = bondStereo(conformer.style);
  const bondLines: string[] = [];
  const { aid1 = [], aid2 = [], order = [] } = compound.bonds ?? {};
  if (aid1.length > V2000_MAX || aid1.length !== aid2.length || aid1.length !== order.length) return null;
  for (let i = 0; i < aid1.length; i++) {
    const a = position.get(aid1[i] ?? -1);
    const b = position.get(aid2[i] ?? -1);
    const bondOrder = order[i] ?? 0;
    if (a === undefined || b === undefined || bondOrder < 1 || bondOrder > 3) return null;
    const forward = stereo.get(`${aid1[i]}-${aid2[i]}`);
    const backward = stereo.get(`${aid2[i]}-${aid1[i]}`);
    // A wedge starts at its narrow end, which PubChem lists first in the style annotation.
    const [first, second, code] = forward !== undefined ? [a, b, forward] : backward !== undefined ? [b, a, backward] : [a, b, 0];
    bondLines.push(`${int3(first)}${int3(second)}${int3(bondOrder)}${int3(code)}  0  0  0`);
  }

  const propertyLines = [
    ...atomPropertyLines('CHG', compound.atoms?.charge, position),
    ...atomPropertyLines('ISO', compound.atoms?.isotope, position),
  ];
  return [
    title,
    `  Strand    0000000000${is3d ? '3D' : '2D'}`,
    '',
    `${int3(atomLines.length)}${int3(bondLines.length)}  0  0  0  0  0  0  0  0999 V2000`,
    ...atomLines,
    ...bondLines,
    ...propertyLines,
    'M  END',
    '',
  ].join('\n');
}

function bondStereo(style: { annotation?: number[]; aid1?: number[]; aid2?: number[] } | undefined): Map<string, number> {
  const byBond = new Map<string, number>();
  const { annotation = [], aid1 = [], aid2 = [] } = style ?? {};
  annotation.forEach((value, i) => {
    const code = STEREO_BY_ANNOTATION[value];
    if (code !== undefined) byBond.set(`${aid1[i]}-${aid2[i]}`, code);
  });
  return byBond;
}

/** `M  CHG` / `M  ISO` lines, at most 8 entries per line as V2000 requires. */
function atomPropertyLines(kind: 'CHG' | 'ISO', entries: { aid: number; value: number }[] | undefined, position: Map<number, number>): string[] {
  const pairs = (entries ?? []).flatMap((entry) => {
    const atom = position.get(entry.aid);
    return atom === undefined || entry.value === 0 ? [] : [[atom, entry.value] as const];
  });
  const lines: string[] = [];
  for (let i = 0; i < pairs.length; i += 8) {
    const chunk = pairs.slice(i, i + 8);
    lines.push(`M  ${kind}${int3(chunk.length)}${chunk.map(([atom, value]) => ` ${int3(atom)} ${int3(value)}`).join('')}`);
  }
  return lines;
}

function coordinate(value: number): string {
  return value.toFixed(4).padStart(10);
}

function int3(value: number): string {
  return String(value).padStart(3);
}
