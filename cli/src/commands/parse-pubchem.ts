import { Option, type Command } from 'commander';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { openPubchemFile, splitSdfRecords, type PubchemParseError, type SdfRecordText } from '@strand/pubchem';
import { loadRdkit } from '@strand/chem';
import { pubchemParseStage, createPubchemEnrichStage } from '@strand/sources';
import { StrandError, createLogger, describeError, loadConfig, type StageContext, type StrandConfig } from '@strand/runtime';
import type { PubchemEnrichedValue, PubchemRawValue } from '@strand/pipeline';
import { writeOut, note } from '../output.js';
import { action, examples } from '../command-kit.js';

/**
 * `strand parse pubchem FILE`: the PubChem parser and enricher stages offline (no Kafka), one
 * normalized compound per line: `properties` (the value kept per field), `provenance` (field ->
 * "pubchem" | "rdkit") and, whenever RDKit ran, `rdkit`. PUG REST JSON (full records or property
 * tables) or SDF, plain or gzip, told apart by content. A bad record is reported on stderr with the
 * file, record and line; the others still print; the exit code is 1 if any failed.
 */
async function parsePubchemFile(file: string, opts: { enrich?: 'fallback' | 'always' }): Promise<number> {
  const config = loadConfig();
  const mode = opts.enrich ?? config.enrichMode;
  const path = resolve(file);
  if (!existsSync(path)) throw new StrandError('INPUT_UNREADABLE', `No such file: ${path}`);

  const enrichStage = createPubchemEnrichStage(await loadRdkit(), { mode });
  const ctx: StageContext = { topic: 'offline', partition: 0, offset: '0', key: null, logger: createLogger('warn', { command: 'parse pubchem' }) };
  let printed = 0;
  let failed = 0;
  for await (const raw of rawValues(path, config)) {
    if ('tooLarge' in raw) {
      // Skipped without being held whole (STRAND_SDF_MAX_*_CHARS); the records after it carry on.
      failed++;
      note(`strand: ${path}: record ${raw.recordIndex} (line ${raw.firstLine}): ${raw.tooLarge.code}: ${raw.tooLarge.message}`);
      continue;
    }
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

/** `strand parse pubchem FILE`, under `strand parse`. */
export function registerParsePubchem(parse: Command): void {
  examples(parse.command('pubchem').description('the PubChem parser and RDKit enricher offline (PUG REST JSON or SDF, plain or gzip); exit 1 if any record was rejected')
    .argument('<file>', 'PUG REST JSON (full records or a property table) or SDF, plain or gzip')
    .addOption(new Option('--format <format>', 'output format').choices(['ndjson']).default('ndjson'))
    .addOption(new Option('--enrich <mode>', 'when RDKit computes properties: fallback (only what PubChem lacks) or always (default: STRAND_ENRICH_MODE)').choices(['fallback', 'always'])),
  ['strand parse pubchem test-data/pubchem/aspirin_properties.json', 'strand parse pubchem compounds.sdf.gz --enrich always'])
    .action(action(async (file: string, opts: { enrich?: 'fallback' | 'always' }) => parsePubchemFile(file, opts)));
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
 * per value (streamed), so one bad SD record fails alone. Opened (gzip, JSON or SDF) by
 * @strand/pubchem's openPubchemFile, like parsePubchemFile, within the configured size limits: an
 * SD record over them comes out as its INPUT_TOO_LARGE error instead (a JSON document over them throws).
 */
async function* rawValues(path: string, config: StrandConfig): AsyncGenerator<PubchemRawValue | SdfRecordText & { tooLarge: PubchemParseError }> {
  const base = { requestId: '', batch: 0, uri: path, fromCache: false, fetchedAt: Date.now() };
  const file = await openPubchemFile(path, { maxJsonBytes: config.pubchemMaxJsonBytes });
  if (file.format === 'json') {
    yield { ...base, format: /"PropertyTable"/.test(file.text.slice(0, 200)) ? 'property-table' : 'json', cids: [], text: file.text, firstLine: 1, recordIndex: 0 };
    return;
  }
  for await (const part of splitSdfRecords(file.bytes, { source: path, maxRecordChars: config.sdfMaxRecordChars, maxLineChars: config.sdfMaxLineChars, overLimit: 'skip' })) {
    if (part.tooLarge !== undefined) {
      yield { ...part, tooLarge: part.tooLarge };
      continue;
    }
    yield { ...base, format: 'sdf', cids: [], text: `${part.text}\n$$$$\n`, firstLine: part.firstLine, recordIndex: part.recordIndex };
  }
}
