import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, type StrandConfig } from '@strand/runtime';
import { stackPaths } from './paths.js';
import { kafkaUp, kafkaDown, kafkaAnswers } from './kafka-broker.js';
import { registryUp, registryDown, registryAnswers } from './schema-registry.js';
import { postgresUp, postgresAnswers } from './postgres.js';
import { redisUp, redisAnswers } from './redis.js';
import { withStackLock } from './stack-lock.js';
import { migrateDatabase } from '@strand/db';
import { zipkinUp, zipkinDown, zipkinAnswers } from './zipkin.js';
import { prometheusUp, prometheusDown, prometheusAnswers } from './prometheus.js';

export interface StackOptions {
  config?: StrandConfig;
  log?: (line: string) => void;
  /** Also Prometheus (Debian's package, scraping the demo's services) and Zipkin (a Maven Central jar, receiving traces). */
  observability?: boolean;
}

/**
 * Brings the local stack up: PostgreSQL and Redis (started only when down), a single-node KRaft
 * Kafka broker and Apicurio Registry (both from Maven Central jars), and with `observability`
 * Prometheus and Zipkin. Running it twice is harmless.
 */
export async function stackUp(opts: StackOptions = {}): Promise<string[]> {
  const config = opts.config ?? loadConfig();
  const log = opts.log ?? (() => undefined);
  const paths = stackPaths(config);
  mkdirSync(paths.kafkaDir, { recursive: true });
  mkdirSync(paths.apicurioDir, { recursive: true });
  // One `stack up` at a time per state folder: a second one waits, then finds everything up.
  return withStackLock(join(paths.state, 'stack.lock'), async () => {
    const lines: string[] = [];
    const note = (line: string) => { lines.push(line); };
    note(await postgresUp(config, log));
    // The schema, its roles (<schema>_owner, _writer, _reader) and the core tables, as `strand migrate` makes them
    // (a plug-in source's own tables: `strand migrate`).
    const applied = await migrateDatabase(config, { log });
    note(`PostgreSQL schema ${config.dbSchema} migrated${applied.length > 0 ? ` (${applied.join(', ')})` : ' (up to date)'}; roles ${config.dbSchema}_owner, ${config.dbSchema}_writer, ${config.dbSchema}_reader`);
    note(await redisUp(config, log));
    // Kafka and the registry start in parallel: each takes a few seconds of JVM start-up.
    const [kafka, registry, ...observability] = await Promise.all([
      kafkaUp(config, paths, log), registryUp(config, paths, log),
      ...(opts.observability ? [prometheusUp(config, paths, log), zipkinUp(config, paths, log)] : []),
    ]);
    note(kafka);
    note(registry);
    for (const line of observability) note(line);
    return lines;
  }, { onWait: (holder) => log(`waiting for another stack start-up (process ${holder}) to finish ...`) });
}

/** Stops the Kafka broker and the registry that `stackUp` started; PostgreSQL and Redis are machine services and stay up. */
export async function stackDown(opts: StackOptions = {}): Promise<string[]> {
  const config = opts.config ?? loadConfig();
  const paths = stackPaths(config);
  const [registry, kafka, prometheus, zipkin] = await Promise.all([registryDown(paths), kafkaDown(paths), prometheusDown(paths), zipkinDown(paths)]);
  return [
    registry ? 'stopped the schema registry' : 'schema registry was not running (from this state folder)',
    kafka ? 'stopped Kafka' : 'Kafka was not running (from this state folder)',
    ...(prometheus ? ['stopped Prometheus'] : []),
    ...(zipkin ? ['stopped Zipkin'] : []),
  ];
}

export interface ComponentStatus { name: string; address: string; up: boolean; optional?: boolean }

export async function stackStatus(opts: StackOptions = {}): Promise<ComponentStatus[]> {
  const config = opts.config ?? loadConfig();
  const [kafka, registry, postgres, redis, prometheus, zipkin] = await Promise.all([
    kafkaAnswers(config), registryAnswers(config), postgresAnswers(config), redisAnswers(config), prometheusAnswers(config.prometheusUrl), zipkinAnswers(config),
  ]);
  return [
    { name: 'kafka', address: config.kafkaBrokers.join(','), up: kafka },
    { name: 'schema-registry', address: config.registryUrl, up: registry },
    { name: 'postgres', address: new URL(config.databaseUrl).host, up: postgres },
    { name: 'redis', address: new URL(config.redisUrl).host, up: redis },
    // Optional components (`stack up --observability`): down is not a failure.
    { name: 'prometheus', address: config.prometheusUrl, up: prometheus, optional: true },
    { name: 'zipkin', address: config.zipkinUrl, up: zipkin, optional: true },
  ];
}
