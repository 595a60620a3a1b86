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
    expect(Object.keys(compose.services).sort()).toEqual(['enricher', 'fetcher', 'grafana', 'kafka', 'migrate', 'otel-collector', 'parser', 'postgres', 'prometheus', 'redis', 'registry', 'sink', 'zipkin']);
  });

  for (const name of pipelineServices) {
    it(`${name}: runs its own entry point with an environment the config schema accepts`, () => {
      const service = compose.services[name]!;
      expect(service.command).toEqual(['node', `services/${name}/dist/main.js`]);
      // A service that exits (fatal error) is restarted by its supervisor.
      expect(service.restart).toBe('unless-stopped');
      const env = Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, String(v)]));
      expect(Object.keys(env).filter((k) => !k.startsWith('STRAND_') && !k.startsWith('OTEL_'))).toEqual([]);
      const config = loadConfig(Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith('STRAND_')))); // throws CONFIG_INVALID on an unknown or malformed variable
      expect(config.kafkaBrokers).toEqual(['kafka:9092']);
      expect(new URL(config.registryUrl).host).toBe('registry:8080');
      expect(new URL(config.registryUrl).pathname).toBe('/apis/ccompat/v7');
      expect(new URL(config.databaseUrl).hostname).toBe('postgres');
      expect(new URL(config.redisUrl).hostname).toBe('redis');
    });
  }

  it('migrates first, as a non-superuser admin, and runs the services as the schema\'s writer role (docs/security.md)', () => {
    const migrate = compose.services.migrate! as { environment: Record<string, string>; command: string[] };
    expect(migrate.command).toEqual(['node', 'cli/dist/main.js', 'migrate']);
    const config = loadConfig(Object.fromEntries(Object.entries(migrate.environment).filter(([k]) => k.startsWith('STRAND_'))));
    expect(new URL(config.databaseAdminUrl!).username).toBe('strand_admin');
    expect(new URL(config.databaseReaderUrl!).username).toBe('strand_reader');
    expect(readFileSync(testData('..', 'deploy', 'postgres-init.sql'), 'utf8')).toMatch(/CREATE ROLE strand_admin LOGIN CREATEROLE[^;]*;\s*ALTER DATABASE strand OWNER TO strand_admin;/);
    for (const name of pipelineServices) {
      const env = compose.services[name]!.environment!;
      expect(new URL(String(env.STRAND_DATABASE_URL)).username, name).toBe(`${config.dbSchema}_writer`);
      expect(env.STRAND_DATABASE_ADMIN_URL, name).toBeUndefined(); // services run no DDL
      expect((compose.services[name] as { depends_on?: Record<string, { condition: string }> }).depends_on?.migrate, name).toEqual({ condition: 'service_completed_successfully' });
    }
  });

  it('points the services at the address Kafka advertises', () => {
    expect(compose.services.kafka!.environment!.KAFKA_ADVERTISED_LISTENERS).toBe('PLAINTEXT://kafka:9092');
  });
});
