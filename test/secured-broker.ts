import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdirSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { loadConfig, createKafka, createLogger, sleep } from '@strand/runtime';
import { stackPaths, repoRoot, SINGLE_NODE_SETTINGS } from '@strand/stack';

/** A port nothing listens on now (the OS picks it). */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

export interface SecuredBroker {
  /** host:port of each listener: SASL_SSL (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512), SSL requiring a client certificate, and PLAINTEXT (inter-broker, readiness). */
  saslSsl: string;
  ssl: string;
  plaintext: string;
  /** PEM files: the CA that signed the broker's and the client's certificates, the client's certificate and key. */
  caFile: string;
  clientCertFile: string;
  clientKeyFile: string;
  /** Credentials the broker knows: SCRAM (both hashes) and PLAIN. */
  user: string;
  password: string;
  stop(): Promise<void>;
}

/** A CA, a broker certificate for 127.0.0.1 and a client certificate, made with openssl (RSA keys in PKCS#8, as Kafka's PEM store reads them). */
function makeCertificates(dir: string): void {
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=strand-test-ca');
  for (const [name, cn, ext] of [['broker', '127.0.0.1', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth'], ['client', 'strand-client', 'extendedKeyUsage=clientAuth']] as const) {
    ssl('genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', `${name}.key`);
    ssl('req', '-new', '-key', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`);
    writeFileSync(join(dir, `${name}.ext`), `${ext}\n`);
    ssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', '2', '-extfile', `${name}.ext`);
  }
  // Kafka's PEM key store: the private key, then the certificate chain, in one file.
  writeFileSync(join(dir, 'broker-store.pem'), readFileSync(join(dir, 'broker.key'), 'utf8') + readFileSync(join(dir, 'broker.pem'), 'utf8'));
}

/**
 * Starts a second, separate single-node KRaft broker from the local stack's jars (packages/stack), in
 * `dir`, on ports of its own, with TLS and SASL listeners. `stop()` kills it (SIGTERM, then SIGKILL).
 */
export async function startSecuredBroker(dir: string): Promise<SecuredBroker> {
  mkdirSync(join(dir, 'data'), { recursive: true });
  makeCertificates(dir);
  const [plain, saslSsl, ssl, controller] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const user = 'alice';
  const password = `alice-${randomBytes(9).toString('hex')}`;
  const jaas = (module: string, extra = '') => `org.apache.kafka.common.security.${module} required${extra};`;
  const props = join(dir, 'server.properties');
  writeFileSync(props, [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controller}`,
    `listeners=PLAINTEXT://127.0.0.1:${plain},SASL_SSL://127.0.0.1:${saslSsl},SSL://127.0.0.1:${ssl},CONTROLLER://127.0.0.1:${controller}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${plain},SASL_SSL://127.0.0.1:${saslSsl},SSL://127.0.0.1:${ssl}`,
    'controller.listener.names=CONTROLLER',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL,SSL:SSL,CONTROLLER:PLAINTEXT',
    'inter.broker.listener.name=PLAINTEXT',
    'sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512',
    `listener.name.sasl_ssl.plain.sasl.jaas.config=${jaas('plain.PlainLoginModule', ` user_${user}="${password}"`)}`,
    `listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config=${jaas('scram.ScramLoginModule')}`,
    `listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=${jaas('scram.ScramLoginModule')}`,
    'ssl.keystore.type=PEM',
    `ssl.keystore.location=${join(dir, 'broker-store.pem')}`,
    'ssl.truststore.type=PEM',
    `ssl.truststore.location=${join(dir, 'ca.pem')}`,
    'listener.name.ssl.ssl.client.auth=required',
    `log.dirs=${join(dir, 'data')}`,
    'num.partitions=1',
    ...SINGLE_NODE_SETTINGS,
    '',
  ].join('\n'));
  const classpath = `${stackPaths(loadConfig()).kafkaLibs}/*`;
  const clusterId = randomBytes(16).toString('base64url');
  // The SCRAM credentials are written into the cluster metadata at format time (KRaft: no ZooKeeper to hold them).
  execFileSync('java', ['-Xmx256m', '-cp', classpath, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', props,
    '--add-scram', `SCRAM-SHA-256=[name=${user},password=${password}]`, '--add-scram', `SCRAM-SHA-512=[name=${user},password=${password}]`], { stdio: ['ignore', 'ignore', 'pipe'] });
  const out: string[] = [];
  const child: ChildProcess = spawn('java', [
    '-Xms128m', '-Xmx512m', '-XX:+UseSerialGC', '-Djava.awt.headless=true',
    `-Dlog4j2.configurationFile=${join(repoRoot, 'deploy', 'kafka', 'log4j2.yaml')}`, `-Dstrand.kafka.log=${join(dir, 'kafka.log')}`,
    '-cp', classpath, 'kafka.Kafka', props,
  ], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d: Buffer) => { out.push(d.toString()); });
  child.stderr?.on('data', (d: Buffer) => { out.push(d.toString()); });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  };
  // Ready when its PLAINTEXT listener answers a metadata call (a bound of 90 s for a broker that never comes up).
  const config = loadConfig({ ...process.env, STRAND_KAFKA_BROKERS: `127.0.0.1:${plain}` });
  for (let tries = 0; ; tries++) {
    if (child.exitCode !== null) throw new Error(`the test broker exited with ${child.exitCode}: ${out.join('').slice(-2000)}`);
    const admin = createKafka(config, createLogger('error'), 'secured-broker-probe').admin({ retry: { retries: 0 } });
    try {
      await admin.connect();
      await admin.describeCluster();
      break;
    } catch {
      if (tries >= 180) {
        await stop();
        const log = existsSync(join(dir, 'kafka.log')) ? readFileSync(join(dir, 'kafka.log'), 'utf8').slice(-3000) : '';
        throw new Error(`the test broker did not come up: ${out.join('').slice(-1000)}\n${log}`);
      }
      await sleep(500);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
  return {
    saslSsl: `127.0.0.1:${saslSsl}`, ssl: `127.0.0.1:${ssl}`, plaintext: `127.0.0.1:${plain}`,
    caFile: join(dir, 'ca.pem'), clientCertFile: join(dir, 'client.pem'), clientKeyFile: join(dir, 'client.key'),
    user, password, stop,
  };
}
