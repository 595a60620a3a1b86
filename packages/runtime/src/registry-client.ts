import { StrandError } from './errors.js';
import { dependencyErrorCode } from './classify-error.js';
import { httpStatusErrorCode } from './http-status.js';
import type { ErrorCode } from './error-codes.js';

/** The registry URL without credentials, for messages. */
function displayUrl(url: URL): string {
  const shown = new URL(url);
  shown.username = '';
  shown.password = '';
  return shown.toString().replace(/\/+$/, '');
}

function reasonOf(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause as { code?: unknown; message?: unknown } | undefined;
  return typeof cause?.code === 'string' ? `${err.message} (${cause.code})` : err.message;
}

/**
 * The two calls Strand makes to a Confluent-compatible schema registry (Apicurio's /apis/ccompat/v7),
 * over fetch, so that every failure is classified by what it is: a socket error or timeout is
 * REGISTRY_UNREACHABLE (retriable), as are 408, 429 and 5xx; 401 and 403 are AUTH_FAILED (fatal);
 * other statuses are the caller's `rejected` code. Credentials in the URL (https://user:pass@host/...)
 * are sent as HTTP Basic authentication. One attempt per call: callers retry.
 */
export class RegistryClient {
  private readonly base: string;
  private readonly shown: string;
  private readonly headers: Record<string, string>;

  constructor(url: string, private readonly timeoutMs: number) {
    const parsed = new URL(url);
    this.shown = displayUrl(parsed);
    this.headers = { accept: 'application/vnd.schemaregistry.v1+json, application/json' };
    if (parsed.username || parsed.password) {
      const user = decodeURIComponent(parsed.username);
      const password = decodeURIComponent(parsed.password);
      this.headers.authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    }
    this.base = this.shown;
  }

  /** Registers an Avro schema under `subject` (idempotent) and returns its id. Rejections (incompatible, invalid) are REGISTRY_REJECTED. */
  async register(subject: string, schema: string): Promise<number> {
    const body = await this.request('POST', `/subjects/${encodeURIComponent(subject)}/versions`, 'REGISTRY_REJECTED', JSON.stringify({ schema }));
    const id = (body as { id?: unknown }).id;
    if (typeof id !== 'number') throw new StrandError('REGISTRY_REJECTED', `Schema registry ${this.shown}: registering subject ${subject} answered without an id`);
    return id;
  }

  /** The Avro schema (JSON text) with registry id `id`. An unknown id is SCHEMA_DECODE_FAILED: the value refers to nothing. */
  async schema(id: number): Promise<string> {
    const body = (await this.request('GET', `/schemas/ids/${id}`, 'SCHEMA_DECODE_FAILED')) as { schema?: unknown; schemaType?: unknown };
    if (body.schemaType !== undefined && body.schemaType !== 'AVRO') {
      throw new StrandError('SCHEMA_DECODE_FAILED', `Schema ${id} at ${this.shown} is ${String(body.schemaType)}, not Avro`);
    }
    if (typeof body.schema !== 'string') throw new StrandError('SCHEMA_DECODE_FAILED', `Schema registry ${this.shown}: schema ${id} answered without a schema`);
    return body.schema;
  }

  private async request(method: 'GET' | 'POST', path: string, rejected: ErrorCode, body?: string): Promise<unknown> {
    const what = `Schema registry ${this.shown}: ${method} ${path}`;
    const headers = body === undefined ? this.headers : { ...this.headers, 'content-type': 'application/vnd.schemaregistry.v1+json' };
    try {
      const response = await fetch(`${this.base}${path}`, { method, headers, body, signal: AbortSignal.timeout(this.timeoutMs) });
      const text = await response.text();
      if (response.ok) return JSON.parse(text) as unknown;
      const code = httpStatusErrorCode(response.status, { unavailable: 'REGISTRY_UNREACHABLE', rejected });
      const hint = code === 'AUTH_FAILED' ? ' (credentials refused; check the user and password in STRAND_REGISTRY_URL)' : '';
      throw new StrandError(code, `${what} answered HTTP ${response.status}${hint}: ${text.slice(0, 300)}`, { details: { status: response.status } });
    } catch (err) {
      if (err instanceof StrandError) throw err;
      throw new StrandError(dependencyErrorCode(err, 'REGISTRY_UNREACHABLE'), `${what} failed: ${reasonOf(err)}`, { cause: err });
    }
  }
}
