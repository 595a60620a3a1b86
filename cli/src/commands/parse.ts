import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { openGenbankFile, splitGenbankRecords, parseGenbankRecord } from '@strand/genbank';
import { requireGenbank } from '@strand/fetcher';
import { StrandError, describeError } from '@strand/runtime';
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
  for await (const raw of splitGenbankRecords(requireGenbank(openGenbankFile(path), path))) {
    try {
      const record = parseGenbankRecord(raw.text, { firstLine: raw.firstLine, source: path });
      await writeOut(JSON.stringify(record) + '\n');
      printed++;
    } catch (err) {
      failed++;
      note(`strand: ${describeError(err).code}: ${describeError(err).message}`);
    }
  }
  note(`${printed} records parsed${failed ? `, ${failed} rejected` : ''} from ${path}`);
  return failed > 0 ? 1 : 0;
}
