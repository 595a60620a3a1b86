import { GenbankParseError } from './errors.js';
import { spacesAt } from './indent.js';
import { parseLocation } from './parse-location.js';
import { isSimpleLocation } from './simple-location.js';
import type { Feature } from './types.js';

/** Column where feature locations and qualifiers start (0-based). */
const QUALIFIER_COLUMN = 21;

export interface FeatureTableResult {
  features: Feature[];
  /** Offset of the first line after the feature table. */
  end: number;
  /** 1-based stream line number of that line. */
  endLine: number;
}

/**
 * Parse the feature table starting at `start` (the line after FEATURES) up to the next line that
 * does not begin with a space. Follows Biopython's conventions: multi-line values are joined with
 * one space, /translation loses all whitespace, enclosing quotes are removed and "" becomes ",
 * a flag qualifier maps to [""] (and a repeated flag is kept once). A quoted value runs until its
 * closing quote, so a continuation line that begins with '/' inside quotes stays part of the value.
 * `ascii`, when given, views the bytes text was decoded from, one byte per character (text[i] is byte i):
 * the hot indentation check then reads them four at a time.
 */
export function parseFeatureTable(text: string, start: number, startLine: number, source: string | null, ascii?: DataView): FeatureTableResult {
  const features: Feature[] = [];
  const builder = new FeatureBuilder(source);
  let pos = start;
  let line = startLine;
  const length = text.length;
  while (pos < length) {
    const nl = text.indexOf('\n', pos);
    const lineEnd = nl < 0 ? length : nl;
    const first = text.charCodeAt(pos);
    if (first !== 32 && lineEnd > pos) break; // next top-level keyword
    if (lineEnd > pos + QUALIFIER_COLUMN && text.charCodeAt(pos + QUALIFIER_COLUMN) !== 32 && (ascii !== undefined ? qualifierIndentAt(ascii, pos) : spacesAt(text, pos, QUALIFIER_COLUMN))) {
      // The common case: a qualifier or location line indented exactly 21 spaces.
      const data = text.charCodeAt(lineEnd - 1) === 32 ? text.slice(pos + QUALIFIER_COLUMN, lineEnd).trimEnd() : text.slice(pos + QUALIFIER_COLUMN, lineEnd);
      builder.continuation(data, line);
      pos = nl < 0 ? length : nl + 1;
      line += 1;
      continue;
    }
    let indent = pos;
    while (indent < lineEnd && text.charCodeAt(indent) === 32) indent += 1;
    if (indent < lineEnd) {
      if (indent - pos < QUALIFIER_COLUMN - 1) {
        const done = builder.finish(line);
        if (done !== null) features.push(done);
        let keyEnd = indent;
        while (keyEnd < lineEnd && text.charCodeAt(keyEnd) !== 32) keyEnd += 1;
        builder.begin(text.slice(indent, keyEnd), text.slice(keyEnd, lineEnd).trim(), line);
      } else {
        builder.continuation(text.slice(indent, lineEnd).trimEnd(), line);
      }
    }
    pos = nl < 0 ? length : nl + 1;
    line += 1;
  }
  const done = builder.finish(line);
  if (done !== null) features.push(done);
  return { features, end: pos, endLine: line };
}

const FOUR_SPACES = 0x20202020;

/** Bytes [at, at + 21) are spaces (the same as spacesAt(text, at, QUALIFIER_COLUMN) on the decoded text). */
function qualifierIndentAt(bytes: DataView, at: number): boolean {
  return (
    bytes.getInt32(at) === FOUR_SPACES &&
    bytes.getInt32(at + 4) === FOUR_SPACES &&
    bytes.getInt32(at + 8) === FOUR_SPACES &&
    bytes.getInt32(at + 12) === FOUR_SPACES &&
    bytes.getInt32(at + 16) === FOUR_SPACES &&
    bytes.getUint8(at + 20) === 32
  );
}

class FeatureBuilder {
  private type: string | null = null;
  private location = '';
  private locationDepth = 0;
  private locationLine = 0;
  /** Qualifier names in first-seen order, and their values (parallel arrays: a short linear scan beats keyed lookups). */
  private keys: string[] = [];
  private values: string[][] = [];
  private sawQualifier = false;
  private key: string | null = null;
  private keyLine = 0;
  private parts: string[] = [];
  private quotes = 0;
  /** Inside a quoted value: no line of it has ended with a quote yet. */
  private open = false;
  /**
   * A quoted value whose last line ends with a quote, but with an odd number of quotes in all (an
   * escaped "" at a line end, or a stray unescaped quote). Like Biopython we take it as closed when a
   * '/' line or the next feature follows, and keep adding other lines to it.
   */
  private unsure = false;

  constructor(private readonly source: string | null) {}

  begin(type: string, locationText: string, line: number): void {
    this.type = type;
    this.location = '';
    this.locationDepth = 0;
    this.locationLine = line;
    this.keys = [];
    this.values = [];
    this.sawQualifier = false;
    this.key = null;
    this.appendLocation(locationText);
  }

