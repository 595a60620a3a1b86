import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { StrandError } from './errors.js';
import { registerSecret, registerUrlPassword } from './redact.js';
import { schemaNameProblem } from './sql-identifier.js';
import { kafkaSecurityOf, type KafkaSecurity } from './kafka-security.js';

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();

/** Splits a comma-separated list, dropping blanks. */
const listOf = (value: string): string[] => value.split(',').map((s) => s.trim()).filter(Boolean);

/**
 * `host` or `host:port` (IPv6 in brackets) as the URL parser normalizes it (lower case, IPv4
 * shorthand expanded), or null when `entry` is anything else (a scheme, a path, credentials).
 */
function normalizeHostEntry(entry: string, opts: { port: boolean }): string | null {
  const bare = /^[^[\]]*:[^[\]]*:/.test(entry) ? `[${entry}]` : entry; // a bare IPv6 literal
  let url: URL;
  try {
    url = new URL(`http://${bare}`);
  } catch {
    return null;
  }
  if (url.username || url.password || url.pathname !== '/' || url.search || url.hash || !url.hostname) return null;
  if (!opts.port && (url.port || /:\d*$/.test(bare.replace(/^\[.*\]/, '')))) return null;
  // new URL() drops a port equal to the scheme's default (80): keep the one written.
  const written = /:(\d+)$/.exec(bare.replace(/^\[.*\]/, ''))?.[1];
  return written !== undefined ? `${url.hostname}:${Number(written)}` : url.hostname;
}

const hostList = (what: string, opts: { port: boolean }) =>
  z.string().refine((v) => listOf(v).every((e) => normalizeHostEntry(e, opts) !== null), `must be a comma-separated list of ${what}`);

/** Node timers overflow above 2^31-1 ms (about 24.8 days) and then fire after 1 ms: no duration setting may exceed it. */
export const MAX_TIMER_MS = 2_147_483_647;

/** A duration in milliseconds, [min, max], that a Node timer can wait. */
const durationMs = (min: number, max = MAX_TIMER_MS) =>
  z.coerce
    .number({ error: 'must be a number of milliseconds' })
    .int('must be a whole number of milliseconds')
    .min(min, `must be at least ${min} ms`)
    .max(max, max === MAX_TIMER_MS ? `must be at most ${MAX_TIMER_MS} ms (about 24.8 days): Node timers overflow above it and fire after 1 ms` : `must be at most ${max} ms`);

/**
 * A URL the WHATWG parser accepts, with one of `protocols` (and a host, unless `hostOptional`).
 * The message says what is wrong but never repeats the value, which may hold a password.
 */
const urlOf = (protocols: string[], what: string, opts: { hostOptional?: boolean } = {}) =>
  z.string().superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: `is not a valid URL (malformed; expected ${what})` });
      return;
    }
    if (!protocols.includes(url.protocol)) ctx.addIssue({ code: 'custom', message: `must be ${what}, not a ${url.protocol} URL` });
    else if (!opts.hostOptional && url.hostname === '') ctx.addIssue({ code: 'custom', message: `has no host (expected ${what})` });
  });
const httpUrl = () => urlOf(['http:', 'https:'], 'an http:// or https:// URL');

/** A schema name that needs no quoting and is no reserved word (sql-identifier.ts); Strand quotes it in SQL anyway. */
const schemaName = z.string().superRefine((value, ctx) => {
  const problem = schemaNameProblem(value);
  if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
});

/** Kafka bootstrap brokers: at least one, each `host:port`. */
const brokerList = z.string().superRefine((value, ctx) => {
  const entries = listOf(value);
  if (entries.length === 0) {
    ctx.addIssue({ code: 'custom', message: 'is empty: give at least one broker as host:port (comma-separated for several)' });
    return;
  }
  const bad = entries.filter((e) => !/:\d+$/.test(normalizeHostEntry(e, { port: true }) ?? '') || /:0+$/.test(e));
  if (bad.length > 0) ctx.addIssue({ code: 'custom', message: `must be a comma-separated list of host:port (port 1-65535); not host:port: ${bad.map((e) => JSON.stringify(e)).join(', ')}` });
});

