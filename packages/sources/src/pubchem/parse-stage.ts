import { parsePubchemJson, parseSdfRecord, splitSdfRecords, type CompoundRecord, type SplitSdfOptions } from '@strand/pubchem';
import { describeError, StrandError, type Stage } from '@strand/runtime';
import type { PubchemRawValue, PubchemParsedValue } from '@strand/pipeline';

/** Most characters per SD record and line of a payload (STRAND_SDF_MAX_RECORD_CHARS, _LINE_CHARS). */
export type SdfLimits = Pick<SplitSdfOptions, 'maxRecordChars' | 'maxLineChars'>;

/** The SD limits of the configuration. */
export function sdfLimitsOf(config: { sdfMaxRecordChars: number; sdfMaxLineChars: number }): SdfLimits {
  return { maxRecordChars: config.sdfMaxRecordChars, maxLineChars: config.sdfMaxLineChars };
}

/**
 * Raw PubChem payload -> one normalized compound per record it holds (PUG REST JSON, property
 * table, or SD records). An SD record or line over `limits` is refused (INPUT_TOO_LARGE naming
 * the URL, record, line and setting) without being held whole, and dead-lettered. A bad record throws a non-retriable error naming the source, record and
 * line, so the runner dead-letters the payload with that reason. (The fetcher publishes one payload
 * per CID, so a bad record takes no other compound with it.) A stored payload never changes, so
 * even PubChem's "server busy" fault inside one is poison here, not an outage.
 */
export function createPubchemParseStage(limits: SdfLimits = {}): Stage<PubchemRawValue, PubchemParsedValue> {
  return {
    name: 'pubchem.parser',
    process: (raw) => parsePayload(raw, limits),
  };
}

/** The parser stage with the package's default SD limits (16 Mi characters per record, 1 Mi per line). */
export const pubchemParseStage: Stage<PubchemRawValue, PubchemParsedValue> = createPubchemParseStage();

async function parsePayload(raw: PubchemRawValue, limits: SdfLimits): Promise<PubchemParsedValue[]> {
  {
    try {
      return (await parseRaw(raw, limits)).map(({ record, line }) => toParsed(record, line, raw));
    } catch (err) {
      const { code, retriable, message } = describeError(err);
      // A stored payload never changes: a code that would mean "retry" elsewhere is poison here.
      const poison = !retriable ? code : code === 'PUBCHEM_SERVER_BUSY' ? 'PUBCHEM_FAULT' : 'RECORD_INVALID';
      throw new StrandError(poison, `${message}${raw.requestId ? ` (request ${raw.requestId})` : ''}`, { cause: err });
    }
  }
}

/** The records of a payload, each with its first line in the source (0 for JSON, where lines mean little). */
async function parseRaw(raw: PubchemRawValue, limits: SdfLimits): Promise<{ record: CompoundRecord; line: number }[]> {
  if (raw.format === 'json' || raw.format === 'property-table') return parsePubchemJson(raw.text, { source: raw.uri }).map((record) => ({ record, line: 0 }));
  if (raw.format !== 'sdf') throw new StrandError('RECORD_INVALID', `${raw.uri}: unknown payload format "${String(raw.format)}"`);
  const records: { record: CompoundRecord; line: number }[] = [];
  for await (const part of splitSdfRecords([raw.text], { source: raw.uri, ...limits })) {
    const line = raw.firstLine - 1 + part.firstLine;
    records.push({ record: parseSdfRecord(part.text, { recordIndex: raw.recordIndex + part.recordIndex, firstLine: line, source: raw.uri }), line });
  }
  return records;
}

function toParsed(record: CompoundRecord, line: number, raw: PubchemRawValue): PubchemParsedValue {
  return { ...record, origin: { uri: raw.uri, requestId: raw.requestId || null, format: raw.format, fromCache: raw.fromCache, line } };
}

/** Kafka key of a compound: its CID, else its InChIKey, else none (round-robin). */
export function compoundKey(value: Pick<PubchemParsedValue, 'cid' | 'properties'>): string | null {
  if (value.cid !== null) return String(value.cid);
  return value.properties.inchiKey ?? null;
}
