import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { connect as netConnect, isIP } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import type { ISocketFactory, SASLOptions } from 'kafkajs';

/** SASL mechanisms Strand passes to kafkajs, as written in STRAND_KAFKA_SASL_MECHANISM (any case). */
export const kafkaSaslMechanisms = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
export type KafkaSaslMechanism = (typeof kafkaSaslMechanisms)[number];

/** How Strand's Kafka clients authenticate and encrypt (docs/security.md, item 6). */
export interface KafkaSecurity {
  /** TLS to the brokers (STRAND_KAFKA_SSL=true). */
  ssl: boolean;
  /** PEM files (absolute or relative to the working directory), or null: the system's CAs; no client certificate. */
  caFile: string | null;
  certFile: string | null;
  keyFile: string | null;
  /** SASL credentials, or null for none. The password never leaves the process (loadConfig registers it with redact). */
  sasl: { mechanism: KafkaSaslMechanism; username: string; password: string } | null;
}

/** The raw STRAND_KAFKA_SSL* / STRAND_KAFKA_SASL_* values, empty when unset. */
export interface KafkaSecurityVars {
  STRAND_KAFKA_SSL: string;
  STRAND_KAFKA_SSL_CA_FILE: string;
  STRAND_KAFKA_SSL_CERT_FILE: string;
  STRAND_KAFKA_SSL_KEY_FILE: string;
  STRAND_KAFKA_SASL_MECHANISM: string;
  STRAND_KAFKA_SASL_USERNAME: string;
  STRAND_KAFKA_SASL_PASSWORD: string;
}

/** Why `path` cannot be read as a file, or null. Never says anything of its content. */
function unreadable(path: string): string | null {
  try {
    if (!statSync(path).isFile()) return `${path} is not a file`;
    accessSync(path, constants.R_OK);
    return null;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? `${path} does not exist` : code === 'EACCES' ? `${path} is not readable by this process` : `${path} cannot be read (${code ?? 'error'})`;
  }
}

/**
 * The Kafka security settings, checked together: files exist and are readable, a certificate comes
 * with its key, TLS files only with STRAND_KAFKA_SSL=true (never a silent plain-text connection),
 * SASL username and password both or neither, and a mechanism with them. `problems` are
 * `VARIABLE: what is wrong` lines for CONFIG_INVALID; they never repeat the password.
 */
export function kafkaSecurityOf(vars: KafkaSecurityVars): { security: KafkaSecurity; problems: string[] } {
  const problems: string[] = [];
  const ssl = vars.STRAND_KAFKA_SSL === 'true';
  const file = (name: 'STRAND_KAFKA_SSL_CA_FILE' | 'STRAND_KAFKA_SSL_CERT_FILE' | 'STRAND_KAFKA_SSL_KEY_FILE'): string | null => {
    const path = vars[name];
    if (!path) return null;
    if (!ssl) problems.push(`${name}: is set but STRAND_KAFKA_SSL is not true; set STRAND_KAFKA_SSL=true to connect with TLS`);
    const problem = unreadable(path);
    if (problem) problems.push(`${name}: ${problem}`);
    return path;
  };
  const caFile = file('STRAND_KAFKA_SSL_CA_FILE');
  const certFile = file('STRAND_KAFKA_SSL_CERT_FILE');
  const keyFile = file('STRAND_KAFKA_SSL_KEY_FILE');
  if ((certFile === null) !== (keyFile === null)) {
    problems.push(certFile ? 'STRAND_KAFKA_SSL_KEY_FILE: is missing: a client certificate (STRAND_KAFKA_SSL_CERT_FILE) needs its private key' : 'STRAND_KAFKA_SSL_CERT_FILE: is missing: a private key (STRAND_KAFKA_SSL_KEY_FILE) needs its client certificate');
  }
  const mechanism = vars.STRAND_KAFKA_SASL_MECHANISM.toLowerCase();
  const { STRAND_KAFKA_SASL_USERNAME: username, STRAND_KAFKA_SASL_PASSWORD: password } = vars;
  let sasl: KafkaSecurity['sasl'] = null;
  if (username && !password) problems.push('STRAND_KAFKA_SASL_PASSWORD: is missing: STRAND_KAFKA_SASL_USERNAME is set, give both or neither');
  if (password && !username) problems.push('STRAND_KAFKA_SASL_USERNAME: is missing: STRAND_KAFKA_SASL_PASSWORD is set, give both or neither');
  if (mechanism && !(kafkaSaslMechanisms as readonly string[]).includes(mechanism)) {
    problems.push(`STRAND_KAFKA_SASL_MECHANISM: must be one of ${kafkaSaslMechanisms.join(', ')}, not ${JSON.stringify(vars.STRAND_KAFKA_SASL_MECHANISM)}`);
  } else if (mechanism && !username && !password) {
    problems.push('STRAND_KAFKA_SASL_MECHANISM: is set but STRAND_KAFKA_SASL_USERNAME and STRAND_KAFKA_SASL_PASSWORD are not');
  } else if (!mechanism && (username || password)) {
    problems.push(`STRAND_KAFKA_SASL_MECHANISM: is missing: SASL credentials are set, name the mechanism (${kafkaSaslMechanisms.join(', ')})`);
  } else if (mechanism && username && password) {
    sasl = { mechanism: mechanism as KafkaSaslMechanism, username, password };
  }
  return { security: { ssl, caFile, certFile, keyFile, sasl }, problems };
}