/**
 * Every setting Strand reads, all from environment variables with documented defaults.
 * Validated once at start-up; an unknown STRAND_* variable is rejected (it is almost always a typo).
 */
export const configSchema = z
  .object({
    STRAND_KAFKA_BROKERS: brokerList.default('127.0.0.1:9092').describe('Kafka bootstrap brokers, comma-separated host:port'),
    STRAND_KAFKA_CONTROLLER_PORT: port.default(9093).describe('KRaft controller port of the local broker (stack only)'),
    STRAND_REGISTRY_URL: httpUrl().default('http://127.0.0.1:8081/apis/ccompat/v7').describe('Confluent-compatible schema registry URL (Apicurio: /apis/ccompat/v7)'),
    STRAND_DATABASE_URL: urlOf(['postgres:', 'postgresql:'], 'a postgres:// URL', { hostOptional: true }).default('postgres://postgres@127.0.0.1:5432/strand').describe('PostgreSQL connection URL; the database is created by `strand stack up` if missing'),
    STRAND_DATABASE_ADMIN_URL: urlOf(['postgres:', 'postgresql:'], 'a postgres:// URL', { hostOptional: true }).default('').describe('PostgreSQL URL of a role that may create roles and own the schema (a superuser, or one with CREATEROLE): `strand migrate` and `strand stack up` migrate with it and create the roles <schema>_owner, _writer and _reader (docs/security.md); empty: STRAND_DATABASE_URL. Services migrate at start only when it is set; give it to them only in development'),
    STRAND_DATABASE_READER_URL: urlOf(['postgres:', 'postgresql:'], 'a postgres:// URL', { hostOptional: true }).default('').describe('PostgreSQL URL of the read-only role (<schema>_reader) for the CLI\'s read commands and consumers of the data; empty: STRAND_DATABASE_URL'),
    STRAND_DB_SCHEMA: schemaName.default('strand').describe('PostgreSQL schema holding Strand tables'),
    STRAND_REDIS_URL: urlOf(['redis:', 'rediss:'], 'a redis:// or rediss:// URL', { hostOptional: true }).default('redis://127.0.0.1:6379').describe('Redis URL (shared rate-limit budget, PubChem cache)'),
    STRAND_TOPIC_PREFIX: z.string().regex(/^[A-Za-z0-9._-]+$/).default('strand').describe('Prefix of every topic and consumer group name'),
    STRAND_STATE_DIR: z.string().min(1).default('.state').describe('Folder for local stack data and logs (relative to the repository root)'),
    STRAND_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info').describe('Log level'),
    STRAND_CONNECT_TIMEOUT_MS: durationMs(1).default(20000).describe('How long to wait for Kafka, the registry and Postgres before failing'),
    STRAND_SESSION_TIMEOUT_MS: durationMs(6000, 300_000).default(30_000).describe('Kafka consumer session timeout: a consumer that stops heartbeating this long loses its partitions (stages heartbeat every second while they work)'),
    STRAND_STAGE_CHUNK_SIZE: positiveInt.default(500).describe('Input messages every stage handles per durable write and offset commit (for the sink: most records per COPY transaction; a chunk never spans two fetches, see STRAND_FETCH_PARTITION_BYTES)'),
    STRAND_FETCH_PARTITION_BYTES: z.coerce.number().int().min(65_536).max(268_435_456).default(8_388_608).describe('Most bytes a stage fetches from one partition at a time (kafkajs maxBytesPerPartition): it bounds the chunk a stage handles at once, and with STRAND_STAGE_PARTITIONS its memory'),
    STRAND_STAGE_PARTITIONS: z.coerce.number().int().min(1).max(64).default(1).describe('Partitions one stage instance works on at once (kafkajs partitionsConsumedConcurrently); the sink overrides it with STRAND_SINK_PARTITIONS'),
    STRAND_DLQ_MAX_REDRIVES: z.coerce.number().int().min(1).max(1000).default(3).describe('How many times `strand dlq redrive` sends one record back before refusing it (a record still broken must not loop)'),
    STRAND_KAFKA_SSL: z.enum(['true', 'false'], { error: 'must be true or false' }).default('false').describe('Connect to the Kafka brokers with TLS (with STRAND_KAFKA_SASL_*: SASL_SSL)'),
    STRAND_KAFKA_SSL_CA_FILE: z.string().default('').describe('PEM file of the CA(s) that signed the brokers\' certificates (empty: the system\'s CAs); needs STRAND_KAFKA_SSL=true'),
    STRAND_KAFKA_SSL_CERT_FILE: z.string().default('').describe('PEM client certificate for brokers that require one (with STRAND_KAFKA_SSL_KEY_FILE)'),
    STRAND_KAFKA_SSL_KEY_FILE: z.string().default('').describe('PEM private key of STRAND_KAFKA_SSL_CERT_FILE (unencrypted; keep the file readable only by the service)'),
    STRAND_KAFKA_SASL_MECHANISM: z.string().default('').describe('SASL mechanism: plain, scram-sha-256 or scram-sha-512 (empty: no SASL); with STRAND_KAFKA_SASL_USERNAME and STRAND_KAFKA_SASL_PASSWORD'),
    STRAND_KAFKA_SASL_USERNAME: z.string().default('').describe('SASL user name'),
    STRAND_KAFKA_SASL_PASSWORD: z.string().default('').describe('SASL password (never printed)'),
    STRAND_KAFKA_COMPRESSION: z.enum(['none', 'gzip']).default('none').describe('Compression of the record batches Strand produces: none, or gzip (smaller topics, more CPU per hop; see docs/benchmarks.md)'),
    STRAND_SINK_PARTITIONS: z.coerce.number().int().min(1).max(64).default(3).describe('Partitions one sink instance writes at once, each in its own transaction on its own connection'),
    STRAND_MAX_MESSAGE_BYTES: positiveInt.default(900_000).describe('Encoded values larger than this are not sent through Kafka: they are stored in the payloads table and the message carries a reference (claim check); also the most bytes per produce request'),
    STRAND_TOPIC_RETENTION_HOURS: positiveInt.default(168).describe('Retention of the pipeline topics (not the dead-letter topic, kept 30 days); claim-checked payloads are deleted 24 h after this, when no message can still refer to them'),
    STRAND_TOPIC_PARTITIONS: z.coerce.number().int().min(1).max(1000).default(3).describe('Partitions of each pipeline topic when it is created (a source may set its own per topic); it bounds the useful instances of the stage reading it. An existing topic keeps its count: raise it with `strand topics grow`'),
    STRAND_KAFKA_METADATA_MAX_AGE_MS: durationMs(1000, 3_600_000).default(30_000).describe('How often every producer and stage consumer refreshes its topic metadata (kafkajs metadataMaxAge): partitions added by `strand topics grow` are written to and consumed within about this long'),
    STRAND_SOURCES_MODULE: z.string().default('').describe('A module whose `sources` export replaces the built-in list of sources (plug-in sources; the tests use it for a fixture source)'),
    STRAND_ENRICH_MODE: z.enum(['fallback', 'always']).default('fallback').describe('RDKit descriptors: only where PubChem has none, or always'),
    STRAND_ENRICH_WORKERS: z.coerce.number().int().min(0).max(64).default(2).describe('Worker threads computing RDKit descriptors in the enricher (0 = on the main thread)'),
    STRAND_GENBANK_MAX_RECORD_BYTES: z.coerce.number().int().min(1024).max(536_870_888).default(268_435_456).describe('Most bytes of one GenBank record (a record is decoded as one string, and V8 strings stop at 512 MiB): a larger record is skipped as it arrives, dead-lettered (INPUT_TOO_LARGE, naming the file and line) and the records after it carry on'),
    STRAND_GENBANK_MAX_LINE_BYTES: z.coerce.number().int().min(80).max(536_870_888).default(1_048_576).describe('Most bytes of one line of a GenBank file (lines are wrapped at 80 columns): a record with a longer line is skipped like one over STRAND_GENBANK_MAX_RECORD_BYTES'),
    STRAND_SDF_MAX_RECORD_CHARS: z.coerce.number().int().min(1024).max(536_870_888).default(16_777_216).describe('Most characters of one SD record read by `strand parse pubchem` or the pipeline\'s PubChem parser: a larger record is refused (INPUT_TOO_LARGE, naming the file or URL and line; the parser dead-letters it) without being held whole, and the records after it carry on'),
    STRAND_SDF_MAX_LINE_CHARS: z.coerce.number().int().min(80).max(536_870_888).default(1_048_576).describe('Most characters of one line of an SD file: a record with a longer line is refused like one over STRAND_SDF_MAX_RECORD_CHARS'),
    STRAND_PUBCHEM_MAX_JSON_BYTES: z.coerce.number().int().min(1024).max(536_870_888).default(268_435_456).describe('Most bytes of a PubChem JSON file once gunzipped (it is read whole to be parsed), and of one PUG REST answer (held in memory): reading stops at this size with INPUT_TOO_LARGE naming the file or URL, so a gzip bomb or a huge answer never fills memory'),
    STRAND_INPUT_MAX_INFLATE_RATIO: z.coerce.number().int().min(2).max(100_000).default(100).describe('Most bytes a gzip input may inflate to per compressed byte, counted over the whole input once it has inflated past 1 MiB (GenBank and SD files of the fetcher and `strand ingest`): a gzip bomb is refused with INPUT_TOO_LARGE naming the file; real GenBank, SD and JSON files inflate 3 to 20 times, and gzip cannot exceed about 1032'),
    STRAND_FETCH_MAX_DOWNLOAD_BYTES: z.coerce.number().int().min(1024).max(Number.MAX_SAFE_INTEGER).default(8_589_934_592).describe('Most bytes of one download (a GenBank release file, an E-utilities efetch answer): a larger announced Content-Length is refused before anything is spooled, and a body that goes past it is cut off; refused with INPUT_TOO_LARGE (dead-lettered, not retried)'),
    STRAND_FETCH_STALL_TIMEOUT_MS: durationMs(100).default(60_000).describe('A download that brings no byte for this long is aborted and resumed from the last byte received (HTTP Range), like a reset connection'),
    STRAND_RDKIT_MAX_ATOMS: z.coerce.number().int().min(1).max(100_000_000).default(2000).describe('Most atoms of a structure handed to RDKit, read from the molfile counts line (V2000) or COUNTS line (V3000), or counted in the SMILES, before RDKit sees it: a larger one is refused with INPUT_TOO_LARGE naming the CID (its WebAssembly memory is not bounded by STRAND_RDKIT_MAX_MEMORY_MB)'),
    STRAND_RDKIT_TIMEOUT_MS: durationMs(100).default(30_000).describe('Most time RDKit may spend on one molecule in a descriptor worker: past it the worker is terminated and replaced, and the record is dead-lettered (RDKIT_LIMIT_EXCEEDED naming the CID)'),
    STRAND_RDKIT_MAX_MEMORY_MB: z.coerce.number().int().min(16).max(65_536).default(512).describe('JavaScript heap of each descriptor worker (worker_threads resourceLimits.maxOldGenerationSizeMb): a worker that exceeds it is replaced and the molecule it was working on is dead-lettered (RDKIT_LIMIT_EXCEEDED)'),
    STRAND_METRICS_PORT: port.default(0).describe('Port of the Prometheus metrics endpoint (0 = off)'),
    STRAND_PROMETHEUS_URL: httpUrl().default('http://127.0.0.1:9090').describe('Prometheus of the local stack (`strand stack up --observability`): where it listens, scraping the services of `strand demo`'),
    STRAND_ZIPKIN_URL: httpUrl().default('http://127.0.0.1:9411').describe('Zipkin trace backend of the local stack (`strand stack up --observability`); services send spans to it when OTEL_EXPORTER_ZIPKIN_ENDPOINT is set (the demo sets it)'),
    STRAND_METRICS_HOST: z.string().refine((v) => normalizeHostEntry(v, { port: false }) !== null, 'must be a host name or an IP address (no port)').default('127.0.0.1').describe('Address the Prometheus metrics endpoint listens on (0.0.0.0 or :: for every interface, e.g. in a container scraped from outside)'),
    STRAND_FETCH_FILE_ROOTS: z.string().refine((v) => listOf(v).every((p) => isAbsolute(p)), 'must be a comma-separated list of absolute paths').default('').describe('Folders whose files fetch requests may name (`strand fetch genbank --file`), comma-separated absolute paths; a path is resolved (symlinks included) before it is checked. Empty: no local file is fetched'),
    STRAND_FETCH_URL_HOSTS: hostList('host or host:port entries', { port: true }).default('').describe('Hosts fetch request URLs may name (`strand fetch genbank --url`), comma-separated `host` (its default port) or `host:port`, in addition to the host and port of STRAND_NCBI_FTP_URL, STRAND_NCBI_EUTILS_URL and STRAND_PUBCHEM_URL'),
    STRAND_FETCH_ALLOW_PRIVATE_HOSTS: hostList('host names or IP addresses (no port)', { port: false }).default('').describe('Hosts of fetch request URLs allowed to resolve to loopback, private, link-local or unspecified addresses (e.g. 127.0.0.1 for a local stand-in), comma-separated; every other host must resolve only to public addresses'),
    STRAND_NCBI_EUTILS_URL: httpUrl().default('https://eutils.ncbi.nlm.nih.gov/entrez/eutils').describe('NCBI E-utilities base URL'),
    STRAND_NCBI_FTP_URL: httpUrl().default('https://ftp.ncbi.nlm.nih.gov/genbank').describe('Base URL of the GenBank release files'),
    STRAND_NCBI_API_KEY: z.string().default('').describe('NCBI API key (raises the limit from 3 to 10 requests/s)'),
    STRAND_RATE_LIMIT_KEY: z.string().regex(/^[A-Za-z0-9._:-]+$/).default('strand').describe('Redis key prefix of the shared upstream budgets (NCBI, PubChem): every fetcher with the same key shares one budget'),
    STRAND_PUBCHEM_URL: httpUrl().default('https://pubchem.ncbi.nlm.nih.gov/rest/pug').describe('PubChem PUG REST base URL'),
  })
  .strict();

