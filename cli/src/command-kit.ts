import { Option, type Command } from 'commander';
import { positiveOption } from '@strand/pipeline';

/** A command's action whose result is the process' exit code (0 done, 1 failed). */
export function action<A extends unknown[]>(run: (...args: A) => Promise<number>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    process.exitCode = await run(...args);
  };
}

/** Parser of a numeric option: a positive number (integer if asked) up to `max`, else a usage error naming the option. */
export const positive = (flag: string, opts: { integer?: boolean; max?: number } = {}) => (value: string): number => positiveOption(flag, value, opts);

/** The `--json` option of every command that prints a table. */
export const jsonOption = (): Option => new Option('--json', 'print JSON instead of the table');

/** `--timeout-s SECONDS` of the commands that wait. */
export const timeoutOption = (defaultSeconds: number): Option =>
  new Option('--timeout-s <seconds>', 'give up waiting after this many seconds').argParser(positive('--timeout-s', { max: 30 * 24 * 3600 })).default(defaultSeconds);

/** Adds example command lines (and optional notes before them) to a command's `--help`. */
export function examples(cmd: Command, lines: string[], notes?: string): Command {
  return cmd.addHelpText('after', `${notes ? `\n${notes.trimEnd()}\n` : ''}\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`);
}
