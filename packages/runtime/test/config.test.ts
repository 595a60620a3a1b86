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

describe('fetch allow-list and metrics address variables', () => {
  it('default to no fetch roots, no extra hosts, no private hosts, metrics on 127.0.0.1', () => {
    const c = loadConfig({});
    expect(c.fetchFileRoots).toEqual([]);
    expect(c.fetchUrlHosts).toEqual([]);
    expect(c.fetchAllowPrivateHosts).toEqual([]);
    expect(c.metricsHost).toBe('127.0.0.1');
  });

  it('reads and normalizes them', () => {
    const c = loadConfig({
      STRAND_FETCH_FILE_ROOTS: '/data/genbank, /srv/inbox',
      STRAND_FETCH_URL_HOSTS: 'Mirror.Example.org, files.example.org:8443,[::1]:9000,127.1:80',
      STRAND_FETCH_ALLOW_PRIVATE_HOSTS: '127.0.0.1,::1,Standin.Local',
      STRAND_METRICS_HOST: '::',
    });
    expect(c.fetchFileRoots).toEqual(['/data/genbank', '/srv/inbox']);
    expect(c.fetchUrlHosts).toEqual(['mirror.example.org', 'files.example.org:8443', '[::1]:9000', '127.0.0.1:80']);
    expect(c.fetchAllowPrivateHosts).toEqual(['127.0.0.1', '[::1]', 'standin.local']);
    expect(c.metricsHost).toBe('::');
  });

  it('rejects malformed entries, naming the variable', () => {
    const problem = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (err) {
        expect((err as StrandError).code).toBe('CONFIG_INVALID');
        return (err as Error).message;
      }
      return expect.unreachable();
    };
    expect(problem({ STRAND_FETCH_FILE_ROOTS: 'relative/dir' })).toMatch(/STRAND_FETCH_FILE_ROOTS: must be a comma-separated list of absolute paths/);
    expect(problem({ STRAND_FETCH_URL_HOSTS: 'https://mirror.example.org/genbank' })).toMatch(/STRAND_FETCH_URL_HOSTS: must be a comma-separated list of host/);
    expect(problem({ STRAND_FETCH_URL_HOSTS: 'user:pw@host' })).toMatch(/STRAND_FETCH_URL_HOSTS/);
    expect(problem({ STRAND_FETCH_ALLOW_PRIVATE_HOSTS: '127.0.0.1:8080' })).toMatch(/STRAND_FETCH_ALLOW_PRIVATE_HOSTS: must be a comma-separated list of host names or IP addresses \(no port\)/);
    expect(problem({ STRAND_METRICS_HOST: '0.0.0.0:9464' })).toMatch(/STRAND_METRICS_HOST: must be a host name or an IP address \(no port\)/);
  });
});
