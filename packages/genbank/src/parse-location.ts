import { GenbankParseError } from './errors.js';
import type { Location, Position } from './types.js';

const COMPOUND_OPERATORS = ['join', 'order', 'bond', 'one-of'] as const;
type CompoundOperator = (typeof COMPOUND_OPERATORS)[number];

/**
 * Parse an INSDC feature location (the whole grammar: complement, join, order, bond, one-of, gap,
 * fuzzy ends, sites, single bases, (a.b) within-positions, remote accessions). Whitespace is ignored.
 * Throws GenbankParseError GENBANK_BAD_LOCATION naming the location and the offending column.
 */
export function parseLocation(text: string): Location {
  const compact = /\s/.test(text) ? text.replace(/\s+/g, '') : text;
  const parser = new LocationParser(compact);
  const location = parser.location();
  if (parser.pos !== compact.length) parser.fail('unexpected text after the location');
  return location;
}

class LocationParser {
  pos = 0;
  constructor(private readonly text: string) {}

  fail(what: string): never {
    throw new GenbankParseError(
      'GENBANK_BAD_LOCATION',
      `bad feature location '${this.text}': ${what} at column ${this.pos + 1}`,
    );
  }

  location(): Location {
    const t = this.text;
    if (t.startsWith('complement(', this.pos)) {
      this.pos += 11;
      const inner = this.location();
      this.expect(')');
      return { type: 'complement', location: inner };
    }
    for (const op of COMPOUND_OPERATORS) {
      if (t.startsWith(op, this.pos) && t.charCodeAt(this.pos + op.length) === 40 /* ( */) {
        if (op === 'one-of') {
          const positional = this.tryOneOfPositionLocation();
          if (positional !== null) return positional;
        }
        return this.compound(op);
      }
    }
    if (t.startsWith('gap(', this.pos)) return this.gap();
    return this.simple();
  }

  private compound(type: CompoundOperator): Location {
    this.pos += type.length + 1;
    const locations: Location[] = [this.location()];
    while (this.text.charCodeAt(this.pos) === 44 /* , */) {
      this.pos += 1;
      locations.push(this.location());
    }
    this.expect(')');
    return { type, locations };
  }

  /** one-of(1,5)..20 or a bare one-of(1,5) of plain integers: a position, not an operator. */
  private tryOneOfPositionLocation(): Location | null {
    const save = this.pos;
    const m = /^one-of\((\d+(?:,\d+)*)\)/.exec(this.text.slice(this.pos));
    if (m === null) return null;
    const after = this.pos + m[0].length;
    const next = this.text.charCodeAt(after);
    // Followed by ',' or ')' inside a list, or the end: a single base that is one of these.
    if (!(this.text.startsWith('..', after) || Number.isNaN(next) || next === 44 || next === 41)) return null;
    this.pos = save;
    return this.simple();
  }

  private gap(): Location {
    this.pos += 4;
    const m = /^(unk)?(\d*)\)/.exec(this.text.slice(this.pos, this.pos + 24));
    if (m === null) this.fail("expected gap(), gap(N) or gap(unkN)");
    this.pos += m[0].length;
    const digits = m[2] ?? '';
    const unknownLength = m[1] !== undefined || digits === '';
    return { type: 'gap', length: m[1] === undefined && digits !== '' ? Number(digits) : null, unknownLength };
  }

  private simple(): Location {
    const accession = this.accessionPrefix();
    const t = this.text;
    const first = this.position();
    if (t.startsWith('..', this.pos)) {
      this.pos += 2;
      const end = this.position();
      return { type: 'range', accession, start: first, end };
    }
    if (t.charCodeAt(this.pos) === 94 /* ^ */) {
      if (first.kind !== 'exact') this.fail("a '^' site needs exact positions");
      this.pos += 1;
      const before = this.integer();
      return { type: 'site', accession, after: first.value, before };
    }
    return { type: 'point', accession, position: first };
  }

  /** X12345.1: in front of a location on another entry. */
  private accessionPrefix(): string | null {
    const t = this.text;
    const c = t.charCodeAt(this.pos);
    const isLetter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    if (!isLetter || t.startsWith('one-of(', this.pos)) return null;
    const colon = t.indexOf(':', this.pos);
    if (colon < 0) this.fail('unknown location operator or missing accession colon');
    const accession = t.slice(this.pos, colon);
    if (!/^[A-Za-z][A-Za-z0-9_.]*$/.test(accession)) this.fail(`bad accession '${accession}'`);
    this.pos = colon + 1;
    return accession;
  }

  private position(): Position {
    const t = this.text;
    const c = t.charCodeAt(this.pos);
    if (c === 60 /* < */) {
      this.pos += 1;
      return { kind: 'before', value: this.integer() };
    }
    if (c === 62 /* > */) {
      this.pos += 1;
      return { kind: 'after', value: this.integer() };
    }
    if (c === 40 /* ( */) {
      this.pos += 1;
      const low = this.integer();
      this.expect('.');
      const high = this.integer();
      this.expect(')');
      if (low > high) this.fail(`(${low}.${high}) has its low end above its high end`);
      return { kind: 'within', low, high };
    }
    if (t.startsWith('one-of(', this.pos)) {
      this.pos += 7;
      const choices = [this.integer()];
      while (t.charCodeAt(this.pos) === 44) {
        this.pos += 1;
        choices.push(this.integer());
      }
      this.expect(')');
      return { kind: 'one-of', choices };
    }
    return { kind: 'exact', value: this.integer() };
  }

  private integer(): number {
    const t = this.text;
    const start = this.pos;
    let value = 0;
    for (;;) {
      const c = t.charCodeAt(this.pos);
      if (c < 48 || c > 57 || Number.isNaN(c)) break;
      value = value * 10 + (c - 48);
      this.pos += 1;
    }
    if (this.pos === start) this.fail('expected a number');
    return value;
  }

  private expect(ch: string): void {
    if (this.text[this.pos] !== ch) this.fail(`expected '${ch}'`);
    this.pos += 1;
  }
}
