import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, expect } from 'vitest';
import { repoRoot } from '@strand/stack';
import { roles } from '@strand/pipeline';

const tracked = (pattern: string): string[] =>
  execFileSync('git', ['grep', '-n', '-F', pattern, '--', '*.ts', '*.mjs', '*.js', ':!**/test/**', ':!test/**'], { cwd: repoRoot, encoding: 'utf8' }).split('\n').filter(Boolean);

describe('the shape the architecture promises', () => {
  it('has one consumer loop: a single consumer.run( call outside tests (runtime/src/consume.ts, used by the stage runner)', () => {
    const calls = tracked('consumer.run(');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatch(/^packages\/runtime\/src\/consume\.ts:/);
  });

  it('keeps each service to its main.ts, running its role for the list of sources, importing only pipeline and sources', () => {
    for (const role of roles) {
      const dir = join(repoRoot, 'services', role, 'src');
      expect(readdirSync(dir)).toEqual(['main.ts']);
      const imports = [...readFileSync(join(dir, 'main.ts'), 'utf8').matchAll(/import\(['"]([^'"]+)['"]\)|from ['"]([^'"]+)['"]/g)].map((m) => m[1] ?? m[2]);
      expect(imports.sort()).toEqual(['@strand/pipeline', '@strand/sources']);
      expect(readFileSync(join(dir, 'main.ts'), 'utf8')).toContain(`runRoleService('${role}', loadSources`);
    }
  });

  it('never lets a package or the CLI depend on a service', () => {
    for (const dir of ['packages', 'cli']) {
      const grep = spawnSync('git', ['grep', '-l', '-E', "@strand/(fetcher|parser|enricher|sink)['\"]", '--', dir], { cwd: repoRoot, encoding: 'utf8' });
      expect(grep.status, `git grep failed: ${grep.stderr}`).toBe(1); // 1: no match
      expect(grep.stdout).toBe('');
    }
  });
});
