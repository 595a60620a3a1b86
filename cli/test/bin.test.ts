import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, expect } from 'vitest';
import { repoRoot } from '@strand/stack';

describe('the strand bin', () => {
  it('is a committed, executable file, so npm links it at install time, before dist/ is built', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'cli', 'package.json'), 'utf8')) as { bin: Record<string, string> };
    const target = join('cli', pkg.bin.strand!);
    expect(target).not.toContain('dist');
    expect(execFileSync('git', ['ls-files', '--error-unmatch', target], { cwd: repoRoot, encoding: 'utf8' }).trim()).toBe(target);
    expect(statSync(join(repoRoot, target)).mode & 0o111).not.toBe(0);
    const help = spawnSync(process.execPath, [join(repoRoot, target), '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('strand demo');
  });
});
