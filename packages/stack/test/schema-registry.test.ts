import { describe, expect, it } from 'vitest';
import { loadConfig } from '@strand/runtime';
import { apicurioLaunch } from '../src/schema-registry.js';

describe('apicurioLaunch', () => {
  it('passes the registry database password in the environment, never on the command line (ps shows arguments to every local user)', () => {
    const config = loadConfig({ STRAND_DATABASE_URL: 'postgres://strand:Sup3r%2Fsecret@db.local:5433/pipeline', STRAND_REGISTRY_URL: 'http://127.0.0.1:8099/apis/ccompat/v7' });
    const { args, env } = apicurioLaunch(config, '/opt/apicurio/runner.jar', { PATH: '/usr/bin' });
    expect(args.join(' ')).not.toContain('Sup3r');
    expect(args.some((a) => a.includes('datasource.password'))).toBe(false);
    expect(env).toEqual({ PATH: '/usr/bin', APICURIO_DATASOURCE_PASSWORD: 'Sup3r/secret' });
    expect(args).toEqual(expect.arrayContaining([
      '-Dquarkus.http.host=127.0.0.1', '-Dquarkus.http.port=8099',
      '-Dapicurio.datasource.url=jdbc:postgresql://db.local:5433/pipeline_registry', '-Dapicurio.datasource.username=strand',
      '-jar', '/opt/apicurio/runner.jar',
    ]));
  });
});
