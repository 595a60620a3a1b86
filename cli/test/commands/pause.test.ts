import { describe, it, expect } from 'vitest';
import { isolatedConfig, runCli } from '../../../test/helpers.js';

/** `strand pause` / `strand resume`; their effect on running services is tested in test/pause-resume.test.ts. */
describe('strand pause / resume', () => {
  const config = isolatedConfig();

  it('answers --help with exit 0, naming --stage, and refuses bad usage with exit 2 saying what was wrong', async () => {
    for (const verb of ['pause', 'resume']) {
      const help = await runCli([verb, '--help'], config);
      expect(help.code, help.stderr).toBe(0);
      expect(help.stdout).toContain('--stage');
      expect(help.stdout).toContain(`strand ${verb} --stage genbank.sink`);
      const missing = await runCli([verb], config);
      expect([missing.code, missing.stderr]).toEqual([2, expect.stringContaining("required option '--stage <stage>'")]);
      const wrong = await runCli([verb, '--stage', 'genbank.nope'], config);
      expect([wrong.code, wrong.stderr]).toEqual([2, expect.stringContaining('--stage must be one of genbank.fetcher')]);
    }
  });
});
