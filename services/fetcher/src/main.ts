#!/usr/bin/env node
import { connectPipeline, runUntilSignalled } from '@strand/pipeline';
import { runFetchWorker } from './fetch-worker.js';
import { runPubchemFetchWorker } from './pubchem/pubchem-fetch-worker.js';

await runUntilSignalled('fetcher', async (config, logger) => {
  const ctx = await connectPipeline('fetcher', { config, logger });
  // Two consumers in one process: GenBank fetch requests and PubChem fetch requests.
  const worker = await runFetchWorker(ctx);
  const pubchem = await runPubchemFetchWorker(ctx);
  return { stop: async () => { await worker.stop(); await pubchem.stop(); await ctx.close(); } };
});
