import { describe, it, expect } from 'vitest';
import { isolatedConfig, runCli, testData } from '../../../test/helpers.js';

describe('strand refuses malformed numeric options and says what is missing', () => {
  const config = isolatedConfig();

  for (const args of [
    ['fetch', 'genbank', '--file', testData('genbank', 'iro.gb'), '--wait', '--timeout-s', 'abc'],
    ['fetch', 'pubchem', '--cids', '2244', '--timeout-s', '0'],
    ['ingest', 'genbank', testData('genbank', 'iro.gb'), '--timeout-s', '1e12'],
    ['dlq', 'list', '--limit', 'abc'],
    ['dlq', 'list', '--limit', '2.5'],
  ]) {
    it(`${args.slice(0, 2).join(' ')} ${args.slice(-2).join(' ')}: usage error naming the option, exit 2`, async () => {
      const result = await runCli(args, config);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toContain(args.at(-2)!);
      expect(result.stderr).toContain(`got "${args.at(-1)}"`);
    });
  }

  it('strand lag on a prefix with no topics says so, exit 1, instead of a protocol error', async () => {
    const result = await runCli(['lag'], config);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`no pipeline topics under the prefix "${config.topicPrefix}"`);
  });

  it('a negative value is the option\'s value (as kafka-consumer-groups reads it), refused by its check, exit 2', async () => {
    const result = await runCli(['fetch', 'pubchem', '--cids', '2244', '--timeout-s', '-5'], config);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--timeout-s must be a positive number up to 2592000, got "-5"');
  });

  it('an unknown option is a usage error too (exit 2), not an unexpected one', async () => {
    const result = await runCli(['fetch', 'pubchem', '--cids', '2244', '--cid', '5'], config);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown option '--cid'");
  });
});
