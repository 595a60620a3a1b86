import { pubchemProperties, type CompoundProperties, type CompoundRecord } from './compound-record.js';
import { checkCompoundText } from './check-compound-text.js';
import { toInteger, toNumber, toText } from './numeric-value.js';
import { PubchemErrorCodes, PubchemParseError, type PubchemErrorWhere } from './pubchem-parse-error.js';
import { PUBCHEM_CID_TAG, PUBCHEM_IUPAC_NAME_TAG, PUBCHEM_SD_TAGS } from './sdf-pubchem-tags.js';

export interface ParseSdfRecordOptions {
  source?: string;
  recordIndex?: number;
  /** 1-based input line of the record's title line, so errors name the line in the whole file. */
  firstLine?: number;
}

interface DataItem {
  value: string;
  /** 1-based input line of the item's first value line. */
  line: number;
}

/**
 * Parses one SD record (molfile + data items, without `$$$$`). The V2000 connection table is checked
 * (counts line, atom and bond lines, `M  END`); V3000 connection tables are passed through unchecked.
 * Throws PUBCHEM_BAD_SDF_RECORD / PUBCHEM_BAD_VALUE naming the record index and input line.
 */
export function parseSdfRecord(text: string, opts: ParseSdfRecordOptions = {}): CompoundRecord {
  const recordIndex = opts.recordIndex ?? 0;
  const firstLine = opts.firstLine ?? 1;
  const lines = text.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  const whereAt = (lineIndex: number, extra: Partial<PubchemErrorWhere> = {}): PubchemErrorWhere => ({
    ...(opts.source === undefined ? {} : { source: opts.source }),
    recordIndex,
    line: firstLine + lineIndex,
    ...extra,
  });
  const fail = (lineIndex: number, message: string): never => {
    throw new PubchemParseError(PubchemErrorCodes.BAD_SDF_RECORD, message, whereAt(lineIndex));
  };

  if (lines.every((line) => line.trim() === '')) fail(0, 'empty SD record');
  const endIndex = lines.findIndex((line, i) => i >= 3 && line.startsWith('M  END'));
  if (lines.length < 4) fail(lines.length - 1, 'SD record is shorter than the 4-line molfile header');
  if (endIndex < 0) fail(3, 'molfile has no "M  END" line');
  checkConnectionTable(lines, endIndex, fail);

  const data = readDataItems(lines, endIndex + 1, firstLine);
  const tag = (name: string): DataItem | undefined => data.get(name);
  const cidItem = tag(PUBCHEM_CID_TAG);
  const cid = cidItem === undefined ? null : (toInteger(cidItem.value, whereAt(cidItem.line - firstLine, { field: PUBCHEM_CID_TAG })) ?? null);

  const values: CompoundProperties = {};
  for (const [key, kind, names] of PUBCHEM_SD_TAGS) {
    const name = names.find((n) => data.has(n));
    const item = name === undefined ? undefined : data.get(name);
    if (item === undefined || name === undefined) continue;
    const where = whereAt(item.line - firstLine, { field: name, cid });
    const convert = kind === 'text' ? toText : kind === 'integer' ? toInteger : toNumber;
    const value = convert(item.value, where);
    if (value !== undefined) (values as Record<string, unknown>)[key] = value;
  }

  const titleLine = (lines[0] ?? '').trim();
  const iupacName = tag(PUBCHEM_IUPAC_NAME_TAG)?.value.trim();
  // PubChem writes the CID as the title line; the IUPAC name says more.
  const title = (titleLine === '' || (cid !== null && titleLine === String(cid))) && iupacName ? iupacName : titleLine || null;
  const record: CompoundRecord = {
    cid,
    sourceFormat: 'sdf',
    recordIndex,
    title,
    molblock: `${lines.slice(0, endIndex + 1).join('\n')}\n`,
    ...pubchemProperties(values),
  };
  const nul = text.indexOf('\0');
  return nul < 0 ? record : checkCompoundText(record, whereAt(countLines(text, nul)));
}

/** Newlines before `at`: the line index of a character. */
function countLines(text: string, at: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) n += 1;
  return n;
}

function checkConnectionTable(lines: string[], endIndex: number, fail: (lineIndex: number, message: string) => never): void {
  const counts = lines[3] ?? '';
  if (/V3000/.test(counts)) return;
  const atomCount = Number(counts.slice(0, 3));
  const bondCount = Number(counts.slice(3, 6));
  if (!Number.isInteger(atomCount) || !Number.isInteger(bondCount) || counts.slice(0, 6).trim() === '') {
    fail(3, `bad molfile counts line ${JSON.stringify(counts)}`);
  }
  if (4 + atomCount + bondCount > endIndex) {
    fail(endIndex, `counts line announces ${atomCount} atoms and ${bondCount} bonds but "M  END" comes after ${endIndex - 4} lines`);
  }
  for (let i = 4; i < 4 + atomCount; i++) {
    const line = lines[i] ?? '';
    const coordinates = [line.slice(0, 10), line.slice(10, 20), line.slice(20, 30)];
    const symbol = line.slice(31, 34).trim();
    if (coordinates.some((c) => c.trim() === '' || !Number.isFinite(Number(c))) || !/^[A-Za-z*#][A-Za-z0-9]*$/.test(symbol)) {
      fail(i, `bad atom line ${JSON.stringify(line)}`);
    }
  }
  for (let i = 4 + atomCount; i < 4 + atomCount + bondCount; i++) {
    const line = lines[i] ?? '';
    const first = Number(line.slice(0, 3));
    const second = Number(line.slice(3, 6));
    const type = Number(line.slice(6, 9));
    const inRange = (n: number): boolean => Number.isInteger(n) && n >= 1 && n <= atomCount;
    if (!inRange(first) || !inRange(second) || !Number.isInteger(type) || line.slice(6, 9).trim() === '') {
      fail(i, `bad bond line ${JSON.stringify(line)}`);
    }
  }
}

/** Data items: `> <NAME>` (optionally with a number or other text around it), value lines up to a blank line. */
function readDataItems(lines: string[], start: number, firstLine: number): Map<string, DataItem> {
  const items = new Map<string, DataItem>();
  let i = start;
  while (i < lines.length) {
    const header = lines[i] ?? '';
    if (!header.startsWith('>')) {
      i++;
      continue;
    }
    const name = /<([^>]*)>/.exec(header)?.[1] ?? header.slice(1).trim();
    const valueLines: string[] = [];
    i++;
    const valueStart = i;
    while (i < lines.length && (lines[i] ?? '') !== '') valueLines.push(lines[i++] ?? '');
    if (!items.has(name)) items.set(name, { value: valueLines.join('\n'), line: firstLine + valueStart });
  }
  return items;
}
