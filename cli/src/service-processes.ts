import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@strand/stack';
import { roles } from '@strand/pipeline';
import { note } from './output.js';

export interface ServiceProcess {
  name: string;
  child: ChildProcess;
  logFile: string;
  /** Times the supervisor restarted it after an unexpected exit. */
  restarts: number;
}

/**
 * Starts each service as its own process (as it would run in production), logging to the state
 * folder, and restarts one that exits unexpectedly (as docker-compose's restart policy does): a
 * service exits non-zero on a fatal error so that its supervisor sees it. After `maxRestarts` in a
 * row it is left down and `onGiveUp` is called.
 */
export function startServices(stateDir: string, env: NodeJS.ProcessEnv = process.env, opts: {
  maxRestarts?: number; onGiveUp?: (s: ServiceProcess, code: number | null) => void;
  /** Variables of one service only (e.g. its metrics port). */
  envOf?: (role: string) => Record<string, string>;
} = {}): { services: ServiceProcess[]; stop(): Promise<void> } {
  const logDir = join(stateDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  let stopping = false;
  const spawnOne = (s: ServiceProcess): void => {
    const out = createWriteStream(s.logFile, { flags: 'a' });
    const child = spawn(process.execPath, [join(repoRoot, 'services', s.name, 'dist', 'main.js')], { env: { ...env, ...opts.envOf?.(s.name) }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.pipe(out);
    child.stderr!.pipe(out);
    s.child = child;
    child.once('exit', (code, signal) => {
      if (stopping) return;
      if (s.restarts >= (opts.maxRestarts ?? 5)) { opts.onGiveUp?.(s, code); return; }
      s.restarts++;
      note(`  service ${s.name} exited (${signal ?? `code ${code}`}); restarting it (see ${s.logFile})`);
      setTimeout(() => { if (!stopping) spawnOne(s); }, 1000).unref();
    });
  };
  const services = roles.map((name) => {
    const s: ServiceProcess = { name, child: null as unknown as ChildProcess, logFile: join(logDir, `${name}.log`), restarts: 0 };
    spawnOne(s);
    return s;
  });
  return {
    services,
    stop: async () => {
      stopping = true;
      await Promise.all(services.map((s) => new Promise<void>((resolve) => {
        if (s.child.exitCode !== null || s.child.signalCode !== null) return resolve();
        s.child.once('exit', () => resolve());
        s.child.kill('SIGTERM');
        setTimeout(() => s.child.kill('SIGKILL'), 15_000).unref();
      })));
    },
  };
}