export type RawConfig = z.infer<typeof configSchema>;

export interface StrandConfig {
  kafkaBrokers: string[];
  kafkaControllerPort: number;
  registryUrl: string;
  databaseUrl: string;
  /** STRAND_DATABASE_ADMIN_URL, or null when unset (then `strand migrate` uses databaseUrl, and services do not migrate). */
  databaseAdminUrl: string | null;
  /** STRAND_DATABASE_READER_URL, or null when unset (databaseUrl is used). */
  databaseReaderUrl: string | null;
  dbSchema: string;
  redisUrl: string;
  topicPrefix: string;
  stateDir: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  connectTimeoutMs: number;
  stageChunkSize: number;
  fetchPartitionBytes: number;
  stagePartitions: number;
  sinkPartitions: number;
  kafkaCompression: 'none' | 'gzip';
  /** TLS and SASL of the Kafka clients (kafka-security.ts). */
  kafkaSecurity: KafkaSecurity;
  dlqMaxRedrives: number;
  sessionTimeoutMs: number;
  topicRetentionHours: number;
  topicPartitions: number;
  kafkaMetadataMaxAgeMs: number;
  sourcesModule: string;
  maxMessageBytes: number;
  enrichMode: 'fallback' | 'always';
  enrichWorkers: number;
  /** Input limits (issue 11, item 3; docs/security.md). */
  genbankMaxRecordBytes: number;
  genbankMaxLineBytes: number;
  sdfMaxRecordChars: number;
  sdfMaxLineChars: number;
  pubchemMaxJsonBytes: number;
  inputMaxInflateRatio: number;
  fetchMaxDownloadBytes: number;
  fetchStallTimeoutMs: number;
  rdkitMaxAtoms: number;
  rdkitTimeoutMs: number;
  rdkitMaxMemoryMb: number;
  metricsPort: number;
  prometheusUrl: string;
  zipkinUrl: string;
  metricsHost: string;
  /** Absolute folders fetch requests may read files under (empty: none). */
  fetchFileRoots: string[];
  /** Normalized `host` / `host:port` entries fetch request URLs may name, besides the NCBI and PubChem hosts. */
  fetchUrlHosts: string[];
  /** Normalized host names allowed to resolve to non-public addresses. */
  fetchAllowPrivateHosts: string[];
  ncbiEutilsUrl: string;
  ncbiFtpUrl: string;
  ncbiApiKey: string;
  pubchemUrl: string;
  rateLimitKey: string;
}

