import { describe, it, expect } from 'vitest';
import type { Command } from 'commander';
import { buildProgram } from '../src/program.js';
import { isolatedConfig, runCli } from '../../test/helpers.js';

/** Every command path of the program (`[]` is `strand` itself), walked from commander's tree, so a new command is covered without editing this test. */
function commandPaths(cmd: Command, path: string[] = []): { path: string[]; options: string[] }[] {
  const options = cmd.options.map((o) => o.long).filter((l): l is string => l !== undefined);
  return [{ path, options }, ...cmd.commands.filter((c) => c.name() !== 'help').flatMap((c) => commandPaths(c, [...path, c.name()]))];
}

describe('strand: help and usage errors on every command', async () => {
  const config = isolatedConfig();
  const paths = commandPaths(await buildProgram());

  it('walks a tree that holds the commands the README names', () => {
    const names = paths.map((p) => p.path.join(' '));
    for (const name of ['stack status', 'status', 'ingest', 'fetch genbank', 'fetch pubchem', 'parse genbank', 'parse pubchem', 'lag', 'offsets show', 'offsets reset', 'replay', 'dlq list', 'dlq show', 'dlq redrive', 'config', 'completion']) {
      expect(names).toContain(name);
    }
  });

  it.each(paths.map((p) => [p.path.join(' ') || '(strand)', p] as const))('%s --help exits 0, names every option and shows examples', async (_name, { path, options }) => {
    const result = await runCli([...path, '--help'], config);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`Usage: strand${path.length ? ` ${path.join(' ')}` : ''}`);
    for (const option of options) expect(result.stdout).toContain(option);
    expect(result.stdout).toContain('Examples:');
  });

  it.each([
    [['no-such-command'], "unknown command 'no-such-command'"],
    [['lag', '--no-such-option'], "unknown option '--no-such-option'"],
    [['ingest', 'genbank'], "missing required argument 'file'"],
    [['ingest', 'chembl', 'x.gb'], "Allowed choices are genbank"],
    [['status', '--interval', 'soon'], '--interval must be a positive number'],
    [['status', '--sample-s', '0'], '--sample-s must be a positive number'],
    [['offsets', 'reset', '--stage'], "option '--stage <stage>' argument missing"],
    [['parse', 'genbank', 'x.gb', '--format', 'xml'], 'Allowed choices are ndjson'],
    [['completion', 'fish'], 'Allowed choices are bash'],
    [['fetch', 'genbank', '--file'], "option '--file <PATH>' argument missing"],
  ])('strand %j is a usage error: exit 2 and says what was wrong', async (args, message) => {
    const result = await runCli(args, config);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it('a command with subcommands and none given shows its help as an error (exit 2)', async () => {
    for (const command of [[], ['dlq'], ['offsets'], ['stack'], ['fetch']]) {
      const result = await runCli(command, config);
      expect(result.code, command.join(' ')).toBe(2);
      expect(result.stderr).toContain('Usage: strand');
    }
  });

  it('completion bash prints a script that knows every command', async () => {
    const result = await runCli(['completion', 'bash'], config);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('complete -F _strand strand');
    for (const { path } of paths.filter((p) => p.path.length === 1)) expect(result.stdout).toContain(path[0]!);
  });
});
