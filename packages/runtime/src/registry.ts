import avsc from 'avsc';
import { StrandError } from './errors.js';
import { RegistryClient } from './registry-client.js';
import { retry } from './retry.js';
import type { StrandConfig } from './config.js';

export type AvroSchema = Record<string, unknown>;

type AvscSchema = Parameters<typeof avsc.Type.forSchema>[0];

/** Confluent wire format: magic byte 0, the schema id (4 bytes, big-endian), then the Avro binary value. */
const MAGIC_BYTE = 0;
const HEADER_BYTES = 5;

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Encodes and decodes topic values through the Confluent-compatible registry (Apicurio's /apis/ccompat/v7). */
export class ValueCodec {
  private readonly client: RegistryClient;
  private readonly writers = new Map<string, { id: number; type: avsc.Type }>();
  private readonly readers = new Map<number, Promise<avsc.Type>>();
  /**
   * Where values are encoded before being copied out at their exact size: it grows to the largest
   * value seen, so a large record is encoded once (avsc's own toBuffer encodes into a 1 KB buffer,
   * and anything larger a second time) and copied once.
   */
  private scratch = Buffer.allocUnsafe(64 * 1024);

  constructor(config: StrandConfig) {
    this.client = new RegistryClient(config.registryUrl, config.connectTimeoutMs);
  }

  /**
   * Registers `schema` under the `<topic>-value` subject (a no-op when already registered) and
   * remembers its id. Retries an unreachable or busy registry a few times (services start
   * together with it); a refused schema (REGISTRY_REJECTED) or credentials (AUTH_FAILED) fail at once.
   */
  async register(topic: string, schema: AvroSchema): Promise<number> {
    const subject = `${topic}-value`;
    let type: avsc.Type;
    try {
      type = avsc.Type.forSchema(schema as AvscSchema);
    } catch (err) {
      throw new StrandError('REGISTRY_REJECTED', `Schema for subject ${subject} is not valid Avro: ${messageOf(err)}`, { cause: err });
    }
    const id = await retry(() => this.client.register(subject, JSON.stringify(schema)), { maxAttempts: 6, baseDelayMs: 100, maxDelayMs: 2000 });
    this.writers.set(topic, { id, type });
    if (!this.readers.has(id)) this.readers.set(id, Promise.resolve(type));
    return id;
  }

  async encode(topic: string, value: unknown): Promise<Buffer> {
    const writer = this.writers.get(topic);
    if (writer === undefined) throw new StrandError('SCHEMA_NOT_REGISTERED', `No schema registered for topic ${topic}; call register() at start-up`);
    let end: number;
    try {
      end = writer.type.encode(value, this.scratch, HEADER_BYTES);
      if (end < 0) {
        // Too small: avsc says how many bytes were missing. Grow once (to at least double) and encode again.
        this.scratch = Buffer.allocUnsafe(Math.max(2 * this.scratch.length, this.scratch.length - end));
        end = writer.type.encode(value, this.scratch, HEADER_BYTES);
      }
    } catch (err) {
      throw new StrandError('RECORD_INVALID', `Value for topic ${topic} does not fit its schema: ${messageOf(err)}`, { cause: err });
    }
    const framed = Buffer.allocUnsafe(end);
    this.scratch.copy(framed, HEADER_BYTES, HEADER_BYTES, end);
    framed.writeUInt8(MAGIC_BYTE, 0);
    framed.writeUInt32BE(writer.id, 1);
    return framed;
  }

  /**
   * Decodes a registry-framed Avro value. A value that is not one (or names a schema the registry
   * does not have) is poison: SCHEMA_DECODE_FAILED. A registry that cannot be reached is
   * REGISTRY_UNREACHABLE (retriable); one refusing our credentials is AUTH_FAILED.
   */
  async decode<T>(buffer: Buffer, where: string): Promise<T> {
    if (buffer.length < HEADER_BYTES || buffer[0] !== MAGIC_BYTE) {
      throw new StrandError('SCHEMA_DECODE_FAILED', `Cannot decode ${where}: not a registry-framed Avro value (${buffer.length} bytes, first byte ${buffer[0] ?? 'none'})`);
    }
    const id = buffer.readUInt32BE(1);
    let type: avsc.Type;
    try {
      type = await this.reader(id);
    } catch (err) {
      if (!(err instanceof StrandError)) throw err;
      throw new StrandError(err.code, `Cannot decode ${where}: ${err.message}`, { cause: err });
    }
    try {
      return type.fromBuffer(buffer.subarray(HEADER_BYTES)) as T;
    } catch (err) {
      throw new StrandError('SCHEMA_DECODE_FAILED', `Cannot decode ${where} with schema ${id}: ${messageOf(err)}`, { cause: err });
    }
  }

  /** The type of schema `id`, fetched once (concurrent callers share the request; a failure is not remembered). */
  private reader(id: number): Promise<avsc.Type> {
    let pending = this.readers.get(id);
    if (pending === undefined) {
      pending = this.client.schema(id).then((text) => {
        try {
          return avsc.Type.forSchema(JSON.parse(text) as AvscSchema);
        } catch (err) {
          throw new StrandError('SCHEMA_DECODE_FAILED', `Schema ${id} from the registry is not valid Avro: ${messageOf(err)}`, { cause: err });
        }
      });
      pending.catch(() => this.readers.delete(id));
      this.readers.set(id, pending);
    }
    return pending;
  }
}
