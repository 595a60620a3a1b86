import { ROOT_CONTEXT, SpanKind, type Link } from '@opentelemetry/api';
import type { Message } from 'kafkajs';
import { tracer, headersForSpan } from './telemetry.js';
import { outgoingValue, type PayloadStore } from './payload-store.js';
import { fetchedAtHeader } from './fetched-at-header.js';
import { OutputBatcher } from './output-batcher.js';
import type { BatchPolicy } from './batch-policy.js';
import type { TopicMessages } from './send-bounded.js';
import type { ValueCodec } from './registry.js';
import type { StreamOutput } from './stage.js';

export interface RecordPublisherOptions<P> {
  /** Names the root span of each record: `<spanName> publish`. */
  spanName: string;
  topic: string;
  codec: ValueCodec;
  maxMessageBytes: number;
  payloads: PayloadStore | undefined;
  policy: BatchPolicy;
  send: (topicMessages: TopicMessages[]) => Promise<void>;
  /** Runs after each durable flush with the latest progress marker. */
  onFlushed?: (progress: P | undefined) => Promise<void>;
  /** Linked from every record's root span (e.g. the fetch request's span). */
  links?: Link[];
}

/**
 * Publishes a stream of records as their trace's first hop: encodes each through the registry,
 * claim-checks what is too large, starts the record's root span (carried on in the traceparent
 * header), and batches under the batch policy. Used by streaming stages and the one-shot ingest.
 */
export class RecordPublisher<Out, P = unknown> {
  private readonly batcher: OutputBatcher<P>;
  published = 0;

  constructor(private readonly opts: RecordPublisherOptions<P>) {
    this.batcher = new OutputBatcher<P>(opts.send, opts.policy, async (progress) => { await opts.onFlushed?.(progress); });
  }

  async publish(item: StreamOutput<Out, P>, where: string): Promise<void> {
    const { topic, codec } = this.opts;
    const span = tracer.startSpan(`${this.opts.spanName} publish`, {
      kind: SpanKind.PRODUCER, ...(this.opts.links ? { links: this.opts.links } : {}),
      attributes: { 'messaging.system': 'kafka', 'messaging.destination.name': topic, 'messaging.kafka.message.key': item.key ?? '', ...item.attributes },
    }, ROOT_CONTEXT);
    try {
      const encoded = await codec.encode(topic, item.value);
      const { value, headers } = await outgoingValue(encoded, this.opts.maxMessageBytes, this.opts.payloads, where);
      await this.batcher.add(topic, { key: item.key, value, headers: { ...headersForSpan(span), [fetchedAtHeader]: String(Date.now()), ...headers } }, item.progress);
      this.published++;
    } finally {
      span.end();
    }
  }

  /** Adds a message for another topic (e.g. a dead letter) to the same ordered batches. */
  async addRaw(topic: string, message: Message): Promise<void> {
    await this.batcher.add(topic, message);
  }

  /** Progress with no record of its own (e.g. records skipped on resume), reported with the next flush. */
  note(progress: P): void {
    this.batcher.note(progress);
  }

  async flush(): Promise<void> {
    await this.batcher.flush();
  }
}
