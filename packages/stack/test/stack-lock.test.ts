import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { withStackLock } from '../src/stack-lock.js';

const lockIn = () => join(mkdtempSync(join(tmpdir(), 'strand-lock-')), 'stack.lock');
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('withStackLock', () => {
  it('runs two start-ups one after the other, never together, and removes the lock', async () => {
    const lock = lockIn();
    const events: string[] = [];
    const work = (name: string) => async () => { events.push(`${name} start`); await pause(300); events.push(`${name} end`); };
    await Promise.all([withStackLock(lock, work('a')), pause(50).then(() => withStackLock(lock, work('b')))]);
    expect(events).toEqual(['a start', 'a end', 'b start', 'b end']);
    expect(existsSync(lock)).toBe(false);
  });

  it('takes over a lock left by a process that died, and releases it when the work fails', async () => {
    const lock = lockIn();
    const child = spawn(process.execPath, ['-e', '0']);
    const deadPid = child.pid!;
    await new Promise((r) => child.once('exit', r));
    writeFileSync(lock, String(deadPid));
    expect(await withStackLock(lock, async () => 'ran')).toBe('ran');
    await expect(withStackLock(lock, async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(existsSync(lock)).toBe(false);
  });

  it('gives up on a live holder after the timeout, naming it', async () => {
    const lock = lockIn();
    writeFileSync(lock, String(process.ppid));
    await expect(withStackLock(lock, async () => 'never', { timeoutMs: 300 })).rejects.toThrow(`held by process ${process.ppid}`);
  });
});
