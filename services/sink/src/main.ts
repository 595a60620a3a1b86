#!/usr/bin/env node
import { runUntilSignalled, startStageService } from '@strand/pipeline';
import { genbankRowsStage } from './genbank-rows.js';
import { genbankWriter } from './genbank-writer.js';
import { compoundRowsStage } from './compound-rows.js';
import { compoundWriter } from './compound-writer.js';

await runUntilSignalled('sink', async (config, logger) => {
  // Two stage services in one process: GenBank sequences and PubChem compounds, each with its own consumer group.
  const genbank = await startStageService({
    serviceName: 'sink', config, logger, stage: genbankRowsStage,
    input: (t) => t.genbankEnriched,
    output: (ctx) => genbankWriter(ctx.pool),
  });
  const pubchem = await startStageService({
    serviceName: 'sink', config, logger, stage: compoundRowsStage,
    input: (t) => t.pubchemEnriched,
    output: (ctx) => compoundWriter(ctx.pool),
  });
  return { stop: async () => { await genbank.stop(); await pubchem.stop(); } };
});
