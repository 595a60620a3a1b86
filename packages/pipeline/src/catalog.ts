import { isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AvroSchema, TopicSpec } from '@strand/runtime';
import type { SourceDefinition } from './source.js';
import { readSchemaFile } from './schema-loader.js';

/** The schemas/ folder at the repository root, found from this file in src/ or dist/. */
export const schemasDir = fileURLToPath(new URL('../../../schemas/', import.meta.url));

export interface TopicEntry extends TopicSpec {
  /** Avro schema file of the values. */
  schemaFile: string;
}

/** Partitions of a topic whose source sets none, when no count is given (STRAND_TOPIC_PARTITIONS' default). */
const defaultPartitions = 3;

/** The dead-letter topic every stage of every source writes to. */
export function deadLetterTopic(prefix: string): string {
  return `${prefix}.dlq`;
}

/** The full name of a source's topic. */
export function sourceTopic(prefix: string, source: SourceDefinition | string, name: string): string {
  return `${prefix}.${typeof source === 'string' ? source : source.name}.${name}`;
}

/** Every topic of the pipeline, derived from the sources, with schema files and settings. */
export function topicCatalog(prefix: string, sources: readonly SourceDefinition[], opts: { retentionHours?: number; partitions?: number } = {}): TopicEntry[] {
  const retention = opts.retentionHours === undefined ? [] : [{ name: 'retention.ms', value: String(opts.retentionHours * 3600 * 1000) }];
  const entries: TopicEntry[] = [];
  for (const source of sources) {
    for (const t of source.topics) {
      const configEntries = t.configEntries ?? [];
      const compacted = configEntries.some((c) => c.name === 'cleanup.policy' && c.value === 'compact');
      entries.push({
        topic: sourceTopic(prefix, source, t.name), schemaFile: t.schemaFile, numPartitions: t.partitions ?? opts.partitions ?? defaultPartitions,
        configEntries: [...(compacted || configEntries.some((c) => c.name === 'retention.ms') ? [] : retention), ...configEntries],
      });
    }
  }
  entries.push({ topic: deadLetterTopic(prefix), schemaFile: 'dlq.avsc', numPartitions: 1, configEntries: [{ name: 'retention.ms', value: String(30 * 24 * 3600 * 1000) }] });
  return entries;
}

const cache = new Map<string, AvroSchema>();

/** An Avro schema by file name in schemas/, or by absolute path; `strand.extends` is resolved (an enriched schema reuses its parsed one). */
export function loadSchema(file: string): AvroSchema {
  let schema = cache.get(file);
  if (!schema) {
    schema = readSchemaFile(isAbsolute(file) ? file : `${schemasDir}${file}`);
    cache.set(file, schema);
  }
  return schema;
}
