import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, expect } from 'vitest';
import { describeError, describeKafkaSecurity, kafkaClientSecurity, loadConfig } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'strand-kafka-security-'));
const pem = (name: string) => { const path = join(dir, name); writeFileSync(path, `-----BEGIN CERTIFICATE-----\n${name}\n-----END CERTIFICATE-----\n`); return path; };
const ca = pem('ca.pem');
const cert = pem('client.pem');
const key = pem('client.key');

/** The CONFIG_INVALID message of loadConfig(vars), or null when it accepts them. */
const problem = (vars: Record<string, string>): string | null => {
  try {
    loadConfig(vars);
    return null;
  } catch (err) {
    expect(describeError(err)).toMatchObject({ code: 'CONFIG_INVALID', fatal: true });
    return (err as Error).message;
  }
};

describe('Kafka TLS and SASL settings, validated at start-up', () => {
  it('default: plain text, no SASL', () => {
    const { kafkaSecurity } = loadConfig({});
    expect(kafkaSecurity).toEqual({ ssl: false, caFile: null, certFile: null, keyFile: null, sasl: null });
    expect(kafkaClientSecurity(kafkaSecurity)).toEqual({});
    expect(describeKafkaSecurity(kafkaSecurity)).toBe('PLAINTEXT');
  });

  it('TLS with CA, client certificate and key, and SCRAM: the files are read into the kafkajs options', () => {
    const config = loadConfig({
      STRAND_KAFKA_SSL: 'true', STRAND_KAFKA_SSL_CA_FILE: ca, STRAND_KAFKA_SSL_CERT_FILE: cert, STRAND_KAFKA_SSL_KEY_FILE: key,
      STRAND_KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512', STRAND_KAFKA_SASL_USERNAME: 'alice', STRAND_KAFKA_SASL_PASSWORD: 'the password of alice',
    });
    const options = kafkaClientSecurity(config.kafkaSecurity);
    expect(options.ssl).toEqual({ ca: [expect.stringContaining('ca.pem')], cert: expect.stringContaining('client.pem'), key: expect.stringContaining('client.key') });
    expect(options.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'alice', password: 'the password of alice' });
    expect(describeKafkaSecurity(config.kafkaSecurity)).toBe('SASL_SSL (scram-sha-512 as alice)');
    expect(kafkaClientSecurity(loadConfig({ STRAND_KAFKA_SSL: 'true' }).kafkaSecurity)).toEqual({ ssl: true });
  });

  it('each mistake is named by its variable, all at once, never repeating the password', () => {
    const secret = 'sekrit-password-value';
    const message = problem({
      STRAND_KAFKA_SSL: 'true', STRAND_KAFKA_SSL_CA_FILE: join(dir, 'missing.pem'), STRAND_KAFKA_SSL_CERT_FILE: cert,
      STRAND_KAFKA_SASL_MECHANISM: 'gssapi', STRAND_KAFKA_SASL_PASSWORD: secret,
    })!;
    expect(message).toContain(`STRAND_KAFKA_SSL_CA_FILE: ${join(dir, 'missing.pem')} does not exist`);
    expect(message).toContain('STRAND_KAFKA_SSL_KEY_FILE: is missing: a client certificate (STRAND_KAFKA_SSL_CERT_FILE) needs its private key');
    expect(message).toContain('STRAND_KAFKA_SASL_USERNAME: is missing: STRAND_KAFKA_SASL_PASSWORD is set, give both or neither');
    expect(message).toContain('STRAND_KAFKA_SASL_MECHANISM: must be one of plain, scram-sha-256, scram-sha-512, not "gssapi"');
    expect(message).not.toContain(secret);
  });

  it('refuses TLS files without STRAND_KAFKA_SSL=true (never a silent plain-text connection), and other half-settings', () => {
    expect(problem({ STRAND_KAFKA_SSL_CA_FILE: ca })).toContain('STRAND_KAFKA_SSL_CA_FILE: is set but STRAND_KAFKA_SSL is not true');
    expect(problem({ STRAND_KAFKA_SSL: 'yes' })).toContain('STRAND_KAFKA_SSL: must be true or false');
    expect(problem({ STRAND_KAFKA_SSL: 'true', STRAND_KAFKA_SSL_CA_FILE: dir })).toContain(`STRAND_KAFKA_SSL_CA_FILE: ${dir} is not a file`);
    expect(problem({ STRAND_KAFKA_SASL_USERNAME: 'alice', STRAND_KAFKA_SASL_PASSWORD: 'pw-of-alice' })).toContain('STRAND_KAFKA_SASL_MECHANISM: is missing');
    expect(problem({ STRAND_KAFKA_SASL_MECHANISM: 'plain' })).toContain('STRAND_KAFKA_SASL_MECHANISM: is set but STRAND_KAFKA_SASL_USERNAME and STRAND_KAFKA_SASL_PASSWORD are not');
    expect(problem({ STRAND_KAFKA_SASL_MECHANISM: 'plain', STRAND_KAFKA_SASL_USERNAME: 'alice' })).toContain('STRAND_KAFKA_SASL_PASSWORD: is missing');
  });

  it.skipIf(process.getuid?.() === 0)('an unreadable key file is named', () => {
    const locked = pem('locked.key');
    chmodSync(locked, 0o000);
    expect(problem({ STRAND_KAFKA_SSL: 'true', STRAND_KAFKA_SSL_CERT_FILE: cert, STRAND_KAFKA_SSL_KEY_FILE: locked })).toContain(`STRAND_KAFKA_SSL_KEY_FILE: ${locked} is not readable by this process`);
  });
});
