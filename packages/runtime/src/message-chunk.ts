import type { KafkaMessage, Message } from 'kafkajs';
import { SpanKind, SpanStatusCode, context, trace, type Span } from '@opentelemetry/api';
import { describeError } from './errors.js';
import { retryForever } from './retry-forever.js';
import { tracer, contextFromHeaders, headersForSpan } from './telemetry.js';
import { outgoingValue } from './payload-store.js';
import type { PartitionLease } from './partition-lease.js';
import type { StageRunContext } from './stage-run-context.js';
import { stageInstruments, stageAttributes } from './stage-instruments.js';
import { carryFetchedAt, fetchedAt } from './fetched-at-header.js';
import type { Stage, StageOutputItem } from './stage.js';

interface Pending<Out> {
  message: KafkaMessage;
  span: Span;
  /** The outputs, for a sink (a topic output keeps only `encoded`). */
  outputs: Out[];
  /** A topic output's messages, encoded as soon as the record is processed so its objects can be collected. */
  encoded: Message[];
  produced: number;
  failure?: unknown;
}

/** The result of one chunk: its spans (ended by the caller after the commit) and its counts. */
export interface ChunkResult {
  spans: Span[];
  /** For a sink: when each record written (not dead-lettered) was fetched, where its input says (ms). */
  fetchedAt: number[];
  handled: number;
  deadLettered: number;
  produced: number;
}

/**
 * One chunk of a message stage: decode and process each message (up to `stage.concurrency` at a
 * time, outputs kept in input order), then make the outputs durable (produce acks=all, or the
 * sink's transaction) and the chunk's dead letters after them. Nothing is committed here.
 */
export async function runMessageChunk<In, Out>(rc: StageRunContext<In, Out>, stage: Stage<In, Out>, chunk: KafkaMessage[], topic: string, partition: number, lease: PartitionLease): Promise<ChunkResult> {
  const { logger } = rc;
  const processMessage = async (message: KafkaMessage): Promise<Pending<Out>> => {
    const span = tracer.startSpan(`${stage.name} process`, {
      kind: SpanKind.CONSUMER,
      attributes: { 'messaging.system': 'kafka', 'messaging.destination.name': topic, 'messaging.kafka.partition': partition, 'messaging.kafka.offset': message.offset, 'messaging.kafka.message.key': message.key?.toString() ?? '' },
    }, contextFromHeaders(message.headers));
    const where = `${topic}[${partition}]@${message.offset}`;
    try {
      return await retryForever(async () => {
        const input = await rc.decode(message, where);
        const outputs = await context.with(trace.setSpan(context.active(), span), () =>
          stage.process(input, { topic, partition, offset: message.offset, key: message.key?.toString() ?? null, logger }));
        if (rc.output.kind !== 'topic') return { message, span, outputs, encoded: [], produced: outputs.length };
        // Encoded now (an output that does not fit its schema is this record's dead letter), so the chunk holds bytes, not objects.
        const encoded: Message[] = [];
        for (const value of outputs) encoded.push(await encodeOutput(rc, stage, value, span, message));
        return { message, span, outputs: [], encoded, produced: outputs.length };
      }, { what: `${stage.name}: processing ${where}`, logger, keepGoing: lease.keepGoing, between: lease.heartbeat, retries: rc.retries });
    } catch (err) {
      // Stopping, lost, or an error that must stop the service (fatal): abandon the chunk uncommitted, dead-letter nothing.
      const { retriable, fatal } = describeError(err);
      if (retriable || fatal || !lease.keepGoing()) { span.end(); throw lease.reason(err); }
      return { message, span, outputs: [], encoded: [], produced: 0, failure: err };
    }
  };

  const pending: Pending<Out>[] = new Array(chunk.length);
  let next = 0;
  const lanes = Math.max(1, Math.min(stage.concurrency ?? 1, chunk.length));
  await Promise.all(Array.from({ length: lanes }, async () => {
    while (next < chunk.length) {
      const i = next++;
      pending[i] = await processMessage(chunk[i]!);
    }
  }));
  lease.assertHeld();

  const failed = await retryForever(() => writeOutputs(rc, pending, topic, partition), {
    what: `${stage.name}: writing ${pending.length} records`, logger, keepGoing: lease.keepGoing, between: lease.heartbeat, retries: rc.retries,
  }).catch((err) => { throw lease.reason(err); });
  const produced = pending.reduce((n, p) => n + (p.failure === undefined ? p.produced : 0), 0);
  const fetchTimes: number[] = [];
  if (rc.output.kind === 'sink') {
    for (const p of pending) {
      const ms = failed.has(p) ? undefined : fetchedAt(p.message.headers);
      if (ms !== undefined) fetchTimes.push(ms);
    }
  }
  return { spans: pending.map((p) => p.span), fetchedAt: fetchTimes, handled: pending.length, deadLettered: failed.size, produced };
}

