#!/usr/bin/env node
import { describeError } from '@strand/runtime';
import { stackCommand } from './commands/stack.js';
import { configCommand } from './commands/config.js';
import { parseCommand } from './commands/parse.js';
import { ingestCommand } from './commands/ingest.js';
import { demoCommand } from './commands/demo.js';
import { fetchCommand } from './commands/fetch.js';
import { parsePubchemCommand } from './commands/parse-pubchem.js';
import { lagCommand } from './commands/lag.js';
import { replayCommand } from './commands/replay.js';
import { dlqCommand } from './commands/dlq.js';
import { offsetsCommand } from './commands/offsets.js';
import { UsageError } from './output.js';

const usage = `strand: stream GenBank and PubChem records through Kafka into PostgreSQL

  strand demo                                  stack up, run the four services, ingest the bundled sample
  strand stack up|down|status                  the local Kafka, schema registry, PostgreSQL and Redis
  strand ingest genbank FILE|FILE.gz|URL [--wait]
  strand fetch genbank (--url URL | --file PATH | --ids ACC,... | --query TERM) [--wait]
                                               queue resumable fetch work for the fetcher service
                                               (files under STRAND_FETCH_FILE_ROOTS, URLs to allowed hosts: docs/security.md)
  strand fetch pubchem (--cids 1,2,3 | --cid-range 1-500 | --names a,b | --smiles S) [--formats property-table,json,sdf] [--wait]
                                               queue PubChem fetch work (batched, within PubChem's limits)
  strand parse genbank FILE [--format ndjson]  the parser offline: one JSON record per line
  strand parse pubchem FILE [--format ndjson] [--enrich fallback|always]
                                               parser + RDKit enricher offline (PUG REST JSON or SDF, gzip ok)
  strand lag                                   committed offset, end and lag per stage and partition
  strand offsets show [--stage S] [--json]     committed offset, log start, end and lag per stage and partition
  strand offsets reset --stage S MODE [--execute]
                                               move a stage's offsets (to-earliest, to-latest, to-datetime, by-duration,
                                               to-offset, shift-by); a dry run unless --execute; \`strand offsets --help\`
  strand replay --stage S --from-time ISO      shorthand for offsets reset --to-datetime ISO --execute; S is <source>.<role>
  strand dlq list|show|redrive                 dead letters (filters: --stage, --code, --since, --until); show one with its
                                               original record; redrive them to their topic (a dry run unless --execute)
  strand config                                every environment variable, with its default
`;

const commands: Record<string, (args: string[]) => Promise<number>> = {
  stack: stackCommand,
  config: configCommand,
  parse: (args) => (args[0] === 'pubchem' ? parsePubchemCommand(args) : parseCommand(args)),
  ingest: ingestCommand,
  demo: demoCommand,
  fetch: fetchCommand,
  lag: lagCommand,
  replay: replayCommand,
  dlq: dlqCommand,
  offsets: offsetsCommand,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(usage);
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) throw new UsageError(`unknown command "${name}"\n\n${usage}`);
  return command(args);
}

// `strand parse ... | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => { if (err.code === 'EPIPE') process.exit(0); else throw err; });

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  const { code, message } = describeError(err);
  // node:util parseArgs refuses an unknown or ambiguous option with ERR_PARSE_ARGS_*: a usage error too.
  const usage = err instanceof UsageError || String((err as { code?: unknown }).code ?? '').startsWith('ERR_PARSE_ARGS');
  process.stderr.write(usage ? `strand: ${message}\n` : `strand: error [${code}]: ${message}\n`);
  process.exitCode = usage ? 2 : 1;
}
// Clients left open by a failed command must not keep the process alive.
setTimeout(() => process.exit(), 500).unref();