/** Validates the STRAND_* variables of `env` and returns the typed config, or throws CONFIG_INVALID naming each bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env, overrides: Partial<RawConfig> = {}): StrandConfig {
  const picked: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (key.startsWith('STRAND_') && value !== undefined && value !== '') picked[key] = value;
  }
  // Not settings, but switches for the test harness and CLI; allowed so the strict check stays useful.
  for (const harnessKey of ['STRAND_SKIP_STACK']) delete picked[harnessKey];
  const result = configSchema.safeParse({ ...picked, ...overrides });
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      if (issue.code === 'unrecognized_keys') return `unknown variable(s) ${issue.keys.join(', ')} (known: see \`strand config\`)`;
      return `${issue.path.join('.')}: ${issue.message}`;
    });
    throw new StrandError('CONFIG_INVALID', `Invalid configuration: ${problems.join('; ')}`, { details: { problems } });
  }
  const c = result.data;
  const kafka = kafkaSecurityOf(c);
  if (kafka.problems.length > 0) throw new StrandError('CONFIG_INVALID', `Invalid configuration: ${kafka.problems.join('; ')}`, { details: { problems: kafka.problems } });
  registerSecret(c.STRAND_KAFKA_SASL_PASSWORD);
  // From here on, these never leave the process (redact.ts), whatever message or log line names them.
  registerSecret(c.STRAND_NCBI_API_KEY);
  for (const url of [c.STRAND_DATABASE_URL, c.STRAND_DATABASE_ADMIN_URL, c.STRAND_DATABASE_READER_URL, c.STRAND_REDIS_URL, c.STRAND_REGISTRY_URL]) registerUrlPassword(url);
  return {
    kafkaBrokers: c.STRAND_KAFKA_BROKERS.split(',').map((b) => b.trim()).filter(Boolean),
    kafkaControllerPort: c.STRAND_KAFKA_CONTROLLER_PORT,
    registryUrl: c.STRAND_REGISTRY_URL.replace(/\/+$/, ''),
    databaseUrl: c.STRAND_DATABASE_URL,
    databaseAdminUrl: c.STRAND_DATABASE_ADMIN_URL || null,
    databaseReaderUrl: c.STRAND_DATABASE_READER_URL || null,
    dbSchema: c.STRAND_DB_SCHEMA,
    redisUrl: c.STRAND_REDIS_URL,
    topicPrefix: c.STRAND_TOPIC_PREFIX,
    stateDir: c.STRAND_STATE_DIR,
    logLevel: c.STRAND_LOG_LEVEL,
    connectTimeoutMs: c.STRAND_CONNECT_TIMEOUT_MS,
    stageChunkSize: c.STRAND_STAGE_CHUNK_SIZE,
    fetchPartitionBytes: c.STRAND_FETCH_PARTITION_BYTES,
    stagePartitions: c.STRAND_STAGE_PARTITIONS,
    sinkPartitions: c.STRAND_SINK_PARTITIONS,
    kafkaCompression: c.STRAND_KAFKA_COMPRESSION,
    kafkaSecurity: kafka.security,
    dlqMaxRedrives: c.STRAND_DLQ_MAX_REDRIVES,
    sessionTimeoutMs: c.STRAND_SESSION_TIMEOUT_MS,
    topicRetentionHours: c.STRAND_TOPIC_RETENTION_HOURS,
    topicPartitions: c.STRAND_TOPIC_PARTITIONS,
    kafkaMetadataMaxAgeMs: c.STRAND_KAFKA_METADATA_MAX_AGE_MS,
    sourcesModule: c.STRAND_SOURCES_MODULE,
    maxMessageBytes: c.STRAND_MAX_MESSAGE_BYTES,
    enrichMode: c.STRAND_ENRICH_MODE,
    enrichWorkers: c.STRAND_ENRICH_WORKERS,
    genbankMaxRecordBytes: c.STRAND_GENBANK_MAX_RECORD_BYTES,
    genbankMaxLineBytes: c.STRAND_GENBANK_MAX_LINE_BYTES,
    sdfMaxRecordChars: c.STRAND_SDF_MAX_RECORD_CHARS,
    sdfMaxLineChars: c.STRAND_SDF_MAX_LINE_CHARS,
    pubchemMaxJsonBytes: c.STRAND_PUBCHEM_MAX_JSON_BYTES,
    inputMaxInflateRatio: c.STRAND_INPUT_MAX_INFLATE_RATIO,
    fetchMaxDownloadBytes: c.STRAND_FETCH_MAX_DOWNLOAD_BYTES,
    fetchStallTimeoutMs: c.STRAND_FETCH_STALL_TIMEOUT_MS,
    rdkitMaxAtoms: c.STRAND_RDKIT_MAX_ATOMS,
    rdkitTimeoutMs: c.STRAND_RDKIT_TIMEOUT_MS,
    rdkitMaxMemoryMb: c.STRAND_RDKIT_MAX_MEMORY_MB,
    metricsPort: c.STRAND_METRICS_PORT,
    prometheusUrl: c.STRAND_PROMETHEUS_URL.replace(/\/+$/, ''),
    zipkinUrl: c.STRAND_ZIPKIN_URL.replace(/\/+$/, ''),
    metricsHost: normalizeHostEntry(c.STRAND_METRICS_HOST, { port: false })!.replace(/^\[(.*)\]$/, '$1'),
    fetchFileRoots: listOf(c.STRAND_FETCH_FILE_ROOTS),
    fetchUrlHosts: listOf(c.STRAND_FETCH_URL_HOSTS).map((e) => normalizeHostEntry(e, { port: true })!),
    fetchAllowPrivateHosts: listOf(c.STRAND_FETCH_ALLOW_PRIVATE_HOSTS).map((e) => normalizeHostEntry(e, { port: false })!),
    ncbiEutilsUrl: c.STRAND_NCBI_EUTILS_URL.replace(/\/+$/, ''),
    ncbiFtpUrl: c.STRAND_NCBI_FTP_URL.replace(/\/+$/, ''),
    ncbiApiKey: c.STRAND_NCBI_API_KEY,
    pubchemUrl: c.STRAND_PUBCHEM_URL.replace(/\/+$/, ''),
    rateLimitKey: c.STRAND_RATE_LIMIT_KEY,
  };
}

/** Name, default and description of every variable, for `strand config` and the docs. */
export function describeConfig(): { name: string; default: unknown; description: string }[] {
  return Object.entries(configSchema.shape).map(([name, field]) => ({
    name,
    default: (field as z.ZodDefault<z.ZodType>).parse(undefined),
    description: field.description ?? '',
  }));
}