  continuation(data: string, line: number): void {
    if (this.type === null) this.bad(line, `feature table line before any feature key: '${data}'`);
    if (this.open || (this.unsure && data.charCodeAt(0) !== 47 /* / */)) {
      this.parts.push(data);
      this.countQuotes(data);
      return;
    }
    if (!this.sawQualifier && this.locationIncomplete()) {
      this.appendLocation(data);
      return;
    }
    const c = data.charCodeAt(0);
    if (c === 47 /* / */) {
      this.flushQualifier();
      this.keyLine = line;
      this.startQualifier(data);
      return;
    }
    if (!this.sawQualifier && c === 41 /* ) */) {
      this.appendLocation(data);
      return;
    }
    if (this.key !== null && this.parts.length > 0) {
      // Unquoted value that goes on over more lines.
      this.parts.push(data);
      return;
    }
    this.bad(line, `unexpected line in feature '${this.type}': '${data}' (expected a /qualifier)`);
  }

  /** The finished feature, or null when none was begun. Throws on an unterminated value or a bad location. */
  finish(line: number): Feature | null {
    // `line` is the line after the feature: where the next feature or keyword starts.
    if (this.type === null) return null;
    if (this.open) {
      this.bad(this.keyLine, `qualifier /${this.key} of feature '${this.type}' has no closing quote before line ${line}`);
    }
    this.flushQualifier();
    const location = /\s/.test(this.location) ? this.location.replace(/\s+/g, '') : this.location;
    try {
      if (!isSimpleLocation(location)) parseLocation(location);
    } catch (e) {
      if (e instanceof GenbankParseError) {
        throw new GenbankParseError('GENBANK_BAD_LOCATION', `${e.message} (feature '${this.type}')`, {
          line: this.locationLine,
          source: this.source,
        });
      }
      throw e;
    }
    const feature: Feature = { type: this.type, location, qualifiers: this.qualifierRecord() };
    this.type = null;
    return feature;
  }

  private appendLocation(data: string): void {
    this.location += data;
    for (let i = 0; i < data.length; i += 1) {
      const c = data.charCodeAt(i);
      if (c === 40) this.locationDepth += 1;
      else if (c === 41) this.locationDepth -= 1;
    }
  }

  private locationIncomplete(): boolean {
    return this.location === '' || this.locationDepth > 0 || this.location.endsWith(',');
  }

  private startQualifier(data: string): void {
    this.sawQualifier = true;
    const eq = data.indexOf('=');
    if (eq < 0) {
      const key = data.slice(1);
      if (this.keys.indexOf(key) < 0) {
        this.keys.push(key);
        this.values.push(['']);
      }
      this.key = key;
      this.parts = [];
      return;
    }
    this.key = data.slice(1, eq);
    let value = data.slice(eq + 1);
    if (value.startsWith(' ') && value.trimStart().startsWith('"')) value = value.trimStart();
    this.parts = [value];
    if (value.charCodeAt(0) === 34) {
      this.quotes = 0;
      this.unsure = false;
      this.countQuotes(value);
    }
  }

  /** Count the quotes of a quoted value's newest line and decide whether the value goes on. */
  private countQuotes(data: string): void {
    for (let i = data.indexOf('"'); i >= 0; i = data.indexOf('"', i + 1)) this.quotes += 1;
    const last = this.parts[this.parts.length - 1] as string;
    // The opening quote alone does not end the value.
    const endsWithQuote = last.charCodeAt(last.length - 1) === 34 && (this.parts.length > 1 || last.length >= 2);
    if (this.unsure) {
      // Already ended once: only an even count ending in a quote settles it; nothing reopens it.
      if (endsWithQuote && this.quotes % 2 === 0) this.unsure = false;
      return;
    }
    this.open = !endsWithQuote;
    this.unsure = endsWithQuote && this.quotes % 2 === 1;
  }

  private flushQualifier(): void {
    this.unsure = false;
    const key = this.key;
    if (key === null) return;
    this.key = null;
    const parts = this.parts;
    if (parts.length === 0) return; // flag, stored at start
    this.parts = [];
    let value: string;
    if (key === 'translation') {
      value = parts.length === 1 ? (parts[0] as string) : parts.join('');
      if (value.includes(' ')) value = value.replace(/\s+/g, '');
    } else {
      value = parts.length === 1 ? (parts[0] as string) : parts.join(' ');
    }
    const quoted = value.charCodeAt(0) === 34;
    if (quoted) value = value.slice(1);
    if (value.charCodeAt(value.length - 1) === 34) value = value.slice(0, -1);
    // A quoted value with only its two enclosing quotes cannot hold a doubled quote.
    if ((quoted ? this.quotes > 2 : true) && value.includes('""')) value = value.replaceAll('""', '"');
    const at = this.keys.indexOf(key);
    if (at >= 0) (this.values[at] as string[]).push(value);
    else {
      this.keys.push(key);
      this.values.push([value]);
    }
  }

  private qualifierRecord(): Record<string, string[]> {
    const record: Record<string, string[]> = {};
    const keys = this.keys;
    for (let i = 0; i < keys.length; i += 1) {
      const key = keys[i] as string;
      const values = this.values[i] as string[];
      if (key === '__proto__') Object.defineProperty(record, key, { value: values, enumerable: true, writable: true, configurable: true });
      else record[key] = values;
    }
    return record;
  }

  private bad(line: number, message: string): never {
    throw new GenbankParseError('GENBANK_BAD_LINE', message, { line, source: this.source });
  }
}
