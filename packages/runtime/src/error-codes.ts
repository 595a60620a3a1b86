/** What a code says about every error that carries it. */
export interface ErrorDeclaration {
  /** Retrying can help (an outage, a race, a rebalance): retried with backoff, never dead-lettered. */
  readonly retriable: boolean;
  /**
   * Nothing this process does can succeed until a person fixes something (credentials, configuration):
   * the service stops with the error's message instead of retrying or dead-lettering.
   */
  readonly fatal: boolean;
  readonly description: string;
}

const outage = (description: string) => ({ retriable: true, fatal: false, description }) as const;
const poison = (description: string) => ({ retriable: false, fatal: false, description }) as const;
const fatal = (description: string) => ({ retriable: false, fatal: true, description }) as const;

/**
 * The closed set of error codes Strand raises, each declaring whether it is retriable. A code is
 * never both: where the same failure can be either, it has two codes (HTTP_UNAVAILABLE / HTTP_STATUS,
 * DOWNLOAD_FAILED / INPUT_UNREADABLE, PUBCHEM_SERVER_BUSY / PUBCHEM_FAULT). Errors of other libraries
 * are mapped onto these codes by classifyError(). packages/runtime/test/error-codes.test.ts fails on any code used in
 * the repository that is not declared here.
 */
export const errorCatalogue = {
  // General
  CONFIG_INVALID: fatal('The configuration (STRAND_* variables, a connection URL) is invalid or names something that does not exist'),
  AUTH_FAILED: fatal('A dependency refused our credentials or permissions: Kafka SASL or *_AUTHORIZATION_FAILED, PostgreSQL 28000/28P01/42501, the registry or an HTTP upstream answering 401/403, Redis NOAUTH/WRONGPASS/NOPERM'),
  TIMEOUT: outage('A request or a wait outlived its deadline'),
  NETWORK: outage('A connection failed (refused, reset, timed out, DNS lookup) before a complete answer arrived'),
  STOPPING: poison('The work was abandoned because the service is stopping (or its signal was aborted); nothing is committed, the next owner redoes it'),
  UNEXPECTED: poison('An error no classification rule recognises (a bug, or a library error without a code or type)'),
  STACK_FAILED: poison('The local development stack could not be started or checked'),
  USAGE: poison('The command line was used wrongly'),

  // Kafka
  KAFKA_UNREACHABLE: outage('No Kafka broker answers (connection refused, closed or timed out)'),
  KAFKA_UNAVAILABLE: outage('The cluster answered but cannot serve the request yet (no leader, coordinator loading or moving, request timed out)'),
  KAFKA_REJECTED: poison('The broker refused the request for good (kafkajs marks it non-retriable: message too large, invalid topic, unsupported version)'),
  KAFKA_PRODUCE_FAILED: outage('Producing to Kafka failed; the whole chunk is produced again'),
  KAFKA_TOPICS_NOT_READY: outage('Topics were created but have no leader yet'),
  REBALANCED: outage('The consumer lost its partition or generation (rebalance, unknown member, fenced instance): the uncommitted work is redone by the next owner, never dead-lettered'),
  CONSUMER_CRASHED: outage('The Kafka consumer crashed; the runner restarts it'),
  GROUP_ACTIVE: poison('The consumer group has live members, so its offsets cannot be moved'),
  PARTITIONS_NOT_RAISED: poison('A topic\'s partition count can only be raised (Kafka cannot remove partitions): `strand topics grow` was asked for fewer partitions than the topic has'),

  // Schema registry
  REGISTRY_UNREACHABLE: outage('The schema registry does not answer, or answers 408, 429 or 5xx'),
  REGISTRY_REJECTED: poison('The schema registry refused a schema (4xx other than 401, 403, 408 and 429: incompatible, invalid)'),
  SCHEMA_NOT_REGISTERED: fatal('A value was encoded for a topic whose schema was never registered (call register() at start-up)'),
  SCHEMA_DECODE_FAILED: poison('A message value is not a registry-framed Avro value of a schema the registry knows'),

  // PostgreSQL
  PG_UNREACHABLE: outage('PostgreSQL does not answer or cannot serve now (class 08, 53 or 57P01-57P03, connection lost)'),
  PG_CONFLICT: outage('The transaction lost a race (serialization failure 40001, deadlock 40P01); run it again'),
  PG_WRITE_FAILED: poison('PostgreSQL refused the statement for its data (constraint, type or value errors)'),
  DB_NOT_MIGRATED: fatal('The PostgreSQL schema lacks migrations (or the grants) this version needs; services run no DDL: run `strand migrate` with an owner URL (STRAND_DATABASE_ADMIN_URL)'),

  // Redis
  REDIS_UNREACHABLE: outage('Redis does not answer, or answers LOADING, BUSY, TRYAGAIN, MASTERDOWN, CLUSTERDOWN or READONLY'),

  // Claim-checked payloads
  PAYLOAD_MISSING: poison('A message refers to a stored payload that is not in the payload store'),
  PAYLOAD_EXPIRED: poison('A message refers to a stored payload that was deleted because it outlived the payload retention'),

  // HTTP upstreams (@strand/resilience)
  HTTP_UNAVAILABLE: outage('An HTTP server answered 408, 429 or 5xx'),
  HTTP_STATUS: poison('An HTTP server answered a non-2xx status that retrying cannot change (4xx other than 401, 403, 408 and 429)'),
  CIRCUIT_OPEN: outage('The circuit breaker of a failing dependency is open; wait for its next probe'),
  RATE_LIMIT_WAIT_EXCEEDED: outage('The shared rate limiter had no permit within the allowed wait'),

  // Inputs and records
  INPUT_INVALID: poison('An input (a request, a file, a command argument) is not valid'),
  INPUT_UNREADABLE: poison('An input cannot be read (missing or not a file, no length to resume from, unreadable content)'),
  INPUT_CHANGED: outage('A remote file changed while it was being downloaded; the download starts again'),
  FETCH_REFUSED: poison('A fetch request names a file outside the fetch roots (STRAND_FETCH_FILE_ROOTS), or a URL that is not http(s), is not on an allowed host (STRAND_FETCH_URL_HOSTS and the configured NCBI/PubChem hosts), resolves to a loopback, private, link-local or unspecified address (STRAND_FETCH_ALLOW_PRIVATE_HOSTS), or redirects'),
  DOWNLOAD_FAILED: outage('A download from an upstream server failed or stalled part-way (network error, 429/5xx, empty or cut body)'),
  UPSTREAM_ERROR: poison('An upstream service answered with an error in its response body'),
  RECORD_INVALID: poison('A record is malformed or does not fit its schema'),
  INPUT_NOT_UTF8: poison('Input text is not well-formed UTF-8 (decoding would have put U+FFFD in place of the bad bytes); the error names the file or URL, the line and the byte offset of the first bad byte'),
  TEXT_HAS_NUL: poison('A text field holds a NUL character (U+0000), which PostgreSQL text cannot store; the error names the field and the file or URL, line or record'),
  RECORD_TOO_LARGE: poison('A record is over the message size limit and no payload store is configured'),
  INPUT_TOO_LARGE: poison('An input breaks a configured size limit (a GenBank or SD record or line, a decompressed file or its inflate ratio, a download, the atoms of a molecule): the error names the file, the line and the STRAND_* setting that raises the limit; the records around it carry on'),

  // PubChem fetching
  PUBCHEM_BAD_ANSWER: outage('PubChem answered with a body that is not what was asked for (truncated or malformed)'),
  PUBCHEM_BODY_FAILED: outage('Reading a PubChem answer body failed part-way'),
  PUBCHEM_NOT_FOUND: poison('PubChem has no compound for the key'),
  COMPOUND_UNKEYED: poison('A compound has neither a CID nor an InChIKey, so it has no key in the compounds table'),

  // PubChem parsing (@strand/pubchem)
  PUBCHEM_BAD_JSON: poison('A PubChem payload is not valid JSON'),
  PUBCHEM_BAD_SHAPE: poison('A PubChem payload does not have the expected structure'),
  PUBCHEM_BAD_VALUE: poison('A PubChem payload holds a value of the wrong type'),
  PUBCHEM_FAULT: poison('PubChem answered with a Fault other than ServerBusy or Timeout (e.g. PUGREST.NotFound, PUGREST.BadRequest)'),
  PUBCHEM_SERVER_BUSY: outage('PubChem answered with a PUGREST.ServerBusy or PUGREST.Timeout Fault'),
  PUBCHEM_BAD_SDF_RECORD: poison('An SD record cannot be parsed'),
  PUBCHEM_INPUT_UNREADABLE: poison('A PubChem file cannot be read'),

  // Chemistry (@strand/chem)
  RDKIT_UNPARSEABLE: poison('RDKit cannot parse the structure'),
  RDKIT_NO_STRUCTURE: poison('The record has no structure (no SMILES, InChI or molblock)'),
  RDKIT_LOAD_FAILED: outage('Loading RDKit (WebAssembly) failed; a later call tries again'),
  CHEM_POOL_CLOSED: poison('The descriptor pool was closed'),
  CHEM_WORKER_FAILED: outage('A descriptor worker failed or died; a new worker takes the work'),
  RDKIT_LIMIT_EXCEEDED: poison('RDKit outlived its time limit on one molecule (STRAND_RDKIT_TIMEOUT_MS) or its worker ran out of memory (STRAND_RDKIT_MAX_MEMORY_MB): the worker was terminated and replaced, and the record (named by its CID) is dead-lettered'),

  // GenBank parsing (@strand/genbank)
  GENBANK_NOT_A_RECORD: poison('The text is not a GenBank record'),
  GENBANK_TRUNCATED: poison('A GenBank record ends before its // terminator'),
  GENBANK_BAD_LOCUS: poison('A LOCUS line has an unknown layout'),
  GENBANK_BAD_LOCATION: poison('A feature location cannot be parsed'),
  GENBANK_BAD_LINE: poison('A line of a GenBank record cannot be parsed'),
} as const satisfies Record<string, ErrorDeclaration>;

export type ErrorCatalogue = typeof errorCatalogue;

/** Every code Strand may raise; StrandError accepts nothing else. */
export type ErrorCode = keyof ErrorCatalogue;

/** Whether code `C` is declared retriable (`true` or `false`; `boolean` for a union of codes that differ). */
export type RetriableFlag<C extends ErrorCode> = ErrorCatalogue[C]['retriable'];

/** The codes declared retriable (e.g. what a deadline may fail with). */
export type RetriableErrorCode = { [C in ErrorCode]: ErrorCatalogue[C]['retriable'] extends true ? C : never }[ErrorCode];

const declarations: Readonly<Record<string, ErrorDeclaration>> = errorCatalogue;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(declarations, value);
}

export function errorDeclaration(code: ErrorCode): ErrorDeclaration {
  return errorCatalogue[code];
}

/** Every declared code, in declaration order. */
export function errorCodes(): ErrorCode[] {
  return Object.keys(errorCatalogue) as ErrorCode[];
}
