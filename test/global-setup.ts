import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';


/**
 * Before the suite: build the workspace (tests that run the `strand` CLI use its compiled form),
 * then bring the real local stack (Kafka, Apicurio, PostgreSQL, Redis) up once, resolving the
 * Maven jars on first use. STRAND_SKIP_STACK=1 skips both, for pure unit tests.
 */
export default async function setup(): Promise<(() => Promise<void>) | void> {
  if (process.env.STRAND_SKIP_STACK === '1') return;
  const root = fileURLToPath(new URL('..', import.meta.url));
  execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-b'], { cwd: root, stdio: 'inherit' });
  const { stackUp, isAlive } = await import('@strand/stack');
  const lines = await stackUp({ log: (line: string) => process.stdout.write(`[stack] ${line}\n`) });
  for (const line of lines) process.stdout.write(`[stack] ${line}\n`);
  // After the suite: remove what the tests made in Kafka and the registry (their Postgres schemas are dropped by each test),
  // unless another test run is still going on this machine: the cleanup takes every test topic, its running tests' too.
  const runs = join(root, '.state', 'test-runs');
  mkdirSync(runs, { recursive: true });
  writeFileSync(join(runs, String(process.pid)), '');
  return async () => {
    rmSync(join(runs, String(process.pid)), { force: true });
    const others = readdirSync(runs).map(Number).filter((pid) => pid !== process.pid && isAlive(pid));
    if (others.length > 0) {
      process.stdout.write(`[cleanup] skipped: another test run is active (process ${others.join(', ')}); the last one to finish cleans up\n`);
      return;
    }
    const { removeTestArtifacts } = await import('./stack-cleanup.js');
    await removeTestArtifacts((line) => process.stdout.write(`[cleanup] ${line}\n`)).catch((err: Error) => process.stdout.write(`[cleanup] failed: ${err.message}\n`));
  };
}
