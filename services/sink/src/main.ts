#!/usr/bin/env node
import { runUntilSignalled, startStageService } from '@strand/pipeline';
import { genbankRowsStage } from './genbank-rows.js';
import { genbankWriter } from './genbank-writer.js';

await runUntilSignalled('sink', (config, logger) =>
  startStageService({
    serviceName: 'sink', config, logger, stage: genbankRowsStage,
    input: (t) => t.genbankEnriched,
    output: (ctx) => genbankWriter(ctx.pool),
  }));
