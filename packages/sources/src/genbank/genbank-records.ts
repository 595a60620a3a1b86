import { splitGenbankRecords, type RawGenbankRecord } from '@strand/genbank';
import { StrandError, describeError, type StreamOutput } from '@strand/runtime';
import type { GenbankRawValue } from '@strand/pipeline';
import { requireGenbank } from './require-genbank.js';
import type { OpenedSource } from '../download/open-source.js';

/** How far a GenBank stream has been published: the offset just past the last record, and how many records. */
export interface GenbankProgress {
  bytes: number;
  records: number;
}

function rawValue(record: RawGenbankRecord, uri: string): GenbankRawValue {
  return {
    origin: { uri, byteOffset: record.byteOffset, firstLine: record.firstLine },
    accession: record.accession,
    complete: record.complete,
    text: Buffer.from(record.text, 'utf8'),
    fetchedAt: Date.now(),
  };
}

/**
 * Splits a GenBank stream into raw records (key = accession), checking first that it is GenBank.
 * Records that end at or before `resumeAt` (published before a restart) are skipped; `records`
 * counts from `recordsBefore`. A read error names the source and how many records came before it.
 */
export async function* genbankRecords(source: OpenedSource, opts: { resumeAt?: number; recordsBefore?: number } = {}): AsyncGenerator<StreamOutput<GenbankRawValue, GenbankProgress>> {
  const resumeAt = opts.resumeAt ?? 0;
  let records = opts.recordsBefore ?? 0;
  let published = 0;
  try {
    for await (const record of splitGenbankRecords(requireGenbank(source.stream, source.uri))) {
      const end = record.byteOffset + record.byteLength;
      if (end <= resumeAt) continue;
      records++;
      published++;
      yield {
        value: rawValue(record, source.uri),
        key: record.accession ?? `${source.uri}:${record.firstLine}`,
        progress: { bytes: end, records },
        attributes: { 'strand.source.uri': source.uri, 'strand.source.line': record.firstLine },
      };
    }
  } catch (err) {
    if (err instanceof StrandError) throw err;
    throw new StrandError('INPUT_UNREADABLE', `${source.uri}: ${describeError(err).message} (after ${published} records)`, { cause: err });
  }
}
