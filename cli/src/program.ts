import { Command, CommanderError } from 'commander';
import { register as stack } from './commands/stack.js';
import { register as config } from './commands/config.js';
import { register as migrate } from './commands/migrate.js';
import { register as parse } from './commands/parse.js';
import { register as ingest } from './commands/ingest.js';
import { register as demo } from './commands/demo.js';
import { register as fetch } from './commands/fetch.js';
import { register as lag } from './commands/lag.js';
import { register as status } from './commands/status.js';
import { register as offsets } from './commands/offsets.js';
import { register as replay } from './commands/replay.js';
import { register as dlq } from './commands/dlq.js';
import { register as pause } from './commands/pause.js';
import { register as topics } from './commands/topics.js';
import { register as completion } from './commands/completion.js';
import { register as trace } from './commands/trace.js';

const about = `
Examples:
  $ strand demo                                   stack up, four services, the bundled sample end to end
  $ strand status --watch                         one screen: stages, instances, lag, rates, dead letters
  $ strand fetch genbank --file gbbct1.seq.gz --wait
  $ strand dlq list --stage genbank.parser
  $ strand help offsets reset                     the help of any command (or: strand offsets reset --help)

Settings come from STRAND_* environment variables (\`strand config\` lists them).
Exit codes: 0 success, 1 failure (including records dead-lettered under --wait), 2 usage error.
`;

/**
 * The `strand` program. Each command lives in its own file under commands/ and adds itself with
 * its `register(program)`; a new command is one file and one line below.
 */
export async function buildProgram(): Promise<Command> {
  const program = new Command('strand')
    .description('stream GenBank and PubChem records through Kafka into PostgreSQL')
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .addHelpText('after', about);
  stack(program);
  migrate(program);
  demo(program);
  status(program);
  ingest(program);
  await fetch(program);
  parse(program);
  lag(program);
  offsets(program);
  replay(program);
  dlq(program);
  trace(program);
  pause(program);
  topics(program);
  config(program);
  completion(program);
  return program;
}

/** The exit code of commander's own outcome (help shown: 0; a usage error, or help shown for a missing subcommand: 2); undefined for other errors. */
export function usageExitCode(err: unknown): number | undefined {
  if (!(err instanceof CommanderError)) return undefined;
  if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return err.exitCode === 0 ? 0 : 2;
  return 2;
}
