import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { StrandError, type StrandConfig } from '@strand/runtime';
import { startDetached, readPid, stopByPidFile, runToCompletion, waitUntilAnswering } from './processes.js';
import { isPortOpen, httpAnswers } from './ports.js';
import type { StackPaths } from './paths.js';

type Log = (line: string) => void;

/** Downloads Zipkin's executable jar from Maven Central into the cache, once. */
async function resolveZipkin(paths: StackPaths, log: Log): Promise<string> {
  const find = () => (existsSync(paths.zipkinHome) ? readdirSync(paths.zipkinHome).find((f) => /^zipkin-server-.*-exec\.jar$/.test(f)) : undefined);
  let jar = find();
  if (!jar) {
    log('resolving the Zipkin server from Maven Central (first run only, 131 MB) ...');
    mkdirSync(paths.zipkinHome, { recursive: true });
    // Copied into a folder of its own, then moved into place at once (no half-written jar is ever found).
    const work = mkdtempSync(join(paths.zipkinHome, '.download-'));
    try {
      await runToCompletion('mvn', ['-q', '-B', '-f', join(paths.deploy, 'zipkin', 'pom.xml'), 'dependency:copy', `-DoutputDirectory=${work}`]);
      const copied = readdirSync(work).find((f) => /^zipkin-server-.*-exec\.jar$/.test(f));
      if (!copied) throw new StrandError('STACK_FAILED', `No zipkin-server-*-exec.jar in ${work} after mvn dependency:copy`);
      renameSync(join(work, copied), join(paths.zipkinHome, copied));
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
    jar = find();
    if (!jar) throw new StrandError('STACK_FAILED', `No zipkin-server-*-exec.jar in ${paths.zipkinHome} after mvn dependency:copy`);
  }
  return join(paths.zipkinHome, jar);
}

/** Whether Zipkin answers its health check at STRAND_ZIPKIN_URL. */
export async function zipkinAnswers(config: StrandConfig): Promise<boolean> {
  return httpAnswers(`${config.zipkinUrl}/health`);
}

/** Where services send their spans (OTEL_EXPORTER_ZIPKIN_ENDPOINT). */
export function zipkinSpansEndpoint(config: StrandConfig): string {
  return `${config.zipkinUrl}/api/v2/spans`;
}

/**
 * Starts Zipkin's server (in-memory storage, at most 500,000 spans) from its Maven Central jar, or
 * finds it running. Its UI and API: STRAND_ZIPKIN_URL (/zipkin/, /api/v2/traces).
 */
export async function zipkinUp(config: StrandConfig, paths: StackPaths, log: Log): Promise<string> {
  const url = new URL(config.zipkinUrl);
  if (await zipkinAnswers(config)) return `Zipkin already up at ${config.zipkinUrl}`;
  const pidFile = join(paths.zipkinDir, 'zipkin.pid');
  const logFile = join(paths.zipkinDir, 'zipkin.log');
  if (readPid(pidFile) === null) {
    if (await isPortOpen(url.hostname, Number(url.port || 80))) throw new StrandError('STACK_FAILED', `Port ${url.host} is taken by something that is not Zipkin; set STRAND_ZIPKIN_URL to a free address`);
    const jar = await resolveZipkin(paths, log);
    mkdirSync(paths.zipkinDir, { recursive: true });
    // Listens on the URL's host only (loopback by default), like the rest of the local stack.
    const port = url.port || '80';
    startDetached('java', [
      '-Xms64m', '-Xmx384m', '-XX:TieredStopAtLevel=1',
      `-Darmeria.ports[0].ip=${url.hostname}`, `-Darmeria.ports[0].port=${port}`, '-Darmeria.ports[0].protocols[0]=http',
      '-jar', jar,
    ], { cwd: paths.zipkinDir, logFile, pidFile, env: { ...process.env, QUERY_PORT: port, STORAGE_TYPE: 'mem', MEM_MAX_SPANS: '500000' } });
    log(`starting Zipkin at ${config.zipkinUrl} (logs: ${logFile})`);
  }
  await waitUntilAnswering({ what: 'Zipkin', where: config.zipkinUrl, answers: () => zipkinAnswers(config), pidFile, logFile });
  return `Zipkin up at ${config.zipkinUrl}`;
}

export async function zipkinDown(paths: StackPaths): Promise<boolean> {
  return stopByPidFile(join(paths.zipkinDir, 'zipkin.pid'));
}
