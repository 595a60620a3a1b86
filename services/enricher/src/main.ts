#!/usr/bin/env node
import { runUntilSignalled, startStageService } from '@strand/pipeline';
import { genbankEnrichStage } from './genbank-enrich-stage.js';

await runUntilSignalled('enricher', (config, logger) =>
  startStageService({
    serviceName: 'enricher', config, logger, stage: genbankEnrichStage,
    input: (t) => t.genbankParsed,
    output: (ctx) => ({ kind: 'topic', topic: ctx.topics.genbankEnriched, key: (v) => v.accession }),
  }));
