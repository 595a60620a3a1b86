import { connectAdmin } from '@strand/runtime';
import { waitForDrain, genbankStageGroups, pubchemStageGroups, type PipelineContext, type DrainStep } from '@strand/pipeline';
import { note } from './output.js';

/** Waits, group after group, until each has committed everything its topic holds, reporting progress every 2 s. */
async function waitForSteps(ctx: PipelineContext, steps: DrainStep[], timeoutMs: number): Promise<void> {
  const admin = await connectAdmin(ctx.kafka, ctx.config);
  let lastReport = 0;
  try {
    await waitForDrain(admin, steps, {
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

/** Waits until parser, enricher and sink have committed everything upstream of them (after `before`, e.g. the fetcher). */
export async function waitForPipeline(ctx: PipelineContext, timeoutMs: number, before: DrainStep[] = []): Promise<void> {
  await waitForSteps(ctx, [...before, ...genbankStageGroups(ctx.config.topicPrefix).slice(1)], timeoutMs);
}

/** Waits until the PubChem chain has committed everything: fetcher on the requests, then parser, enricher and sink. */
export async function waitForPubchemPipeline(ctx: PipelineContext, timeoutMs: number): Promise<void> {
  await waitForSteps(ctx, pubchemStageGroups(ctx.config.topicPrefix), timeoutMs);
}
