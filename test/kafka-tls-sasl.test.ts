import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { loadConfig, createKafka, createLogger, connectAdmin, connectProducer, ensureTopics, describeError, type StrandConfig } from '@strand/runtime';
import { isolatedConfig, runCli } from './helpers.js';
import { startSecuredBroker, type SecuredBroker } from './secured-broker.js';

/**
 * Issue 11, item 6 (docs/security.md, "Kafka TLS and SASL"): Strand's own Kafka client
 * (createKafka, configured by STRAND_KAFKA_SSL* and STRAND_KAFKA_SASL_*) against a REAL second broker
 * with a SASL_SSL listener (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512) and an SSL listener that requires a
 * client certificate, started from the local stack's jars in a temporary folder and stopped after.
 */
describe('Kafka over TLS with SASL, against a real broker', () => {
  const dir = mkdtempSync(join(tmpdir(), 'strand-kafka-tls-'));
  let broker: SecuredBroker;
  const logger = createLogger('error', {}, () => undefined);

  beforeAll(async () => { broker = await startSecuredBroker(dir); }, 120_000);
  afterAll(async () => {
    await broker?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A config for the secured broker: `vars` on top of the process' environment, validated by loadConfig as at start-up. */
  const configFor = (vars: Record<string, string>): StrandConfig => loadConfig({ ...process.env, STRAND_CONNECT_TIMEOUT_MS: '15000', ...vars });
  const saslSsl = (mechanism: string, password = broker.password): Record<string, string> => ({
    STRAND_KAFKA_BROKERS: broker.saslSsl, STRAND_KAFKA_SSL: 'true', STRAND_KAFKA_SSL_CA_FILE: broker.caFile,
    STRAND_KAFKA_SASL_MECHANISM: mechanism, STRAND_KAFKA_SASL_USERNAME: broker.user, STRAND_KAFKA_SASL_PASSWORD: password,
  });

  it('SASL_SSL with SCRAM-SHA-256: creates a topic and produces to it (acks=all)', async () => {
    const config = configFor(saslSsl('scram-sha-256'));
    const kafka = createKafka(config, logger, 'strand-test');
    const admin = await connectAdmin(kafka, config);
    const topic = `tls-${randomBytes(4).toString('hex')}`;
    try {
      await ensureTopics(admin, [{ topic, numPartitions: 1 }]);
      const producer = await connectProducer(kafka, config);
      try {
        await producer.send({ topic, acks: -1, messages: [{ key: 'k', value: 'over TLS and SCRAM' }] });
      } finally {
        await producer.disconnect();
      }
      const [offsets] = await admin.fetchTopicOffsets(topic);
      expect(offsets!.high).toBe('1');
    } finally {
      await admin.disconnect();
    }
  });

  it('SASL_SSL with SCRAM-SHA-512 and with PLAIN (mechanism names in any case)', async () => {
    for (const mechanism of ['scram-sha-512', 'PLAIN']) {
      const config = configFor(saslSsl(mechanism));
      const admin = await connectAdmin(createKafka(config, logger, 'strand-test'), config);
      expect((await admin.describeCluster()).brokers).toHaveLength(1);
      await admin.disconnect();
    }
  });

  it('a wrong password is AUTH_FAILED, fatal, naming the user and mechanism but never the password', async () => {
    const wrong = `wrong-${randomBytes(9).toString('hex')}`;
    const config = configFor(saslSsl('scram-sha-256', wrong));
    const err = await connectAdmin(createKafka(config, logger, 'strand-test'), config).catch((e: unknown) => e);
    expect(describeError(err)).toMatchObject({ code: 'AUTH_FAILED', retriable: false, fatal: true });
    const { message } = describeError(err);
    expect(message).toContain(`Kafka broker ${broker.saslSsl} refused our credentials`);
    expect(message).toContain('SASL_SSL (scram-sha-256 as alice)');
    expect(message).not.toContain(wrong);
    expect(message).not.toContain(broker.password);
    // Through the CLI (a real process reading the variables): exit 1, the code, no password anywhere.
    const cli = await runCli(['lag'], isolatedConfig(), { env: saslSsl('scram-sha-256', wrong), killAfterMs: 60_000 });
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain('error [AUTH_FAILED]');
    expect(`${cli.stdout}${cli.stderr}`).not.toContain(wrong);
  });

  it('SSL with a client certificate, on a listener that requires one; refused without it', async () => {
    const tls = { STRAND_KAFKA_BROKERS: broker.ssl, STRAND_KAFKA_SSL: 'true', STRAND_KAFKA_SSL_CA_FILE: broker.caFile };
    const config = configFor({ ...tls, STRAND_KAFKA_SSL_CERT_FILE: broker.clientCertFile, STRAND_KAFKA_SSL_KEY_FILE: broker.clientKeyFile });
    const admin = await connectAdmin(createKafka(config, logger, 'strand-test'), config);
    expect((await admin.describeCluster()).brokers).toHaveLength(1);
    await admin.disconnect();
    const without = configFor({ ...tls, STRAND_CONNECT_TIMEOUT_MS: '5000' });
    const lines: string[] = [];
    const err = await connectAdmin(createKafka(without, createLogger('error', {}, (l) => lines.push(l)), 'strand-test'), without).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    // kafkajs retries a failed handshake as a connection error; the log says what TLS refused.
    expect(lines.join('\n')).toMatch(new RegExp(`TLS handshake with Kafka broker ${broker.ssl} failed: .*(certificate|alert).*STRAND_KAFKA_SSL_CERT_FILE`, 'i'));
  });

  it('TLS verifies the broker: without the CA file (the system CAs do not know the test CA) the connection is refused', async () => {
    const config = configFor({ ...saslSsl('scram-sha-256'), STRAND_KAFKA_SSL_CA_FILE: '', STRAND_CONNECT_TIMEOUT_MS: '5000' });
    const lines: string[] = [];
    const err = await connectAdmin(createKafka(config, createLogger('error', {}, (l) => lines.push(l)), 'strand-test'), config).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(lines.join('\n')).toMatch(new RegExp(`TLS handshake with Kafka broker ${broker.saslSsl} failed: unable to verify the first certificate \\(UNABLE_TO_VERIFY_LEAF_SIGNATURE\\); check STRAND_KAFKA_SSL_CA_FILE`));
    expect(lines).toHaveLength(1); // once, however often kafkajs retries
    expect(lines.join('\n')).not.toContain(broker.password);
  });
});
