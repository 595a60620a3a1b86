import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createKafka, createLogger, StrandError, sleep, type StrandConfig } from '@strand/runtime';
import { startDetached, readPid, stopByPidFile, runToCompletion, waitUntilAnswering } from './processes.js';
import { isPortOpen, hostPort } from './ports.js';
import type { StackPaths } from './paths.js';

type Log = (line: string) => void;

/** Downloads the broker jars from Maven Central into the cache, once. */
async function resolveKafkaJars(paths: StackPaths, log: Log): Promise<void> {
  const marker = join(paths.kafkaLibs, '.resolved');
  if (existsSync(marker)) return;
  log('resolving Apache Kafka jars from Maven Central (first run only) ...');
  mkdirSync(paths.kafkaLibs, { recursive: true });
  await runToCompletion('mvn', ['-q', '-B', '-f', join(paths.deploy, 'kafka', 'pom.xml'), 'dependency:copy-dependencies', `-DoutputDirectory=${paths.kafkaLibs}`]);
  writeFileSync(marker, new Date().toISOString());
}

/** What a single-node broker needs beyond its listeners: internal topics with one replica, no topic auto-creation, no join delay. */
export const SINGLE_NODE_SETTINGS: readonly string[] = [
  'auto.create.topics.enable=false',
  'offsets.topic.replication.factor=1',
  'transaction.state.log.replication.factor=1',
  'transaction.state.log.min.isr=1',
  'share.coordinator.state.topic.replication.factor=1',
  'share.coordinator.state.topic.min.isr=1',
  'group.initial.rebalance.delay.ms=0',
];

function serverProperties(config: StrandConfig, dataDir: string): string {
  const { host, port } = hostPort(config.kafkaBrokers[0]!, 9092);
  const ctrl = config.kafkaControllerPort;
  return [
    '# Written by `strand stack up`: a single-node KRaft broker+controller on loopback.',
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@${host}:${ctrl}`,
    `listeners=PLAINTEXT://${host}:${port},CONTROLLER://${host}:${ctrl}`,
    `advertised.listeners=PLAINTEXT://${host}:${port}`,
    'controller.listener.names=CONTROLLER',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'inter.broker.listener.name=PLAINTEXT',
    `log.dirs=${dataDir}`,
    'num.partitions=3',
    ...SINGLE_NODE_SETTINGS,
    '',
  ].join('\n');
}

/** Whether a broker answers an admin call at the configured address. */
export async function kafkaAnswers(config: StrandConfig, timeoutMs = 5000): Promise<boolean> {
  const { host, port } = hostPort(config.kafkaBrokers[0]!, 9092);
  if (!(await isPortOpen(host, port))) return false;
  const admin = createKafka({ ...config, connectTimeoutMs: timeoutMs }, createLogger('error'), 'strand-stack').admin({ retry: { retries: 2 } });
  try {
    await Promise.race([(async () => { await admin.connect(); await admin.describeCluster(); })(), sleep(timeoutMs).then(() => { throw new Error('timeout'); })]);
    return true;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

export async function kafkaUp(config: StrandConfig, paths: StackPaths, log: Log): Promise<string> {
  const address = config.kafkaBrokers[0]!;
  if (await kafkaAnswers(config)) return `Kafka already up at ${address}`;
  const pidFile = join(paths.kafkaDir, 'kafka.pid');
  if (readPid(pidFile) === null) {
    const { host, port } = hostPort(address, 9092);
    if (await isPortOpen(host, port)) throw new StrandError('STACK_FAILED', `Port ${address} is taken by something that is not a Kafka broker; set STRAND_KAFKA_BROKERS to a free address`);
    await resolveKafkaJars(paths, log);
    const dataDir = join(paths.kafkaDir, 'data');
    mkdirSync(dataDir, { recursive: true });
    const propsFile = join(paths.kafkaDir, 'server.properties');
    writeFileSync(propsFile, serverProperties(config, dataDir));
    const classpath = `${paths.kafkaLibs}/*`;
    if (!existsSync(join(dataDir, 'meta.properties'))) {
      const clusterId = (await runToCompletion('java', ['-cp', classpath, 'kafka.tools.StorageTool', 'random-uuid'])).trim().split('\n').pop()!;
      await runToCompletion('java', ['-cp', classpath, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', propsFile]);
      log(`formatted Kafka storage (cluster ${clusterId})`);
    }
    const logFile = join(paths.kafkaDir, 'kafka.log');
    startDetached('java', [
      '-Xms256m', '-Xmx1g', '-XX:+UseG1GC', '-Djava.awt.headless=true',
      `-Dlog4j2.configurationFile=${join(paths.deploy, 'kafka', 'log4j2.yaml')}`, `-Dstrand.kafka.log=${logFile}`,
      '-cp', classpath, 'kafka.Kafka', propsFile,
    ], { cwd: paths.kafkaDir, logFile: join(paths.kafkaDir, 'kafka.out'), pidFile });
    log(`starting Kafka at ${address} (logs: ${logFile})`);
  }
  await waitUntilAnswering({ what: 'Kafka', where: address, answers: () => kafkaAnswers(config, 3000), pidFile, logFile: join(paths.kafkaDir, 'kafka.out') });
  return `Kafka up at ${address}`;
}

export async function kafkaDown(paths: StackPaths): Promise<boolean> {
  return stopByPidFile(join(paths.kafkaDir, 'kafka.pid'), 30_000);
}
