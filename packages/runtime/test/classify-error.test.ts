import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KafkaJSConnectionError, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError, KafkaJSRequestTimeoutError, KafkaJSSASLAuthenticationError } from 'kafkajs';
import { StrandError, classifyError, dependencyErrorCode } from '../src/index.js';

const require = createRequire(import.meta.url);
/** kafkajs' own table of broker error codes, as it builds the errors it throws. */
const { createErrorFromCode } = require('kafkajs/src/protocol/error') as { createErrorFromCode: (code: number) => Error };
const protocolError = (code: number) => new KafkaJSProtocolError(createErrorFromCode(code));

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('classifyError: Node and undici socket errors', () => {
  let port: number;
  beforeAll(async () => { port = await closedPort(); });

  it('a real refused connection is NETWORK, retriable', async () => {
    const err = await new Promise<Error>((resolve) => connect(port, '127.0.0.1').on('error', resolve));
    expect((err as Error & { code?: string }).code).toBe('ECONNREFUSED');
    expect(classifyError(err)).toEqual({ code: 'NETWORK', retriable: true, fatal: false });
  });

  it('undici\'s "TypeError: fetch failed" is decided by its cause', async () => {
    const err = await fetch(`http://127.0.0.1:${port}/`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TypeError);
    expect(classifyError(err)).toMatchObject({ code: 'NETWORK', retriable: true });
  });

  it('an AggregateError (happy eyeballs) with socket errors inside is NETWORK', () => {
    const inner = [Object.assign(new Error('connect ECONNREFUSED ::1:1'), { code: 'ECONNREFUSED' }), Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })];
    expect(classifyError(new TypeError('fetch failed', { cause: new AggregateError(inner) })).code).toBe('NETWORK');
  });

  it('AbortSignal.timeout() is TIMEOUT', async () => {
    const server: Server = createServer(() => undefined); // never answers
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const err = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { signal: AbortSignal.timeout(50) }).catch((e: unknown) => e);
      expect(classifyError(err)).toEqual({ code: 'TIMEOUT', retriable: true, fatal: false });
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

describe('classifyError: kafkajs', () => {
  it('rebalance and lost-generation answers are REBALANCED, retriable (redo, never dead-letter)', () => {
    for (const code of [27, 22, 25, 16]) { // REBALANCE_IN_PROGRESS, ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID, NOT_COORDINATOR_FOR_GROUP
      const err = protocolError(code);
      expect(classifyError(err), (err as KafkaJSProtocolError).type).toEqual({ code: 'REBALANCED', retriable: true, fatal: false });
    }
  });

  it('SASL and authorization failures are AUTH_FAILED, fatal', () => {
    // As kafkajs' SASL authenticators throw it (its typings omit the message argument).
    const SaslError = KafkaJSSASLAuthenticationError as unknown as new (message: string) => Error;
    expect(classifyError(new SaslError('SASL PLAIN authentication failed: Authentication failed'))).toEqual({ code: 'AUTH_FAILED', retriable: false, fatal: true });
    for (const code of [58, 29, 30, 31, 34]) { // SASL_AUTHENTICATION_FAILED, TOPIC_/GROUP_/CLUSTER_AUTHORIZATION_FAILED, ILLEGAL_SASL_STATE
      expect(classifyError(protocolError(code)).code).toBe('AUTH_FAILED');
    }
  });

  it('other protocol errors follow kafkajs\' own retriable flag', () => {
    expect(classifyError(protocolError(6)).code).toBe('KAFKA_UNAVAILABLE'); // NOT_LEADER_FOR_PARTITION
    expect(classifyError(protocolError(10))).toMatchObject({ code: 'KAFKA_REJECTED', retriable: false }); // MESSAGE_TOO_LARGE
  });

  it('connection errors are KAFKA_UNREACHABLE, also when kafkajs gave up retrying them', () => {
    const refused = new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:1', { broker: '127.0.0.1:1', code: 'ECONNREFUSED' });
    expect(classifyError(refused).code).toBe('KAFKA_UNREACHABLE');
    expect(classifyError(new KafkaJSNumberOfRetriesExceeded(refused, { retryCount: 5, retryTime: 3000 }))).toMatchObject({ code: 'KAFKA_UNREACHABLE', retriable: true });
    expect(classifyError(new KafkaJSRequestTimeoutError('Request Metadata(key: 3, version: 6) timed out')).code).toBe('KAFKA_UNAVAILABLE');
  });
});

describe('classifyError: chains', () => {
  it('the outermost error that says something decides', () => {
    const socket = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    expect(classifyError(new StrandError('PG_UNREACHABLE', 'lost', { cause: socket })).code).toBe('PG_UNREACHABLE');
    expect(classifyError(new Error('migration 003 failed', { cause: socket })).code).toBe('NETWORK');
  });

  it('a fatal cause wins over any wrapper', () => {
    const wrapped = new StrandError('CONSUMER_CRASHED', 'crashed', { cause: new KafkaJSNumberOfRetriesExceeded(protocolError(29), { retryCount: 0, retryTime: 0 }) });
    expect(classifyError(wrapped)).toEqual({ code: 'AUTH_FAILED', retriable: false, fatal: true });
  });

  it('survives cycles and unrecognised errors', () => {
    const a = new Error('a') as Error & { cause?: unknown };
    a.cause = new Error('b', { cause: a });
    expect(classifyError(a).code).toBe('UNEXPECTED');
    expect(classifyError(null).code).toBe('UNEXPECTED');
    expect(classifyError(Object.assign(new Error('x'), { code: 'ENOENT' })).code).toBe('UNEXPECTED');
  });
});

describe('dependencyErrorCode', () => {
  it('turns network errors, timeouts and a driver\'s bare Error into the dependency\'s outage code', () => {
    expect(dependencyErrorCode(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'REDIS_UNREACHABLE')).toBe('REDIS_UNREACHABLE');
    expect(dependencyErrorCode(new DOMException('The operation was aborted due to timeout', 'TimeoutError'), 'REGISTRY_UNREACHABLE')).toBe('REGISTRY_UNREACHABLE');
    expect(dependencyErrorCode(new Error('Connection terminated unexpectedly'), 'PG_UNREACHABLE')).toBe('PG_UNREACHABLE');
  });

  it('keeps everything else: credentials refused, bugs, refusals', () => {
    expect(dependencyErrorCode(protocolError(58), 'KAFKA_UNREACHABLE')).toBe('AUTH_FAILED');
    expect(dependencyErrorCode(new TypeError('x is not a function'), 'PG_UNREACHABLE')).toBe('UNEXPECTED');
    expect(dependencyErrorCode(protocolError(10), 'KAFKA_UNREACHABLE')).toBe('KAFKA_REJECTED');
  });
});
