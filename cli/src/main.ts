#!/usr/bin/env node
import { describeError } from '@strand/runtime';
import { buildProgram, usageExitCode } from './program.js';
import { UsageError } from './output.js';

// `strand parse ... | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => { if (err.code === 'EPIPE') process.exit(0); else throw err; });

try {
  const program = await buildProgram();
  await program.parseAsync(process.argv);
} catch (err) {
  const commander = usageExitCode(err);
  if (commander !== undefined) {
    // commander printed the message (or the help) already.
    process.exitCode = commander;
  } else {
    const { code, message } = describeError(err);
    // A source verb's own parseArgs refuses an unknown or ambiguous option with ERR_PARSE_ARGS_*: a usage error too.
    const usage = err instanceof UsageError || String((err as { code?: unknown }).code ?? '').startsWith('ERR_PARSE_ARGS');
    process.stderr.write(usage ? `strand: ${message}\n` : `strand: error [${code}]: ${message}\n`);
    process.exitCode = usage ? 2 : 1;
  }
}
// Clients left open by a failed command must not keep the process alive.
setTimeout(() => process.exit(), 500).unref();
