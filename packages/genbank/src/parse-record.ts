import { describeBytes } from '@strand/input';
import { GenbankParseError } from './errors.js';
import { parseFeatureTable } from './parse-features.js';
import { spacesAt } from './indent.js';
import { parseLocus } from './parse-locus.js';
import { extractSequence } from './extract-sequence.js';
import { fillHeader, type Section } from './parse-header.js';
import type { Feature, GenbankRecord, Locus } from './types.js';

/** Width of the keyword column of header lines. */
const KEYWORD_WIDTH = 12;

/** Filled by parseRecordBody with the stream line number of the ORIGIN line, when it reaches one. */
export interface OriginLine {
  line: number | null;
}

export interface ParseRecordOptions {
  /** 1-based line number, in the original stream, of the first line of `text`. */
  firstLine?: number;
  /** File name or URL, used in error messages. */
  source?: string;
}


/**
 * Parse one GenBank/GenPept record. Throws GenbankParseError for anything that is not one complete,
 * valid record: text that does not start with LOCUS (GENBANK_NOT_A_RECORD), no '//' terminator
 * (GENBANK_TRUNCATED), an unknown LOCUS layout (GENBANK_BAD_LOCUS), an unparseable feature location
 * (GENBANK_BAD_LOCATION) or a line that fits nowhere (GENBANK_BAD_LINE). Line numbers in errors
 * count from opts.firstLine.
 */
export function parseGenbankRecord(input: string, opts: ParseRecordOptions = {}): GenbankRecord {
  const firstLine = opts.firstLine ?? 1;
  const source = opts.source ?? null;
  const text = input.includes('\r') ? input.replace(/\r\n?/g, '\n') : input;
  const fail = (code: GenbankParseError['code'], message: string, line: number | null): never => {
    throw new GenbankParseError(code, message, { line, source });
  };

  if (!text.startsWith('LOCUS')) {
    // Described, never quoted: the text may be any bytes that happened to sit between two records.
    const head = text.split('\n', 1)[0] ?? '';
    fail('GENBANK_NOT_A_RECORD', `not a GenBank record: expected a LOCUS line, found a line of ${describeBytes(head)}`, firstLine);
  }
  const terminator = findTerminator(text);
  if (terminator.start < 0) {
    fail(
      'GENBANK_TRUNCATED',
      `truncated record ${peekName(text)} (starts at line ${firstLine}): no '//' terminator after line ${firstLine + terminator.lastLine}`,
      firstLine + terminator.lastLine,
    );
  }
  return parseRecordBody(text, terminator.start, opts);
}

/**
 * The part of parseGenbankRecord after its checks: parse text[0, bodyEnd) of a record that starts with
 * LOCUS (text has LF line ends). bodyEnd is where the '//' line starts, or where an ORIGIN block would
 * start when the caller takes the sequence from elsewhere (then sequence is ""). `ascii`, when given, views the
 * bytes text was decoded from, one byte per character (see parseFeatureTable).
 */
export function parseRecordBody(text: string, bodyEnd: number, opts: ParseRecordOptions = {}, origin?: OriginLine, ascii?: DataView): GenbankRecord {
  const firstLine = opts.firstLine ?? 1;
  const source = opts.source ?? null;
  const fail = (code: GenbankParseError['code'], message: string, line: number | null): never => {
    throw new GenbankParseError(code, message, { line, source });
  };
  if (!text.startsWith('LOCUS')) fail('GENBANK_NOT_A_RECORD', 'not a GenBank record: expected a LOCUS line', firstLine);
  const firstNewline = text.indexOf('\n');
  const locus: Locus = parseLocus(text.slice(0, firstNewline < 0 ? text.length : firstNewline), firstLine, source);

  const sections: Section[] = [];
  let features: Feature[] = [];
  let sequence = '';
  let sawOrigin = false;
  let current: Section | null = null;
  let pos = 0;
  let line = firstLine;
  while (pos < bodyEnd) {
    const nl = text.indexOf('\n', pos);
    const lineEnd = nl < 0 || nl > bodyEnd ? bodyEnd : nl;
    const next = nl < 0 ? bodyEnd : nl + 1;
    if (lineEnd === pos) {
      pos = next;
      line += 1;
      continue;
    }
    const first = text.charCodeAt(pos);
    if (first === 32 && current !== null && spacesAt(text, pos, KEYWORD_WIDTH)) {
      // The common case: a continuation line of the current keyword.
      current.lines.push(text.slice(pos + KEYWORD_WIDTH, lineEnd));
      pos = next;
      line += 1;
      continue;
    }
    if (first === 32) {
      const keyword = text.slice(pos, Math.min(lineEnd, pos + KEYWORD_WIDTH)).trim();
      const data = lineEnd > pos + KEYWORD_WIDTH ? text.slice(pos + KEYWORD_WIDTH, lineEnd).trimEnd() : '';
      if (keyword !== '') {
        if (!/^[A-Z][A-Z_ ]*$/.test(keyword)) fail('GENBANK_BAD_LINE', `unexpected line: '${text.slice(pos, lineEnd)}'`, line);
        current = { key: keyword, lines: [data], line };
        sections.push(current);
      } else if (current !== null) {
        current.lines.push(data);
      } else {
        fail('GENBANK_BAD_LINE', `continuation line before any keyword: '${text.slice(pos, lineEnd)}'`, line);
      }
      pos = next;
      line += 1;
      continue;
    }
    const lineText = text.slice(pos, lineEnd);
    const keyword = lineText.slice(0, KEYWORD_WIDTH).trim();
    if (keyword === 'FEATURES') {
      current = null;
      const table = parseFeatureTable(text, next, line + 1, source, ascii);
      features = features.concat(table.features);
      pos = table.end;
      line = table.endLine;
      continue;
    }
    if (keyword === 'ORIGIN') {
      sawOrigin = true;
      if (origin !== undefined) origin.line = line;
      sequence = extractSequence(text, next, bodyEnd, line + 1, source);
      break;
    }
    if (!/^[A-Z][A-Z_ ]*$/.test(keyword)) fail('GENBANK_BAD_LINE', `unexpected line: '${lineText}'`, line);
    current = { key: keyword, lines: [lineText.length > KEYWORD_WIDTH ? lineText.slice(KEYWORD_WIDTH).trimEnd() : ''], line };
    sections.push(current);
    pos = next;
    line += 1;
  }

  const record: GenbankRecord = {
    locus,
    accession: locus.name,
    accessions: [],
    version: null,
    definition: null,
    dblink: {},
    keywords: [],
    segment: null,
    dbsource: null,
    source: null,
    organism: null,
    lineage: [],
    references: [],
    comment: null,
    structuredComments: [],
    features,
    contig: null,
    sequence: sawOrigin ? sequence : '',
  };
  fillHeader(record, sections, fail);
  return record;
}

/** Start offset of the '//' line (-1 if there is none) and the 0-based index of the last non-blank line. */
function findTerminator(text: string): { start: number; lastLine: number } {
  let end = text.length;
  while (end > 0) {
    const c = text.charCodeAt(end - 1);
    if (c === 10 || c === 32 || c === 9) end -= 1;
    else break;
  }
  const start = text.lastIndexOf('\n', end - 1) + 1;
  if (text.startsWith('//', start)) return { start, lastLine: -1 };
  let lastLine = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < start; i = text.indexOf('\n', i + 1)) lastLine += 1;
  return { start: -1, lastLine };
}

function peekName(text: string): string {
  return text.slice(5, 80).trim().split(/\s+/, 1)[0] ?? '';
}
