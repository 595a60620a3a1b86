import { parseArgs } from 'node:util';
import { createReadStream, existsSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createGunzip, gunzipSync } from 'node:zlib';
import { splitSdfRecords } from '@strand/pubchem';
import { loadRdkit } from '@strand/chem';
import { pubchemParseStage, createPubchemEnrichStage } from '@strand/sources';
import { StrandError, createLogger, describeError, loadConfig, type StageContext } from '@strand/runtime';
import type { PubchemEnrichedValue, PubchemRawValue } from '@strand/pipeline';
import { writeOut, note, UsageError } from '../output.js';

const usage = 'usage: strand parse pubchem FILE [--format ndjson] [--enrich fallback|always]';

/**
 * `strand parse pubchem FILE`: the PubChem parser and enricher stages offline (no Kafka), one
 * normalized compound per line: `properties` (the value kept per field), `provenance` (field ->
 * "pubchem" | "rdkit") and, whenever RDKit ran, `rdkit`. PUG REST JSON (full records or property
 * tables) or SDF, plain or gzip, told apart by content. A bad record is reported on stderr with the
 * file, record and line; the others still print; the exit code is 1 if any failed.
 */
export async function parsePubchemCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { format: { type: 'string', default: 'ndjson' }, enrich: { type: 'string' } } });
  const [, file] = positionals;
  if (!file) throw new UsageError(usage);
  if (values.format !== 'ndjson') throw new UsageError(`unknown --format ${values.format}; supported: ndjson`);
  const mode = values.enrich ?? loadConfig().enrichMode;
  if (mode !== 'fallback' && mode !== 'always') throw new UsageError(`unknown --enrich ${mode}; supported: fallback, always\n${usage}`);
  const path = resolve(file);
  if (!existsSync(path)) throw new StrandError('INPUT_UNREADABLE', `No such file: ${path}`);

  const enrichStage = createPubchemEnrichStage(await loadRdkit(), { mode });
  const ctx: StageContext = { topic: 'offline', partition: 0, offset: '0', key: null, logger: createLogger('warn', { command: 'parse pubchem' }) };
  let printed = 0;
  let failed = 0;
  for await (const raw of rawValues(path)) {
    const where = `${path}: record ${raw.recordIndex}${raw.format === 'sdf' ? ` (line ${raw.firstLine})` : ''}`;
    try {
      for (const parsed of await pubchemParseStage.process(raw, ctx)) {
        for (const enriched of await enrichStage.process(parsed, ctx)) {
          await writeOut(`${JSON.stringify(printable(enriched))}\n`);
          printed++;
        }
      }
    } catch (err) {
      failed++;
      const { code, message } = describeError(err);
      note(`strand: ${where}: ${code}: ${message}`);
    }
  }
  note(`${printed} compounds parsed${failed ? `, ${failed} rejected` : ''} from ${path} (enrich: ${mode})`);
  return failed > 0 ? 1 : 0;
}

/** The record as printed: `rdkit` only when RDKit ran; disagreement values as their own JSON types. */
function printable(c: PubchemEnrichedValue): Record<string, unknown> {
  const { rdkit, disagreements, ...rest } = c;
  return {
    ...rest,
    ...(rdkit ? { rdkit } : {}),
    disagreements: disagreements.map((d) => ({ field: d.field, pubchem: JSON.parse(d.pubchem) as unknown, rdkit: JSON.parse(d.rdkit) as unknown })),
  };
}

/**
 * The file as raw values like the fetcher publishes: a JSON document whole, an SD file one record
 * per value (streamed), so one bad SD record fails alone.
 */
async function* rawValues(path: string): AsyncGenerator<PubchemRawValue> {
  const base = { requestId: '', batch: 0, uri: path, fromCache: false, fetchedAt: Date.now() };
  const head = await readHead(path);
  const gzipped = head[0] === 0x1f && head[1] === 0x8b;
  const text = gzipped ? null : head.toString('utf8');
  if (gzipped ? looksLikeJson(await gunzippedHead(path)) : looksLikeJson(text!)) {
    const bytes = await readFile(path);
    const json = (gzipped ? gunzipSync(bytes) : bytes).toString('utf8');
    yield { ...base, format: /"PropertyTable"/.test(json.slice(0, 200)) ? 'property-table' : 'json', cids: [], text: json, firstLine: 1, recordIndex: 0 };
    return;
  }
  const stream = gzipped ? createReadStream(path).pipe(createGunzip()) : createReadStream(path);
  for await (const part of splitSdfRecords(stream, { source: path })) {
    yield { ...base, format: 'sdf', cids: [], text: `${part.text}\n$$$$\n`, firstLine: part.firstLine, recordIndex: part.recordIndex };
  }
}

async function readHead(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function gunzippedHead(path: string): Promise<string> {
  const stream = createReadStream(path).pipe(createGunzip());
  let text = '';
  try {
    for await (const chunk of stream) {
      text += (chunk as Buffer).toString('utf8');
      if (text.length >= 4096) break;
    }
  } finally {
    stream.destroy();
  }
  return text;
}

/** JSON starts with `{` or `[`; an SD title line may too, but then a V2000/V3000 counts line follows. */
function looksLikeJson(head: string): boolean {
  const first = /\S/.exec(head.replace(/^\uFEFF/, ''))?.[0];
  return (first === '{' || first === '[') && !/V[23]000/.test(head);
}
