import { errorDeclaration, isErrorCode, type ErrorCode, type RetriableErrorCode } from './error-codes.js';

export interface Classification {
  code: ErrorCode;
  retriable: boolean;
  fatal: boolean;
}

/*
 * Every rule reads an error's type (class name, kafkajs `type`) or a driver's code (Node system
 * `code`, PostgreSQL SQLSTATE, Redis reply code), never its message text.
 */

/** Node and undici socket-level failures: the other side was not reached, or went away. */
const networkCodes = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH',
  'EHOSTDOWN', 'ENETUNREACH', 'ENETDOWN', 'ENETRESET', 'ENOTCONN', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_CLOSED',
]);
const timeoutCodes = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

const kafkaAuthTypes = new Set([
  'SASL_AUTHENTICATION_FAILED', 'UNSUPPORTED_SASL_MECHANISM', 'ILLEGAL_SASL_STATE', 'TOPIC_AUTHORIZATION_FAILED', 'GROUP_AUTHORIZATION_FAILED',
  'CLUSTER_AUTHORIZATION_FAILED', 'TRANSACTIONAL_ID_AUTHORIZATION_FAILED', 'DELEGATION_TOKEN_AUTHORIZATION_FAILED',
]);
/** The group moved on without this member: its uncommitted work belongs to the partition's next owner. */
const kafkaRebalanceTypes = new Set(['REBALANCE_IN_PROGRESS', 'ILLEGAL_GENERATION', 'UNKNOWN_MEMBER_ID', 'NOT_COORDINATOR_FOR_GROUP', 'FENCED_INSTANCE_ID']);
const kafkaClassCodes = new Map<string, ErrorCode>([
  ['KafkaJSSASLAuthenticationError', 'AUTH_FAILED'],
  ['KafkaJSConnectionError', 'KAFKA_UNREACHABLE'],
  ['KafkaJSConnectionClosedError', 'KAFKA_UNREACHABLE'],
  ['KafkaJSBrokerNotFound', 'KAFKA_UNREACHABLE'],
  // kafkajs marks some of these non-retriable (it gave up waiting), but waiting longer is what helps.
  ['KafkaJSRequestTimeoutError', 'KAFKA_UNAVAILABLE'],
  ['KafkaJSTimeout', 'KAFKA_UNAVAILABLE'],
  ['KafkaJSLockTimeout', 'KAFKA_UNAVAILABLE'],
  ['KafkaJSGroupCoordinatorNotFound', 'KAFKA_UNAVAILABLE'],
  ['KafkaJSMetadataNotLoaded', 'KAFKA_UNAVAILABLE'],
  ['KafkaJSTopicMetadataNotLoaded', 'KAFKA_UNAVAILABLE'],
  ['KafkaJSStaleTopicMetadataAssignment', 'KAFKA_UNAVAILABLE'],
]);

const redisAuthReplies = new Set(['NOAUTH', 'WRONGPASS', 'NOPERM']);
const redisBusyReplies = new Set(['LOADING', 'BUSY', 'TRYAGAIN', 'MASTERDOWN', 'CLUSTERDOWN', 'READONLY']);

function sqlStateCode(state: string): ErrorCode {
  if (state === '28000' || state === '28P01' || state === '42501') return 'AUTH_FAILED';
  if (state === '40001' || state === '40P01') return 'PG_CONFLICT';
  if (state.startsWith('08') || state.startsWith('53') || state === '57P01' || state === '57P02' || state === '57P03') return 'PG_UNREACHABLE';
  if (state === '3D000') return 'CONFIG_INVALID'; // the database named in the URL does not exist
  return 'PG_WRITE_FAILED';
}

interface Verdict {
  code: ErrorCode;
  /** Used only when nothing further down the cause chain is recognised (a kafkajs wrapper's own flag). */
  weak: boolean;
}

type ErrorFields = { code?: unknown; name?: unknown; type?: unknown; retriable?: unknown; severity?: unknown; cause?: unknown; originalError?: unknown; message?: unknown };

function kafkaVerdict(e: ErrorFields, name: string): Verdict {
  const type = typeof e.type === 'string' ? e.type : undefined;
  if (name === 'KafkaJSSASLAuthenticationError' || (type && kafkaAuthTypes.has(type))) return { code: 'AUTH_FAILED', weak: false };
  if (type && kafkaRebalanceTypes.has(type)) return { code: 'REBALANCED', weak: false };
  const byClass = kafkaClassCodes.get(name);
  if (byClass) return { code: byClass, weak: false };
  // A protocol error (it has a type) is decided by kafkajs' own flag; a wrapper (NumberOfRetriesExceeded...) by its cause first.
  const wraps = type === undefined && (e.cause !== undefined || e.originalError !== undefined);
  return { code: e.retriable === true ? 'KAFKA_UNAVAILABLE' : 'KAFKA_REJECTED', weak: wraps };
}

