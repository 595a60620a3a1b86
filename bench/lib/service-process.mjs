// The pipeline services as child processes of the benchmark (services/<role>/dist/main.js, as in
// production), watched for CPU and memory, and stopped with SIGTERM (SIGKILL after a grace period).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { cpuSeconds } from './proc-stats.mjs';

/** Every service process this run started and has not seen exit: the finally block stops them. */
export const running = new Set();
/** Set by stopAll(): no service starts after the cleanup has begun. */
let closing = false;
// Should this process exit without its cleanup (a crash), its services do not outlive it.
process.on('exit', () => {
  for (const s of running) s.child.kill('SIGKILL');
});

/** Starts `services/<role>/dist/main.js` with `env` added to ours, and registers it with `watch` under `role`. */
export function startService(root, role, env, watch) {
  if (closing) throw new Error(`not starting ${role}: the benchmark is cleaning up`);
  const child = spawn(process.execPath, [join(root, 'services', role, 'dist', 'main.js')], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  const service = { role, child, pid: child.pid, startedAt: performance.now(), exitCode: undefined };
  service.exited = new Promise((resolve) => child.once('exit', (code, signal) => {
    service.exitCode = code ?? signal;
    running.delete(service);
    resolve(service.exitCode);
  }));
  running.add(service);
  watch?.add(role, child.pid);
  return service;
}

/** Rejects as soon as any of `services` exits (they are meant to run until stopped). */
export function failOnExit(services) {
  return Promise.race(services.map((s) => s.exited.then((code) => {
    throw new Error(`service ${s.role} (pid ${s.pid}) exited early with ${code}`);
  })));
}

/** `work`, unless a service exits first. */
export async function whileRunning(services, work) {
  const guard = failOnExit(services);
  guard.catch(() => undefined);
  return Promise.race([work, guard]);
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code or signal. */
export async function stopService(service, graceMs = 30_000) {
  if (service.exitCode !== undefined) return service.exitCode;
  service.child.kill('SIGTERM');
  const timer = setTimeout(() => service.child.kill('SIGKILL'), graceMs);
  const code = await service.exited;
  clearTimeout(timer);
  return code;
}

/** Stops every service still running (for the finally block). */
export async function stopAll() {
  closing = true;
  await Promise.all([...running].map((s) => stopService(s, 10_000)));
}

/**
 * Polls until every group is Stable with at least one member. The broker has
 * group.initial.rebalance.delay.ms=0, so a consumer starts fetching right after its group turns
 * Stable: polling every `pollMs` puts the clock start at most about that late.
 */
export async function waitStable(admin, groupIds, { pollMs = 20, timeoutMs = 120_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { groups } = await admin.describeGroups(groupIds);
    if (groups.every((g) => g.state === 'Stable' && g.members.length > 0)) return;
    if (Date.now() > deadline) throw new Error(`consumer groups not stable after ${timeoutMs} ms: ${groups.map((g) => `${g.groupId}=${g.state}/${g.members.length}`).join(', ')}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/**
 * Waits until each service has been quiet for `windowMs` (at most `busyFraction` of one core), i.e.
 * done starting up: loading modules, connecting, and creating every stage (the PubChem enricher loads
 * RDKit after the GenBank stage's group is already stable). Returns the seconds waited.
 */
export async function waitQuiet(services, { windowMs = 500, busyFraction = 0.1, timeoutMs = 60_000 } = {}) {
  const t0 = performance.now();
  for (;;) {
    const before = services.map((s) => cpuSeconds(s.pid) ?? 0);
    await new Promise((r) => setTimeout(r, windowMs));
    const busy = services.map((s, i) => ((cpuSeconds(s.pid) ?? 0) - before[i]) / (windowMs / 1000));
    if (busy.every((b) => b <= busyFraction)) return (performance.now() - t0) / 1000;
    if (performance.now() - t0 > timeoutMs) throw new Error(`services still busy after ${timeoutMs} ms: ${services.map((s, i) => `${s.role} ${(busy[i] * 100).toFixed(0)}%`).join(', ')}`);
  }
}
