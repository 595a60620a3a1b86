import { connectAdmin } from '@strand/runtime';
import { waitForDrain, type PipelineContext, type DrainStep } from '@strand/pipeline';
import { note } from './output.js';

/** Waits until parser, enricher and sink have committed everything upstream of them. */
export async function waitForPipeline(ctx: PipelineContext, timeoutMs: number, before: DrainStep[] = []): Promise<void> {
  const admin = await connectAdmin(ctx.kafka, ctx.config);
  const p = ctx.config.topicPrefix;
  let lastReport = 0;
  try {
    await waitForDrain(admin, [
      ...before,
      { groupId: `${p}.parser`, topic: ctx.topics.genbankRaw },
      { groupId: `${p}.enricher`, topic: ctx.topics.genbankParsed },
      { groupId: `${p}.sink`, topic: ctx.topics.genbankEnriched },
    ], {
      timeoutMs,
      onWait: (step, lag) => {
        if (Date.now() - lastReport < 2000) return;
        lastReport = Date.now();
        note(`  waiting: ${step.groupId} has ${lag} messages to go on ${step.topic}`);
      },
    });
  } finally {
    await admin.disconnect();
  }
}

/** Waits until the PubChem chain has committed everything: fetcher on the requests, then parser, enricher and sink. */
export async function waitForPubchemPipeline(ctx: PipelineContext, timeoutMs: number): Promise<void> {
  const admin = await connectAdmin(ctx.kafka, ctx.config);
  const p = ctx.config.topicPrefix;
  let lastReport = 0;
  try {
    await waitForDrain(admin, [
      { groupId: `${p}.pubchem-fetcher`, topic: ctx.topics.pubchemRequests },
      { groupId: `${p}.pubchem-parser`, topic: ctx.topics.pubchemRaw },
      { groupId: `${p}.pubchem-enricher`, topic: ctx.topics.pubchemParsed },
      { groupId: `${p}.pubchem-sink`, topic: ctx.topics.pubchemEnriched },
    ], {
      timeoutMs,
      onWait: (step, lag) => {
        if (Date.now() - lastReport < 2000) return;
        lastReport = Date.now();
        note(`  waiting: ${step.groupId} has ${lag} messages to go on ${step.topic}`);
      },
    });
  } finally {
    await admin.disconnect();
  }
}
