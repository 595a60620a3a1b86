import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AvroSchema, TopicSpec } from '@strand/runtime';

/** The schemas/ folder at the repository root, found from this file in src/ or dist/. */
export const schemasDir = fileURLToPath(new URL('../../../schemas/', import.meta.url));

export interface TopicEntry extends TopicSpec {
  /** Avro schema file in schemas/, one per topic value. */
  schemaFile: string;
}

export interface TopicNames {
  genbankFetch: string;
  genbankFetchCheckpoints: string;
  genbankRaw: string;
  genbankParsed: string;
  genbankEnriched: string;
  pubchemRequests: string;
  pubchemRaw: string;
  pubchemParsed: string;
  pubchemEnriched: string;
  deadLetter: string;
}

/** Every topic's name under a prefix (`strand` by default; tests use a unique prefix each). */
export function topicNames(prefix: string): TopicNames {
  return {
    genbankFetch: `${prefix}.genbank.fetch`,
    genbankFetchCheckpoints: `${prefix}.genbank.fetch.checkpoints`,
    genbankRaw: `${prefix}.genbank.raw`,
    genbankParsed: `${prefix}.genbank.parsed`,
    genbankEnriched: `${prefix}.genbank.enriched`,
    pubchemRequests: `${prefix}.pubchem.requests`,
    pubchemRaw: `${prefix}.pubchem.raw`,
    pubchemParsed: `${prefix}.pubchem.parsed`,
    pubchemEnriched: `${prefix}.pubchem.enriched`,
    deadLetter: `${prefix}.dlq`,
  };
}

const partitions = 3;

/** The topics of the pipeline with their schema files and settings. */
export function topicCatalog(prefix: string): TopicEntry[] {
  const t = topicNames(prefix);
  return [
    { topic: t.genbankFetch, schemaFile: 'genbank.fetch.avsc', numPartitions: partitions },
    { topic: t.genbankFetchCheckpoints, schemaFile: 'genbank.fetch-checkpoint.avsc', numPartitions: 1, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] },
    { topic: t.genbankRaw, schemaFile: 'genbank.raw.avsc', numPartitions: partitions },
    { topic: t.genbankParsed, schemaFile: 'genbank.parsed.avsc', numPartitions: partitions },
    { topic: t.genbankEnriched, schemaFile: 'genbank.enriched.avsc', numPartitions: partitions },
    { topic: t.pubchemRequests, schemaFile: 'pubchem.requests.avsc', numPartitions: partitions },
    { topic: t.pubchemRaw, schemaFile: 'pubchem.raw.avsc', numPartitions: partitions },
    { topic: t.pubchemParsed, schemaFile: 'pubchem.parsed.avsc', numPartitions: partitions },
    { topic: t.pubchemEnriched, schemaFile: 'pubchem.enriched.avsc', numPartitions: partitions },
    { topic: t.deadLetter, schemaFile: 'dlq.avsc', numPartitions: 1, configEntries: [{ name: 'retention.ms', value: String(30 * 24 * 3600 * 1000) }] },
  ];
}

const cache = new Map<string, AvroSchema>();

export function loadSchema(file: string): AvroSchema {
  let schema = cache.get(file);
  if (!schema) {
    schema = JSON.parse(readFileSync(`${schemasDir}${file}`, 'utf8')) as AvroSchema;
    cache.set(file, schema);
  }
  return schema;
}
