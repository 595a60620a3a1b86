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

describe('config errors name the variable and the problem', () => {
  const problem = (env: Record<string, string>): string => {
    try {
      loadConfig(env);
    } catch (err) {
      expect((err as StrandError).code).toBe('CONFIG_INVALID');
      return (err as Error).message;
    }
    return expect.unreachable();
  };

  it('an empty broker list, or a broker that is not host:port', () => {
    for (const empty of [',', ' ', ' , ,']) expect(problem({ STRAND_KAFKA_BROKERS: empty })).toContain('STRAND_KAFKA_BROKERS: is empty: give at least one broker as host:port');
    expect(problem({ STRAND_KAFKA_BROKERS: 'kafka1:9092,kafka2' })).toContain('STRAND_KAFKA_BROKERS: must be a comma-separated list of host:port (port 1-65535); not host:port: "kafka2"');
    expect(problem({ STRAND_KAFKA_BROKERS: 'PLAINTEXT://kafka:9092' })).toContain('not host:port: "PLAINTEXT://kafka:9092"');
    expect(problem({ STRAND_KAFKA_BROKERS: 'kafka:99999, kafka:0' })).toContain('not host:port: "kafka:99999", "kafka:0"');
    expect(loadConfig({ STRAND_KAFKA_BROKERS: 'a:1,[::1]:9092 , 10.0.0.1:19092' }).kafkaBrokers).toEqual(['a:1', '[::1]:9092', '10.0.0.1:19092']);
  });

  it('malformed URLs, without repeating the value (it may hold a password)', () => {
    expect(problem({ STRAND_REGISTRY_URL: 'http//registry:8081' })).toContain('STRAND_REGISTRY_URL: is not a valid URL (malformed; expected an http:// or https:// URL)');
    expect(problem({ STRAND_PUBCHEM_URL: 'https://pubchem:bad-port/rest' })).toContain('STRAND_PUBCHEM_URL: is not a valid URL');
    const message = problem({ STRAND_DATABASE_URL: 'postgres://u:s3cretpass@db:5432x/strand' });
    expect(message).toContain('STRAND_DATABASE_URL: is not a valid URL (malformed; expected a postgres:// URL)');
    expect(message).not.toContain('s3cretpass');
    expect(problem({ STRAND_REDIS_URL: 'redis://[::1/' })).toContain('STRAND_REDIS_URL: is not a valid URL (malformed; expected a redis:// or rediss:// URL)');
    expect(problem({ STRAND_DATABASE_URL: 'mysql://x' })).toContain('STRAND_DATABASE_URL: must be a postgres:// URL, not a mysql: URL');
    // A socket URL without a host is a valid PostgreSQL URL.
    expect(loadConfig({ STRAND_DATABASE_URL: 'postgresql:///strand?host=/var/run/postgresql' }).databaseUrl).toBe('postgresql:///strand?host=/var/run/postgresql');
  });

  it('a URL that is not http(s) where http is meant', () => {
    for (const name of ['STRAND_REGISTRY_URL', 'STRAND_NCBI_EUTILS_URL', 'STRAND_NCBI_FTP_URL', 'STRAND_PUBCHEM_URL']) {
      expect(problem({ [name]: 'ftp://ftp.ncbi.nlm.nih.gov/genbank' })).toContain(`${name}: must be an http:// or https:// URL, not a ftp: URL`);
      expect(problem({ [name]: 'file:///etc/passwd' })).toContain(`${name}: must be an http:// or https:// URL, not a file: URL`);
    }
    expect(problem({ STRAND_NCBI_FTP_URL: 'javascript:alert(1)' })).toContain('STRAND_NCBI_FTP_URL: must be an http:// or https:// URL, not a javascript: URL');
  });

  it('out-of-range timeouts, with no silent overflow of Node timers to 1 ms', () => {
    expect(problem({ STRAND_CONNECT_TIMEOUT_MS: '2147483648' })).toContain('STRAND_CONNECT_TIMEOUT_MS: must be at most 2147483647 ms (about 24.8 days): Node timers overflow above it and fire after 1 ms');
    expect(problem({ STRAND_CONNECT_TIMEOUT_MS: '1e12' })).toContain('STRAND_CONNECT_TIMEOUT_MS: must be at most 2147483647 ms');
    expect(problem({ STRAND_CONNECT_TIMEOUT_MS: '0' })).toContain('STRAND_CONNECT_TIMEOUT_MS: must be at least 1 ms');
    expect(problem({ STRAND_CONNECT_TIMEOUT_MS: '-5' })).toContain('STRAND_CONNECT_TIMEOUT_MS: must be at least 1 ms');
    expect(problem({ STRAND_CONNECT_TIMEOUT_MS: '1.5' })).toContain('STRAND_CONNECT_TIMEOUT_MS: must be a whole number of milliseconds');
    expect(problem({ STRAND_CONNECT_TIMEOUT_MS: '20s' })).toContain('STRAND_CONNECT_TIMEOUT_MS: must be a number of milliseconds');
    expect(problem({ STRAND_SESSION_TIMEOUT_MS: '3000000' })).toContain('STRAND_SESSION_TIMEOUT_MS: must be at most 300000 ms');
    expect(loadConfig({ STRAND_CONNECT_TIMEOUT_MS: '2147483647' }).connectTimeoutMs).toBe(2_147_483_647);
  });

  it('a reserved SQL word or a system schema name as STRAND_DB_SCHEMA', () => {
    expect(problem({ STRAND_DB_SCHEMA: 'select' })).toContain('STRAND_DB_SCHEMA: "select" is a reserved SQL key word; choose another schema name (e.g. strand_select)');
    expect(problem({ STRAND_DB_SCHEMA: 'user' })).toContain('STRAND_DB_SCHEMA: "user" is a reserved SQL key word');
    expect(problem({ STRAND_DB_SCHEMA: 'pg_catalog' })).toContain('STRAND_DB_SCHEMA: "pg_catalog" is reserved for PostgreSQL\'s system schemas');
    expect(problem({ STRAND_DB_SCHEMA: 'Strand' })).toContain('STRAND_DB_SCHEMA: must be a lower-case SQL identifier');
    expect(problem({ STRAND_DB_SCHEMA: 'strand; drop table x' })).toContain('STRAND_DB_SCHEMA: must be a lower-case SQL identifier');
    expect(problem({ STRAND_DB_SCHEMA: 'x'.repeat(64) })).toContain('STRAND_DB_SCHEMA: must be at most 63 characters');
    expect(loadConfig({ STRAND_DB_SCHEMA: 'users' }).dbSchema).toBe('users');
  });

  it('names every bad variable at once', () => {
    const message = problem({ STRAND_KAFKA_BROKERS: ',', STRAND_DB_SCHEMA: 'select', STRAND_CONNECT_TIMEOUT_MS: '9999999999' });
    expect(message).toMatch(/STRAND_KAFKA_BROKERS: .*; STRAND_DB_SCHEMA: .*; STRAND_CONNECT_TIMEOUT_MS: /);
  });
});
