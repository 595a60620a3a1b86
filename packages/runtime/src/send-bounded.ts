import { CompressionTypes, type Message, type Producer } from 'kafkajs';
import { describeError, StrandError } from './errors.js';

/** Record batch compression (STRAND_KAFKA_COMPRESSION): kafkajs has gzip built in; the others need codecs. */
export type KafkaCompression = 'none' | 'gzip';

export interface TopicMessages {
  topic: string;
  messages: Message[];
}

/** Approximate wire size of a message, as counted against batch limits. */
export function messageBytes(m: Message): number {
  let n = (m.value?.length ?? 0) + (m.key?.length ?? 0) + 64;
  for (const [k, v] of Object.entries(m.headers ?? {})) n += k.length + (v === undefined ? 0 : String(v).length);
  return n;
}

/**
 * Produces in requests of at most `maxBytes` of messages each, awaited one after the other (acks=all).
 * kafkajs puts all of a request's messages for one partition into one record batch, and the broker
 * refuses a batch over its message.max.bytes (1 MB by default), however small each message is.
 * Order within a partition is kept: requests go out in order and the idempotent producer has one in flight.
 */
export async function sendBounded(producer: Producer, topicMessages: TopicMessages[], maxBytes: number, compression: KafkaCompression = 'none'): Promise<void> {
  let request: TopicMessages[] = [];
  let size = 0;
  const flush = async () => {
    if (request.length === 0) return;
    await producer.sendBatch({ topicMessages: request, acks: -1, compression: compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None });
    request = [];
    size = 0;
  };
  for (const { topic, messages } of topicMessages) {
    for (const message of messages) {
      const bytes = messageBytes(message);
      if (size > 0 && size + bytes > maxBytes) await flush();
      const last = request[request.length - 1];
      if (last?.topic === topic) last.messages.push(message);
      else request.push({ topic, messages: [message] });
      size += bytes;
    }
  }
  await flush();
}

/** sendBounded, with a failure reported as a retriable KAFKA_PRODUCE_FAILED naming `what` and the topics (the caller retries the whole send). */
export async function produceBounded(producer: Producer, topicMessages: TopicMessages[], maxBytes: number, what: string, compression: KafkaCompression = 'none'): Promise<void> {
  try {
    await sendBounded(producer, topicMessages, maxBytes, compression);
  } catch (err) {
    throw new StrandError('KAFKA_PRODUCE_FAILED', `${what}producing to ${topicMessages.map((t) => t.topic).join(', ')} failed: ${describeError(err).message}`, { cause: err });
  }
}
