import { Option, type Command } from 'commander';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { openInput } from '@strand/input';
import { parseGenbankSettled } from '@strand/genbank';
import { genbankLimits, requireGenbank } from '@strand/sources';
import { StrandError, describeError, loadConfig } from '@strand/runtime';
import { writeOut, note } from '../output.js';
import { action, examples } from '../command-kit.js';
import { registerParsePubchem } from './parse-pubchem.js';

/** `strand parse genbank FILE`: the parser stage offline, one JSON record per line. A bad record is reported on stderr with its line; the rest still print; exit 1 if any failed. */
async function parseGenbankFile(file: string): Promise<number> {
  const path = resolve(file);
  if (!existsSync(path)) throw new StrandError('INPUT_UNREADABLE', `No such file: ${path}`);
  let failed = 0;
  let printed = 0;
  const config = loadConfig();
  const input = openInput(path, { name: path, limits: { maxInflateRatio: config.inputMaxInflateRatio } });
  for await (const outcome of parseGenbankSettled(requireGenbank(input, path), { source: path, limits: genbankLimits(config) })) {
    if (outcome.ok) {
      await writeOut(JSON.stringify(outcome.record) + '\n');
      printed++;
    } else {
      failed++;
      note(`strand: ${describeError(outcome.error).code}: ${describeError(outcome.error).message}`);
    }
  }
  note(`${printed} records parsed${failed ? `, ${failed} rejected` : ''} from ${path}`);
  return failed > 0 ? 1 : 0;
}

/** `strand parse genbank|pubchem FILE`: the parsers offline (no Kafka, no services). */
export function register(program: Command): void {
  const parse = program.command('parse').description('run a source\'s parser offline on a file: one JSON record per line on stdout');
  examples(parse, ['strand parse genbank test-data/genbank/iro.gb', 'strand parse pubchem compounds.sdf.gz --enrich always']);
  examples(parse.command('genbank').description('the GenBank parser offline (flat file, plain or gzip); exit 1 if any record was rejected')
    .argument('<file>', 'GenBank flat file, plain or gzip')
    .addOption(new Option('--format <format>', 'output format').choices(['ndjson']).default('ndjson')),
  ['strand parse genbank test-data/genbank/iro.gb | jq .accession', 'strand parse genbank gbbct1.seq.gz --format ndjson > records.ndjson'])
    .action(action(async (file: string) => parseGenbankFile(file)));
  registerParsePubchem(parse);
}