/** The `ssl` and `sasl` options of a kafkajs client for these settings (the PEM files are read here). */
export function kafkaClientSecurity(security: KafkaSecurity): { ssl?: ConnectionOptions | boolean; sasl?: SASLOptions } {
  const options: { ssl?: ConnectionOptions | boolean; sasl?: SASLOptions } = {};
  if (security.ssl) {
    const tls: ConnectionOptions = {};
    if (security.caFile) tls.ca = [readFileSync(security.caFile, 'utf8')];
    if (security.certFile) tls.cert = readFileSync(security.certFile, 'utf8');
    if (security.keyFile) tls.key = readFileSync(security.keyFile, 'utf8');
    options.ssl = Object.keys(tls).length > 0 ? tls : true;
  }
  if (security.sasl) options.sasl = { ...security.sasl } as SASLOptions;
  return options;
}

/** What the client connects with, for messages: `SASL_SSL (scram-sha-256 as alice)`, never the password. */
export function describeKafkaSecurity(security: KafkaSecurity): string {
  const protocol = `${security.sasl ? 'SASL_' : ''}${security.ssl ? 'SSL' : 'PLAINTEXT'}`;
  return security.sasl ? `${protocol} (${security.sasl.mechanism} as ${security.sasl.username})` : protocol;
}

/**
 * kafkajs' socket factory, plus a report of a failed TLS handshake (an untrusted or expired broker
 * certificate, a missing client certificate): kafkajs retries those as connection errors and logs
 * them at debug level, so without this the only sign would be "unreachable" after the connect timeout.
 */
export function reportingSocketFactory(report: (message: string, fields: Record<string, unknown>) => void): ISocketFactory {
  const reported = new Set<string>(); // once per broker and reason: kafkajs retries the connection several times a second
  return ({ host, port, ssl, onConnect }) => {
    if (!ssl) return netConnect({ host, port }, onConnect).setKeepAlive(true, 60_000);
    const socket = tlsConnect({ host, port, ...(isIP(host) ? {} : { servername: host }), ...ssl }, onConnect);
    socket.on('error', (err: NodeJS.ErrnoException) => {
      // Certificate verification (Node's codes: SELF_SIGNED_CERT_IN_CHAIN, CERT_HAS_EXPIRED, ERR_TLS_CERT_ALTNAME_INVALID, ...)
      // and TLS alerts (ERR_SSL_...: a client certificate required, a protocol refused); not refused or reset connections.
      if (!/CERT|SSL|TLS|SIGNATURE|ISSUER/.test(err.code ?? '') || reported.has(`${host}:${port} ${err.code}`)) return;
      reported.add(`${host}:${port} ${err.code}`);
      report(`TLS handshake with Kafka broker ${host}:${port} failed: ${err.message}${err.code ? ` (${err.code})` : ''}; check STRAND_KAFKA_SSL_CA_FILE (the CA that signed the broker's certificate) and, if the broker requires one, STRAND_KAFKA_SSL_CERT_FILE / _KEY_FILE`, { broker: `${host}:${port}`, code: err.code });
    });
    return socket.setKeepAlive(true, 60_000);
  };
}
