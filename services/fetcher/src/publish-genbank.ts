import { splitGenbankRecords, type RawGenbankRecord } from '@strand/genbank';
import { requireGenbank } from './require-genbank.js';
import { StrandError, describeError, outgoingValue, tracer, headersForSpan, type PayloadStore } from '@strand/runtime';
import { SpanKind, type Span } from '@opentelemetry/api';
import type { Producer, Message } from 'kafkajs';
import type { ValueCodec } from '@strand/runtime';
import type { GenbankRawValue } from '@strand/pipeline';
import type { OpenedSource } from './open-source.js';

export interface PublishProgress {
  /** Records published by this call. */
  records: number;
  /** Records skipped because an earlier run had published them. */
  skipped: number;
  /** Offset in the decompressed stream just past the last record handled. */
  bytes: number;
}

export interface PublishOptions {
  producer: Producer;
  codec: ValueCodec;
  topic: string;
  source: OpenedSource;
  /** Largest raw value sent as one message; larger ones go to the payload store, by reference. */
  maxMessageBytes: number;
  payloads: PayloadStore;
  onProgress?: (p: PublishProgress) => void;
  /** Skip records that end at or before this offset of the decompressed stream (already published before a restart). */
  resumeAt?: number;
  /** Called after each acknowledged produce request, e.g. to save a checkpoint. */
  onFlushed?: (p: PublishProgress) => Promise<void>;
  /** Records per produce request; each request is awaited (acks=all) before the next, so memory stays bounded. */
  batchRecords?: number;
  /** A batch is sent once its first record has waited this long, so a slow download still makes (and checkpoints) progress. */
  lingerMs?: number;
}

function rawValue(record: RawGenbankRecord, uri: string): GenbankRawValue {
  return {
    origin: { uri, byteOffset: record.byteOffset, firstLine: record.firstLine },
    accession: record.accession,
    complete: record.complete,
    text: record.text,
    fetchedAt: Date.now(),
  };
}

/**
 * Splits a GenBank stream into records and publishes one raw message per record (key = accession)
 * to the raw topic, awaiting each produce request before reading on (backpressure).
 */
export async function publishGenbank(opts: PublishOptions): Promise<PublishProgress> {
  const batchRecords = opts.batchRecords ?? 100;
  const progress: PublishProgress = { records: 0, skipped: 0, bytes: 0 };
  const resumeAt = opts.resumeAt ?? 0;
  const lingerMs = opts.lingerMs ?? 1000;
  let batch: Message[] = [];
  let spans: Span[] = [];
  let batchBytes = 0;
  let batchStarted = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    try {
      await opts.producer.send({ topic: opts.topic, messages: batch, acks: -1 });
    } catch (err) {
      throw new StrandError('KAFKA_PRODUCE_FAILED', `Publishing to ${opts.topic} failed: ${describeError(err).message}`, { retriable: true, cause: err });
    }
    for (const span of spans) span.end();
    batch = [];
    spans = [];
    batchBytes = 0;
    await opts.onFlushed?.(progress);
    opts.onProgress?.(progress);
  };
  try {
    for await (const record of splitGenbankRecords(requireGenbank(opts.source.stream, opts.source.uri))) {
      if (record.byteOffset + record.byteLength <= resumeAt) {
        progress.skipped++;
        progress.bytes = record.byteOffset + record.byteLength;
        continue;
      }
      const key = record.accession ?? `${opts.source.uri}:${record.firstLine}`;
      const encoded = await opts.codec.encode(opts.topic, rawValue(record, opts.source.uri));
      const { value, headers } = await outgoingValue(encoded, opts.maxMessageBytes, opts.payloads, `${opts.source.uri}: line ${record.firstLine}: record ${key}`);
      if (batchBytes + value.length > opts.maxMessageBytes) await flush();
      if (batch.length === 0) batchStarted = Date.now();
      // Each record's trace starts here and follows it through every stage (W3C traceparent header).
      const span = tracer.startSpan('fetcher publish', { kind: SpanKind.PRODUCER, attributes: { 'messaging.system': 'kafka', 'messaging.destination.name': opts.topic, 'messaging.kafka.message.key': key, 'strand.source.uri': opts.source.uri, 'strand.source.line': record.firstLine } });
      spans.push(span);
      batch.push({ key, value, headers: { ...headersForSpan(span), ...headers } });
      batchBytes += value.length;
      progress.records++;
      progress.bytes = record.byteOffset + record.byteLength;
      if (batch.length >= batchRecords || Date.now() - batchStarted >= lingerMs) await flush();
    }
    await flush();
  } catch (err) {
    if (err instanceof StrandError) throw err;
    throw new StrandError('INPUT_UNREADABLE', `${opts.source.uri}: ${describeError(err).message} (after ${progress.records} records)`, { cause: err });
  }
  return progress;
}