/** The verdict for one error of a chain, from its own type or code (not its causes). */
function verdictOf(e: object): Verdict | undefined {
  const f = e as ErrorFields;
  const name = typeof f.name === 'string' ? f.name : '';
  if (isErrorCode(f.code)) return { code: f.code, weak: false }; // ours, or a parser's declared code
  if (name.startsWith('KafkaJS')) return kafkaVerdict(f, name);
  if (typeof f.severity === 'string' && typeof f.code === 'string' && /^[0-9A-Z]{5}$/.test(f.code)) return { code: sqlStateCode(f.code), weak: false };
  if (typeof f.code === 'string' && networkCodes.has(f.code)) return { code: 'NETWORK', weak: false };
  if (typeof f.code === 'string' && timeoutCodes.has(f.code)) return { code: 'TIMEOUT', weak: false };
  if (name === 'ReplyError' && typeof f.message === 'string') {
    // A Redis error reply starts with its error code, by protocol (RESP: "-WRONGPASS invalid username-password pair").
    const reply = f.message.split(' ', 1)[0] ?? '';
    if (redisAuthReplies.has(reply)) return { code: 'AUTH_FAILED', weak: false };
    if (redisBusyReplies.has(reply)) return { code: 'REDIS_UNREACHABLE', weak: false };
    return undefined;
  }
  if (name === 'MaxRetriesPerRequestError') return { code: 'REDIS_UNREACHABLE', weak: false }; // ioredis
  if (name === 'TimeoutError') return { code: 'TIMEOUT', weak: false }; // AbortSignal.timeout()
  if (name === 'AbortError') return { code: 'STOPPING', weak: false };
  return undefined;
}

/** The error, then its causes (`cause`, kafkajs' `originalError`, an AggregateError's `errors`), outermost first. */
function causeChain(err: unknown): object[] {
  const chain: object[] = [];
  const queue: unknown[] = [err];
  while (queue.length > 0 && chain.length < 12) {
    const e = queue.shift();
    if (typeof e !== 'object' || e === null || chain.includes(e)) continue;
    chain.push(e);
    const { cause, originalError, errors } = e as ErrorFields & { errors?: unknown };
    queue.push(cause, originalError);
    if (Array.isArray(errors)) queue.push(...errors);
  }
  return chain;
}

function classification(code: ErrorCode): Classification {
  const { retriable, fatal } = errorDeclaration(code);
  return { code, retriable, fatal };
}

/**
 * The declared code of any error, and so whether it is retriable or fatal. The outermost error
 * that says something decides (a StrandError's code, a kafkajs type, a SQLSTATE, a socket code),
 * so an unrecognised wrapper such as undici's `TypeError: fetch failed` is decided by its cause.
 * One exception: a fatal cause anywhere in the chain (AUTH_FAILED, CONFIG_INVALID) wins over any
 * wrapper, since retrying cannot cure it however a caller wrapped it. Unrecognised: UNEXPECTED.
 */
export function classifyError(err: unknown): Classification {
  const verdicts = causeChain(err).map(verdictOf).filter((v): v is Verdict => v !== undefined);
  const fatal = verdicts.find((v) => errorDeclaration(v.code).fatal);
  const chosen = fatal ?? verdicts.find((v) => !v.weak) ?? verdicts[0];
  return classification(chosen?.code ?? 'UNEXPECTED');
}

/** A plain `Error` (not a subclass) with neither code nor cause. */
function isBareError(err: unknown): boolean {
  return err instanceof Error && Object.getPrototypeOf(err) === Error.prototype && (err as ErrorFields).code === undefined && err.cause === undefined;
}

/**
 * The code to raise for a failed call to a networked dependency (Kafka, PostgreSQL, the registry,
 * Redis): `unreachable` for network errors and timeouts, and for a driver's bare `Error`, which
 * drivers use only for the state of the connection (pg "Connection terminated unexpectedly",
 * ioredis "Connection is closed."): answers of the server come as typed errors (pg DatabaseError
 * with a SQLSTATE, ioredis ReplyError) and bugs as TypeError or RangeError. Anything else keeps
 * its classification (AUTH_FAILED, PG_CONFLICT, PG_WRITE_FAILED, KAFKA_REJECTED...).
 */
export function dependencyErrorCode(err: unknown, unreachable: RetriableErrorCode): ErrorCode {
  const { code } = classifyError(err);
  if (code === 'NETWORK' || code === 'TIMEOUT') return unreachable;
  if (code === 'UNEXPECTED' && isBareError(err)) return unreachable;
  return code;
}
