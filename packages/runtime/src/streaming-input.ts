import type { KafkaMessage } from 'kafkajs';
import { SpanKind, SpanStatusCode, type Span } from '@opentelemetry/api';
import { describeError } from './errors.js';
import { retryForever } from './retry-forever.js';
import { tracer, contextFromHeaders } from './telemetry.js';
import { RecordPublisher } from './record-publisher.js';
import type { BatchPolicy } from './batch-policy.js';
import type { PartitionLease } from './partition-lease.js';
import type { StageRunContext } from './stage-run-context.js';
import type { StreamingStage, StreamingContext } from './stage.js';

export interface StreamingResult {
  span: Span;
  /** The input itself went to the dead-letter topic. */
  deadLettered: boolean;
  /** Parts of the input reported as poison by the stage (e.g. unknown CIDs). */
  partsDeadLettered: number;
  produced: number;
  /** Called after the input's offset is committed. */
  done(): Promise<void>;
}

/**
 * One input of a streaming stage: run its stream, batch the outputs under the batch policy, give
 * each output its own trace (root span `<stage> publish`, linked to the input's span), call the
 * stage's checkpoint after each durable flush. A retriable failure runs the stream again (the stage
 * resumes from its checkpoint); a non-retriable one dead-letters the input. Nothing is committed here.
 */
export async function runStreamingInput<In, Out, P>(rc: StageRunContext<In, Out>, stage: StreamingStage<In, Out, P>, policy: BatchPolicy, message: KafkaMessage, topic: string, partition: number, lease: PartitionLease): Promise<StreamingResult> {
  const { logger, codec, config, output } = rc;
  if (output.kind !== 'topic') throw new Error(`streaming stage ${stage.name} needs a topic output`);
  const where = `${topic}[${partition}]@${message.offset}`;
  const span = tracer.startSpan(`${stage.name} process`, {
    kind: SpanKind.CONSUMER,
    attributes: { 'messaging.system': 'kafka', 'messaging.destination.name': topic, 'messaging.kafka.partition': partition, 'messaging.kafka.offset': message.offset, 'messaging.kafka.message.key': message.key?.toString() ?? '' },
  }, contextFromHeaders(message.headers));
  const sctx: StreamingContext = { topic, partition, offset: message.offset, key: message.key?.toString() ?? null, logger, signal: lease.signal };
  const result: StreamingResult = { span, deadLettered: false, partsDeadLettered: 0, produced: 0, done: async () => undefined };
  const source = { topic, partition, message };
  let input: In | undefined;
  try {
    input = await retryForever(() => rc.decode(message, where), { what: `${stage.name}: decoding ${where}`, logger, keepGoing: lease.keepGoing, between: lease.heartbeat, retries: rc.retries });
    const decoded = input;
    await retryForever(async () => {
      result.produced = 0;
      result.partsDeadLettered = 0;
      const publisher = new RecordPublisher<Out, P>({
        spanName: stage.name, topic: output.topic, codec, maxMessageBytes: config.maxMessageBytes, payloads: rc.payloads, policy, send: rc.produce,
        links: [{ context: span.spanContext() }],
        onFlushed: async (progress) => {
          if (progress !== undefined && stage.checkpoint) await stage.checkpoint(decoded, progress, sctx);
          await lease.heartbeat();
        },
      });
      for await (const item of stage.stream(decoded, sctx)) {
        lease.assertHeld();
        if ('deadLetter' in item) {
          const { key, error, value } = item.deadLetter;
          await publisher.addRaw(rc.deadLetterTopic, await rc.deadLetterMessage(source, error, span, { key, value: value ?? null }));
          result.partsDeadLettered++;
          continue;
        }
        await publisher.publish(item, `${stage.name} output ${item.key ?? '?'} (${where})`);
        result.produced++;
      }
      lease.assertHeld();
      await publisher.flush();
    }, { what: `${stage.name}: ${where}`, logger, keepGoing: lease.keepGoing, between: lease.heartbeat, retries: rc.retries });
    result.done = async () => { await stage.done?.(decoded, sctx); };
  } catch (err) {
    // Lost, stopping, or an error that must stop the service (fatal): leave the input uncommitted for the next owner.
    const { retriable, fatal } = describeError(err);
    if (retriable || fatal || !lease.keepGoing()) { span.end(); throw lease.reason(err); }
    const { message: reason } = describeError(err);
    span.setStatus({ code: SpanStatusCode.ERROR, message: reason });
    const dead = await rc.deadLetterMessage(source, err, span);
    await retryForever(() => rc.produce([{ topic: rc.deadLetterTopic, messages: [dead] }]), { what: `${stage.name}: dead-lettering ${where}`, logger, keepGoing: lease.keepGoing, between: lease.heartbeat, retries: rc.retries })
      .catch((e) => { span.end(); throw lease.reason(e); });
    result.deadLettered = true;
    const decoded = input;
    if (decoded !== undefined) result.done = async () => { await stage.done?.(decoded, sctx); };
  }
  return result;
}
