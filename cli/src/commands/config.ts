import type { Command } from 'commander';
import { describeConfig, redact } from '@strand/runtime';
import { writeOut } from '../output.js';
import { action, examples, jsonOption } from '../command-kit.js';

/** `strand config`: every environment variable Strand reads, with its default and description. */
export function register(program: Command): void {
  examples(program.command('config').description('every STRAND_* environment variable, with its default and what it does').addOption(jsonOption()),
    ['strand config', 'strand config --json | jq -r \'.[].name\''])
    .action(action(async (opts: { json?: boolean }) => {
      // A default that is a URL may name a password (the local stack's): printed redacted, as everything else.
      const fields = describeConfig().map((f) => ({ ...f, default: typeof f.default === 'string' ? redact(f.default) : f.default }));
      if (opts.json) {
        await writeOut(`${JSON.stringify(fields.map((f) => ({ name: f.name, default: f.default ?? null, description: f.description })))}\n`);
        return 0;
      }
      for (const field of fields) await writeOut(`${field.name}=${String(field.default)}\n    ${field.description}\n`);
      return 0;
    }));
}
