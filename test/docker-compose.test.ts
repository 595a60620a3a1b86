import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '@strand/runtime';
import { testData } from './helpers.js';

/** docker-compose.yml cannot run here (no Docker engine), so check it against the config schema and the stack it describes. */
describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(testData('..', 'docker-compose.yml'), 'utf8'), { merge: true }) as {
    services: Record<string, { environment?: Record<string, string | number>; command?: string[]; ports?: string[]; restart?: string }>;
  };
  const pipelineServices = ['fetcher', 'parser', 'enricher', 'sink'];

  it('has the infrastructure and the four services', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['enricher', 'fetcher', 'kafka', 'parser', 'postgres', 'redis', 'registry', 'sink']);
  });

  for (const name of pipelineServices) {
    it(`${name}: runs its own entry point with an environment the config schema accepts`, () => {
      const service = compose.services[name]!;
      expect(service.command).toEqual(['node', `services/${name}/dist/main.js`]);
      // A service that exits (fatal error) is restarted by its supervisor.
      expect(service.restart).toBe('unless-stopped');
      const env = Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, String(v)]));
      expect(Object.keys(env).every((k) => k.startsWith('STRAND_'))).toBe(true);
      const config = loadConfig(env); // throws CONFIG_INVALID on an unknown or malformed variable
      expect(config.kafkaBrokers).toEqual(['kafka:9092']);
      expect(new URL(config.registryUrl).host).toBe('registry:8080');
      expect(new URL(config.registryUrl).pathname).toBe('/apis/ccompat/v7');
      expect(new URL(config.databaseUrl).hostname).toBe('postgres');
      expect(new URL(config.redisUrl).hostname).toBe('redis');
    });
  }

  it('points the services at the address Kafka advertises', () => {
    expect(compose.services.kafka!.environment!.KAFKA_ADVERTISED_LISTENERS).toBe('PLAINTEXT://kafka:9092');
  });
});
