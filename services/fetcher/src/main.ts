#!/usr/bin/env node
import { connectPipeline, runUntilSignalled } from '@strand/pipeline';
import { runFetchWorker } from './fetch-worker.js';

await runUntilSignalled('fetcher', async (config, logger) => {
  const ctx = await connectPipeline('fetcher', { config, logger });
  const worker = await runFetchWorker(ctx);
  return { stop: async () => { await worker.stop(); await ctx.close(); } };
});
