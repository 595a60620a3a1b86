import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StrandError, type StrandConfig } from '@strand/runtime';
import { startDetached, readPid, stopByPidFile, runToCompletion, waitUntilAnswering } from './processes.js';
import { isPortOpen, httpAnswers } from './ports.js';
import { LOCAL_METRICS_PORTS } from './local-metrics-ports.js';
import type { StackPaths } from './paths.js';

type Log = (line: string) => void;

/** The Prometheus and promtool binaries of the cache. */
export interface PrometheusBinaries { prometheus: string; promtool: string }

/**
 * Debian's prometheus package (Prometheus 2.42 and promtool), downloaded with `apt-get download`
 * and unpacked with `dpkg-deb -x` into the cache, once: nothing is installed on the machine.
 */
export async function resolvePrometheus(paths: StackPaths, log: Log = () => undefined): Promise<PrometheusBinaries> {
  const bin = join(paths.prometheusHome, 'usr', 'bin');
  const binaries = { prometheus: join(bin, 'prometheus'), promtool: join(bin, 'promtool') };
  if (existsSync(binaries.prometheus) && existsSync(binaries.promtool)) return binaries;
  log('resolving Prometheus from Debian\'s prometheus package (first run only) ...');
  mkdirSync(paths.prometheusHome, { recursive: true });
  // Downloaded and unpacked in a folder of its own, then moved into place at once: two processes
  // resolving it together (test files run in parallel) never see or make a half-unpacked copy.
  const work = mkdtempSync(join(paths.prometheusHome, '.download-'));
  try {
    try {
      await runToCompletion('apt-get', ['download', 'prometheus'], { cwd: work });
    } catch (first) {
      // A machine whose package lists were never fetched knows no prometheus package yet: fetch them once, then retry.
      log('apt-get download prometheus failed; updating the package lists (apt-get update) and trying again ...');
      try {
        await runToCompletion('apt-get', ['update', '-qq']);
        await runToCompletion('apt-get', ['download', 'prometheus'], { cwd: work });
      } catch (err) {
        throw new StrandError('STACK_FAILED', `apt-get download prometheus failed (Debian's package index must be reachable): ${(err as Error).message}; first attempt: ${(first as Error).message}`, { cause: err });
      }
    }
    const deb = readdirSync(work).find((f) => /^prometheus_.*\.deb$/.test(f));
    if (!deb) throw new StrandError('STACK_FAILED', `apt-get download prometheus left no .deb in ${work}`);
    await runToCompletion('dpkg-deb', ['-x', deb, 'root'], { cwd: work });
    if (!existsSync(join(work, 'root', 'usr', 'bin', 'prometheus'))) throw new StrandError('STACK_FAILED', `${deb} has no usr/bin/prometheus`);
    try {
      renameSync(join(work, 'root', 'usr'), join(paths.prometheusHome, 'usr'));
    } catch (err) {
      // Another process moved its copy into place first: use that one.
      if (!existsSync(binaries.prometheus)) throw err;
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return binaries;
}

/**
 * The local Prometheus configuration: every service of `strand demo` on its LOCAL_METRICS_PORTS
 * port, every 5 s, with Strand's alert rules (deploy/prometheus/alerts.yml).
 */
export function localPrometheusConfig(paths: StackPaths, opts: { targets?: Record<string, string[]>; scrapeIntervalS?: number } = {}): string {
  const targets = opts.targets ?? Object.fromEntries(Object.entries(LOCAL_METRICS_PORTS).map(([role, port]) => [role, [`127.0.0.1:${port}`]]));
  const interval = `${opts.scrapeIntervalS ?? 5}s`;
  const jobs = Object.entries(targets).map(([role, list]) => [
    `  - job_name: strand-${role}`,
    '    static_configs:',
    `      - targets: [${list.map((t) => `'${t}'`).join(', ')}]`,
    '        labels:',
    `          role: ${role}`,
  ].join('\n'));
  return [
    '# Written by `strand stack up --observability`: the services of `strand demo`, scraped on loopback.',
    'global:',
    `  scrape_interval: ${interval}`,
    `  evaluation_interval: ${interval}`,
    'rule_files:',
    `  - ${join(paths.deploy, 'prometheus', 'alerts.yml')}`,
    'scrape_configs:',
    ...jobs,
    '',
  ].join('\n');
}

/** Whether Prometheus answers its readiness check at `url`. */
export async function prometheusAnswers(url: string): Promise<boolean> {
  return httpAnswers(`${url}/-/ready`);
}

/**
 * Starts a Prometheus at `url` with `configText`, its data and log under `dir`, and waits until it
 * is ready. Used by `stack up --observability` and by tests that scrape their own services.
 */
export async function startPrometheus(paths: StackPaths, url: string, dir: string, configText: string, log: Log = () => undefined): Promise<{ pidFile: string }> {
  const { prometheus } = await resolvePrometheus(paths, log);
  const u = new URL(url);
  mkdirSync(join(dir, 'data'), { recursive: true });
  const configFile = join(dir, 'prometheus.yml');
  writeFileSync(configFile, configText);
  const pidFile = join(dir, 'prometheus.pid');
  const logFile = join(dir, 'prometheus.log');
  startDetached(prometheus, [
    `--config.file=${configFile}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=${u.hostname}:${u.port || 80}`,
    '--storage.tsdb.retention.time=2d', '--web.enable-lifecycle',
  ], { cwd: dir, logFile, pidFile });
  await waitUntilAnswering({ what: 'Prometheus', where: url, answers: () => prometheusAnswers(url), pidFile, logFile, timeoutMs: 60_000, pollMs: 300 });
  return { pidFile };
}

/** The local stack's Prometheus at STRAND_PROMETHEUS_URL, scraping the demo's services. */
export async function prometheusUp(config: StrandConfig, paths: StackPaths, log: Log): Promise<string> {
  if (await prometheusAnswers(config.prometheusUrl)) return `Prometheus already up at ${config.prometheusUrl}`;
  const u = new URL(config.prometheusUrl);
  if (readPid(join(paths.prometheusDir, 'prometheus.pid')) === null && await isPortOpen(u.hostname, Number(u.port || 80))) {
    throw new StrandError('STACK_FAILED', `Port ${u.host} is taken by something that is not Prometheus; set STRAND_PROMETHEUS_URL to a free address`);
  }
  log(`starting Prometheus at ${config.prometheusUrl} (logs: ${join(paths.prometheusDir, 'prometheus.log')})`);
  await startPrometheus(paths, config.prometheusUrl, paths.prometheusDir, localPrometheusConfig(paths), log);
  return `Prometheus up at ${config.prometheusUrl}`;
}

export async function prometheusDown(paths: StackPaths): Promise<boolean> {
  return stopByPidFile(join(paths.prometheusDir, 'prometheus.pid'));
}
