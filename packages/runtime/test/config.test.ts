import { describe, it, expect } from 'vitest';
import { loadConfig, describeConfig, StrandError } from '@strand/runtime';

describe('loadConfig', () => {
  it('gives documented defaults for every address', () => {
    const c = loadConfig({});
    expect(c.kafkaBrokers).toEqual(['127.0.0.1:9092']);
    expect(c.registryUrl).toBe('http://127.0.0.1:8081/apis/ccompat/v7');
    expect(c.databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/strand');
    expect(c.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(describeConfig().every((f) => f.description.length > 0)).toBe(true);
  });

  it('reads and coerces variables', () => {
    const c = loadConfig({ STRAND_KAFKA_BROKERS: 'a:1, b:2', STRAND_STAGE_CHUNK_SIZE: '42' });
    expect(c.kafkaBrokers).toEqual(['a:1', 'b:2']);
    expect(c.stageChunkSize).toBe(42);
  });

  it('rejects an unknown STRAND_ variable, naming it', () => {
    expect(() => loadConfig({ STRAND_KAFKA_BROKER: 'x:1' })).toThrow(/unknown variable\(s\) STRAND_KAFKA_BROKER/);
  });

  it('rejects malformed values with the variable name and a CONFIG_INVALID code', () => {
    try {
      loadConfig({ STRAND_DATABASE_URL: 'mysql://x', STRAND_STAGE_CHUNK_SIZE: '-3' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(StrandError);
      expect((err as StrandError).code).toBe('CONFIG_INVALID');
      expect((err as Error).message).toContain('STRAND_DATABASE_URL');
      expect((err as Error).message).toContain('STRAND_STAGE_CHUNK_SIZE');
    }
  });

  it('ignores variables outside the STRAND_ namespace', () => {
    expect(() => loadConfig({ PATH: '/bin', HOME: '/root' })).not.toThrow();
  });
});
