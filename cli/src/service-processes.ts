import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@strand/stack';

export const serviceNames = ['fetcher', 'parser', 'enricher', 'sink'] as const;

export interface ServiceProcess {
  name: string;
  child: ChildProcess;
  logFile: string;
}

/** Starts each service as its own process (as it would run in production), logging to the state folder. */
export function startServices(stateDir: string, env: NodeJS.ProcessEnv = process.env): ServiceProcess[] {
  const logDir = join(stateDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  return serviceNames.map((name) => {
    const logFile = join(logDir, `${name}.log`);
    const out = createWriteStream(logFile, { flags: 'a' });
    const child = spawn(process.execPath, [join(repoRoot, 'services', name, 'dist', 'main.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.pipe(out);
    child.stderr!.pipe(out);
    return { name, child, logFile };
  });
}

export async function stopServices(services: ServiceProcess[]): Promise<void> {
  await Promise.all(services.map((s) => new Promise<void>((resolve) => {
    if (s.child.exitCode !== null) return resolve();
    s.child.once('exit', () => resolve());
    s.child.kill('SIGTERM');
    setTimeout(() => s.child.kill('SIGKILL'), 15_000).unref();
  })));
}
