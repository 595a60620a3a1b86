import type { Location, LocationPart, LocationParts, Position } from './types.js';

/**
 * Flatten a parsed location into storable parts (1-based, inclusive coordinates).
 * Parts follow Biopython's convention: complement(join(a,b)) yields b then a, both on strand -1
 * (the order in which the parts are read on the feature's strand). Ranges such as (1.5)..9
 * use the outermost bound for start and end, and mark that end fuzzy.
 */
export function flattenLocation(loc: Location): LocationParts {
  const parts: LocationPart[] = [];
  collectParts(loc, 1, parts);
  let min = Infinity;
  let max = -Infinity;
  let plus = 0;
  let minus = 0;
  for (const p of parts) {
    if (p.kind === 'gap') continue;
    min = Math.min(min, p.start, p.end);
    max = Math.max(max, p.start, p.end);
    if (p.strand === 1) plus += 1;
    else minus += 1;
  }
  const strand: 1 | -1 | 0 = plus > 0 && minus > 0 ? 0 : minus > 0 ? -1 : 1;
  return {
    operator: operatorOf(loc),
    parts,
    min: min === Infinity ? 0 : min,
    max: max === -Infinity ? 0 : max,
    strand,
  };
}

function operatorOf(loc: Location): LocationParts['operator'] {
  switch (loc.type) {
    case 'complement':
      return operatorOf(loc.location);
    case 'join':
    case 'order':
    case 'bond':
    case 'one-of':
    case 'gap':
      return loc.type;
    default:
      return 'single';
  }
}

function collectParts(loc: Location, strand: 1 | -1, out: LocationPart[]): void {
  switch (loc.type) {
    case 'complement': {
      const inner: LocationPart[] = [];
      collectParts(loc.location, strand === 1 ? -1 : 1, inner);
      inner.reverse();
      for (const p of inner) out.push(p);
      return;
    }
    case 'join':
    case 'order':
    case 'bond':
    case 'one-of':
      for (const child of loc.locations) collectParts(child, strand, out);
      return;
    case 'gap':
      out.push({ accession: null, start: 0, end: 0, strand, startFuzzy: false, endFuzzy: false, kind: 'gap', gapLength: loc.length });
      return;
    case 'site':
      out.push({ accession: loc.accession, start: loc.after, end: loc.before, strand, startFuzzy: false, endFuzzy: false, kind: 'site' });
      return;
    case 'point': {
      const p = loc.position;
      const spread = p.kind === 'within' || p.kind === 'one-of';
      out.push({
        accession: loc.accession,
        start: lowOf(p),
        end: highOf(p),
        strand,
        startFuzzy: p.kind !== 'exact' && p.kind !== 'after',
        endFuzzy: p.kind !== 'exact' && p.kind !== 'before',
        kind: spread ? 'oneOfRange' : 'point',
      });
      return;
    }
    case 'range':
      out.push({
        accession: loc.accession,
        start: lowOf(loc.start),
        end: highOf(loc.end),
        strand,
        startFuzzy: loc.start.kind !== 'exact',
        endFuzzy: loc.end.kind !== 'exact',
        kind: 'range',
      });
      return;
  }
}

function lowOf(p: Position): number {
  switch (p.kind) {
    case 'within':
      return p.low;
    case 'one-of':
      return Math.min(...p.choices);
    default:
      return p.value;
  }
}

function highOf(p: Position): number {
  switch (p.kind) {
    case 'within':
      return p.high;
    case 'one-of':
      return Math.max(...p.choices);
    default:
      return p.value;
  }
}
