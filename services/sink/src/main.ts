#!/usr/bin/env node
import { connectPool, migrate } from '@strand/db';
import { runUntilSignalled, startStageService } from '@strand/pipeline';
import { genbankRowsStage } from './genbank-rows.js';
import { genbankWriter } from './genbank-writer.js';

await runUntilSignalled('sink', async (config, logger) => {
  const pool = await connectPool(config);
  await migrate(pool, config.dbSchema, (line) => logger.info(line));
  const service = await startStageService({
    serviceName: 'sink', config, logger, stage: genbankRowsStage,
    input: (t) => t.genbankEnriched,
    output: () => genbankWriter(pool),
  });
  return { stop: async () => { await service.stop(); await pool.end(); } };
});
