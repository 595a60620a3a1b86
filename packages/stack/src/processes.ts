import { spawn } from 'node:child_process';
import { openSync, readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { StrandError, sleep } from '@strand/runtime';

/** Starts a long-running process detached from us, output appended to `logFile`, its pid written to `pidFile`. */
export function startDetached(command: string, args: string[], opts: { cwd: string; logFile: string; pidFile: string; env?: NodeJS.ProcessEnv }): number {
  const out = openSync(opts.logFile, 'a');
  const child = spawn(command, args, { cwd: opts.cwd, detached: true, stdio: ['ignore', out, out], env: opts.env ?? process.env });
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  child.unref();
  writeFileSync(opts.pidFile, String(child.pid));
  return child.pid;
}

/** Whether a process with this pid is alive (signal 0 checks without signalling; EPERM: alive, but another user's). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function readPid(pidFile: string): number | null {
  if (!existsSync(pidFile)) return null;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : null;
}

/** SIGTERM, then SIGKILL after `graceMs`; removes the pid file. Returns whether a process was stopped. */
export async function stopByPidFile(pidFile: string, graceMs = 20_000): Promise<boolean> {
  const pid = readPid(pidFile);
  rmSync(pidFile, { force: true });
  if (pid === null) return false;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(200);
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  return true;
}

/** Runs a command to completion; rejects with its last output lines when it fails. */
export function runToCompletion(command: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => { output += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { output += d.toString(); });
    child.on('error', (err) => reject(new Error(`${command} could not run: ${err.message}`)));
    child.on('close', (code) => {
      if (code === 0) resolve(output);
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${output.split('\n').slice(-15).join('\n')}`));
    });
  });
}

/**
 * Waits until a process started by `startDetached` answers (`answers()`), for up to `timeoutMs`.
 * Fails at once when its pid file names no live process, or when the time is up, with STACK_FAILED
 * naming `what` and `where` and the last lines of `logFile`.
 */
export async function waitUntilAnswering(opts: { what: string; where: string; answers: () => Promise<boolean>; pidFile: string; logFile: string; timeoutMs?: number; pollMs?: number }): Promise<void> {
  const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
  while (!(await opts.answers())) {
    const pid = readPid(opts.pidFile);
    if (Date.now() > deadline || pid === null || !isAlive(pid)) {
      const tail = existsSync(opts.logFile) ? readFileSync(opts.logFile, 'utf8').split('\n').slice(-10).join('\n') : '';
      throw new StrandError('STACK_FAILED', `${opts.what} did not become ready at ${opts.where}. Last log lines:\n${tail}`);
    }
    await sleep(opts.pollMs ?? 500);
  }
}
