#!/usr/bin/env node
import { runUntilSignalled, startStageService } from '@strand/pipeline';
import { genbankParseStage } from './genbank-parse-stage.js';
import { pubchemParseStage, compoundKey } from './pubchem-parse-stage.js';

await runUntilSignalled('parser', async (config, logger) => {
  // Two stage services in one process: GenBank and PubChem, each with its own consumer group.
  const genbank = await startStageService({
    serviceName: 'parser', config, logger, stage: genbankParseStage,
    input: (t) => t.genbankRaw,
    output: (ctx) => ({ kind: 'topic', topic: ctx.topics.genbankParsed, key: (v) => v.accession }),
  });
  const pubchem = await startStageService({
    serviceName: 'parser', config, logger, stage: pubchemParseStage,
    input: (t) => t.pubchemRaw,
    output: (ctx) => ({ kind: 'topic', topic: ctx.topics.pubchemParsed, key: compoundKey }),
  });
  return { stop: async () => { await genbank.stop(); await pubchem.stop(); } };
});
