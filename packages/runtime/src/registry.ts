import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { StrandError } from './errors.js';
import { withDeadline, sleep } from './deadline.js';
import type { StrandConfig } from './config.js';

export type AvroSchema = Record<string, unknown>;

/** Encodes and decodes topic values through the Confluent-compatible registry (Apicurio's /apis/ccompat/v7). */
export class ValueCodec {
  private readonly registry: SchemaRegistry;
  private readonly ids = new Map<string, number>();

  constructor(private readonly config: StrandConfig) {
    this.registry = new SchemaRegistry({ host: config.registryUrl });
  }

  /**
   * Registers `schema` under the `<topic>-value` subject (a no-op when already registered) and
   * remembers its id. Retried a few times: services starting together register the same new
   * subject at once, and the registry may refuse all but one of them on the first try.
   */
  async register(topic: string, schema: AvroSchema): Promise<number> {
    const subject = `${topic}-value`;
    let lastError: unknown;
    for (let attempt = 1; attempt <= 6; attempt++) {
      try {
        const { id } = await withDeadline(
          this.registry.register({ type: SchemaType.AVRO, schema: JSON.stringify(schema) }, { subject }),
          this.config.connectTimeoutMs, 'REGISTRY_UNREACHABLE', `Schema registry ${this.config.registryUrl}`,
        );
        this.ids.set(topic, id);
        return id;
      } catch (err) {
        lastError = err;
        await sleep(100 * attempt + Math.random() * 200);
      }
    }
    const reason = lastError instanceof Error ? lastError.message : String(lastError);
    const unreachable = /ECONNREFUSED|ETIMEDOUT|ENOTFOUND|fetch failed|socket|no answer/i.test(reason);
    throw new StrandError(unreachable ? 'REGISTRY_UNREACHABLE' : 'REGISTRY_REJECTED', `Could not register schema for subject ${subject} at ${this.config.registryUrl}: ${reason}`, { retriable: unreachable, cause: lastError });
  }

  async encode(topic: string, value: unknown): Promise<Buffer> {
    const id = this.ids.get(topic);
    if (id === undefined) throw new StrandError('SCHEMA_NOT_REGISTERED', `No schema registered for topic ${topic}; call register() at start-up`);
    return this.registry.encode(id, value);
  }

  /** Decodes a registry-framed Avro value; a value that is not one is poison (non-retriable). */
  async decode<T>(buffer: Buffer, where: string): Promise<T> {
    try {
      return (await this.registry.decode(buffer)) as T;
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      const retriable = /ECONNREFUSED|ETIMEDOUT|fetch failed|socket/i.test(reason);
      throw new StrandError(retriable ? 'REGISTRY_UNREACHABLE' : 'SCHEMA_DECODE_FAILED', `Cannot decode ${where}: ${reason}`, { retriable, cause: err });
    }
  }
}
