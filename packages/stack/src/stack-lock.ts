import { mkdirSync, openSync, closeSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { sleep } from '@strand/runtime';
import { isAlive } from './processes.js';


/**
 * Runs `work` holding an exclusive lock file (its content: the holder's pid). Two `stack up` at once
 * (two test runs, say) would otherwise each start a broker: the second one's controller finds its
 * port taken and the broker is left heart-beating into nothing. A lock left by a process that died
 * is taken over. Waits up to `timeoutMs` for a live holder.
 */
export async function withStackLock<T>(lockFile: string, work: () => Promise<T>, opts: { timeoutMs?: number; onWait?: (holder: number) => void } = {}): Promise<T> {
  mkdirSync(dirname(lockFile), { recursive: true });
  const deadline = Date.now() + (opts.timeoutMs ?? 600_000);
  let told = false;
  for (;;) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(readFileSync(lockFile, 'utf8').trim());
      if (!Number.isInteger(holder) || holder <= 0 || !isAlive(holder)) {
        rmSync(lockFile, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`${lockFile} is held by process ${holder} (another \`strand stack up\`?) for too long`);
      if (!told) { opts.onWait?.(holder); told = true; }
      await sleep(200);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lockFile, { force: true });
  }
}
