import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, type StrandConfig } from '@strand/runtime';
import { stackPaths } from './paths.js';
import { kafkaUp, kafkaDown, kafkaAnswers } from './kafka-broker.js';
import { registryUp, registryDown, registryAnswers } from './schema-registry.js';
import { postgresUp, postgresAnswers } from './postgres.js';
import { redisUp, redisAnswers } from './redis.js';
import { withStackLock } from './stack-lock.js';

export interface StackOptions {
  config?: StrandConfig;
  log?: (line: string) => void;
}

/**
 * Brings the local stack up: PostgreSQL and Redis (started only when down), a single-node KRaft
 * Kafka broker and Apicurio Registry (both from Maven Central jars). Running it twice is harmless.
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
    note(await redisUp(config, log));
    // Kafka and the registry start in parallel: each takes a few seconds of JVM start-up.
    const [kafka, registry] = await Promise.all([kafkaUp(config, paths, log), registryUp(config, paths, log)]);
    note(kafka);
    note(registry);
    return lines;
  }, { onWait: (holder) => log(`waiting for another stack start-up (process ${holder}) to finish ...`) });
}

/** Stops the Kafka broker and the registry that `stackUp` started; PostgreSQL and Redis are machine services and stay up. */
export async function stackDown(opts: StackOptions = {}): Promise<string[]> {
  const config = opts.config ?? loadConfig();
  const paths = stackPaths(config);
  const [registry, kafka] = await Promise.all([registryDown(paths), kafkaDown(paths)]);
  return [
    registry ? 'stopped the schema registry' : 'schema registry was not running (from this state folder)',
    kafka ? 'stopped Kafka' : 'Kafka was not running (from this state folder)',
  ];
}

export interface ComponentStatus { name: string; address: string; up: boolean }

export async function stackStatus(opts: StackOptions = {}): Promise<ComponentStatus[]> {
  const config = opts.config ?? loadConfig();
  const [kafka, registry, postgres, redis] = await Promise.all([kafkaAnswers(config), registryAnswers(config), postgresAnswers(config), redisAnswers(config)]);
  return [
    { name: 'kafka', address: config.kafkaBrokers.join(','), up: kafka },
    { name: 'schema-registry', address: config.registryUrl, up: registry },
    { name: 'postgres', address: new URL(config.databaseUrl).host, up: postgres },
    { name: 'redis', address: new URL(config.redisUrl).host, up: redis },
  ];
}
