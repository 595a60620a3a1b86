import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { openInput } from '@strand/input';
import { parseGenbankSettled } from '@strand/genbank';
import { genbankLimits, requireGenbank } from '@strand/sources';
import { StrandError, describeError, loadConfig } from '@strand/runtime';
import { writeOut, note, UsageError } from '../output.js';

/** `strand parse genbank FILE --format ndjson`: the parser stage offline, one JSON record per line. A bad record is reported on stderr with its line; the rest still print. */
export async function parseCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { format: { type: 'string', default: 'ndjson' } } });
  const [kind, file] = positionals;
  if (kind !== 'genbank' || !file) throw new UsageError('usage: strand parse genbank FILE [--format ndjson]');
  if (values.format !== 'ndjson') throw new UsageError(`unknown --format ${values.format}; supported: ndjson`);
  const path = resolve(file);
  if (!existsSync(path)) throw new StrandError('INPUT_UNREADABLE', `No such file: ${path}`);
  let failed = 0;
  let printed = 0;
  for await (const outcome of parseGenbankSettled(requireGenbank(openInput(path), path), { source: path, limits: genbankLimits(loadConfig()) })) {
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
