import type { IHeaders, KafkaMessage } from 'kafkajs';
import { StrandError } from './errors.js';

/**
 * Where payloads too large for one Kafka message are kept (the claim-check pattern): the message
 * carries an empty value and a header with the payload's content address, and the next stage
 * fetches the bytes. The broker's default 1 MB limit never meets a chromosome-sized record.
 */
export interface PayloadStore {
  /** Stores `bytes` durably and returns their reference (idempotent: same bytes, same reference). */
  put(bytes: Buffer): Promise<string>;
  get(ref: string): Promise<Buffer>;
}

export const payloadRefHeader = 'strand-payload-ref';

/** The value and headers to send for an encoded payload: inline when it fits, by reference when it does not. */
export async function outgoingValue(encoded: Buffer, maxBytes: number, store: PayloadStore | undefined, where: string): Promise<{ value: Buffer; headers: Record<string, string> }> {
  if (encoded.length <= maxBytes) return { value: encoded, headers: {} };
  if (!store) throw new StrandError('RECORD_TOO_LARGE', `${where}: ${encoded.length} bytes, over the ${maxBytes}-byte message limit, and no payload store is configured`);
  const ref = await store.put(encoded);
  return { value: Buffer.alloc(0), headers: { [payloadRefHeader]: ref } };
}

export function payloadRef(headers: IHeaders | undefined): string | null {
  const v = headers?.[payloadRefHeader];
  if (v === undefined) return null;
  const one = Array.isArray(v) ? v[0] : v;
  return one === undefined ? null : one.toString();
}

/** The encoded value of a consumed message, fetched from the store when the message carries a reference. */
export async function incomingValue(message: KafkaMessage, store: PayloadStore | undefined, where: string): Promise<Buffer | null> {
  const ref = payloadRef(message.headers);
  if (ref === null) return message.value;
  if (!store) throw new StrandError('RECORD_TOO_LARGE', `${where}: the message refers to stored payload ${ref} but no payload store is configured`);
  return store.get(ref);
}
