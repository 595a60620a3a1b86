#!/usr/bin/env node
import { runUntilSignalled, startStageService } from '@strand/pipeline';
import { genbankParseStage } from './genbank-parse-stage.js';

await runUntilSignalled('parser', (config, logger) =>
  startStageService({
    serviceName: 'parser', config, logger, stage: genbankParseStage,
    input: (t) => t.genbankRaw,
    output: (ctx) => ({ kind: 'topic', topic: ctx.topics.genbankParsed, key: (v) => v.accession }),
  }));