/** One output as the message to produce: keyed, encoded, claim-checked when too large, with the record's trace context. */
async function encodeOutput<In, Out>(rc: StageRunContext<In, Out>, stage: Stage<In, Out>, value: Out, span: Span, input: KafkaMessage): Promise<Message> {
  const { output, codec, config } = rc;
  if (output.kind !== 'topic') throw new Error('encodeOutput: not a topic output');
  const key = output.key(value);
  const encoded = await outgoingValue(await codec.encode(output.topic, value), config.maxMessageBytes, rc.payloads, `${stage.name} output for ${key ?? '?'}`);
  return { key, value: encoded.value, headers: { ...headersForSpan(span), ...carryFetchedAt(input.headers), ...encoded.headers } };
}

/** Makes the chunk's outputs durable, then its dead letters; returns the records dead-lettered. */
async function writeOutputs<In, Out>(rc: StageRunContext<In, Out>, pending: Pending<Out>[], topic: string, partition: number): Promise<Set<Pending<Out>>> {
  const { output } = rc;
  const failures = new Map<Pending<Out>, unknown>();
  for (const p of pending) if (p.failure !== undefined) failures.set(p, p.failure);
  const items: { item: StageOutputItem<Out>; owner: Pending<Out> }[] = [];
  for (const p of pending) {
    if (p.failure !== undefined) continue;
    for (const value of p.outputs) {
      items.push({ owner: p, item: { value, key: p.message.key?.toString() ?? null, source: { topic, partition, offset: p.message.offset } } });
    }
  }

  const topicMessages: { topic: string; messages: Message[] }[] = [];
  if (output.kind === 'topic') {
    const messages = pending.flatMap((p) => (p.failure === undefined ? p.encoded : []));
    if (messages.length > 0) topicMessages.push({ topic: output.topic, messages });
  } else if (items.length > 0) {
    const started = performance.now();
    const { rejected, rowsWritten, skipped } = await output.write(items.map((x) => x.item));
    const { sinkRows, sinkSkipped, sinkRejected, sinkWriteDuration } = stageInstruments();
    const attrs = stageAttributes(rc.stageName);
    sinkWriteDuration.record((performance.now() - started) / 1000, attrs);
    for (const [table, rows] of Object.entries(rowsWritten ?? {})) if (rows > 0) sinkRows.add(rows, { ...attrs, table });
    if (skipped) sinkSkipped.add(skipped, attrs);
    if (rejected.length > 0) sinkRejected.add(rejected.length, attrs);
    for (const r of rejected) {
      const owner = items[r.index]?.owner;
      if (owner && !failures.has(owner)) failures.set(owner, r.error);
    }
  }

  const deadLetters: Message[] = [];
  for (const [p, err] of failures) {
    const { message } = describeError(err);
    p.span.setStatus({ code: SpanStatusCode.ERROR, message });
    deadLetters.push(await rc.deadLetterMessage({ topic, partition, message: p.message }, err, p.span));
  }
  if (deadLetters.length > 0) topicMessages.push({ topic: rc.deadLetterTopic, messages: deadLetters });
  if (topicMessages.length > 0) await rc.produce(topicMessages);
  return new Set(failures.keys());
}
