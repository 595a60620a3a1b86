import { runStage, createLogger, describeError, StagePauses, type StrandConfig, type Logger, type RunningStage } from '@strand/runtime';
import { expirePayloads } from '@strand/db';
import { connectPipeline, type PipelineContext } from './pipeline-context.js';
import { sourceTopic } from './catalog.js';
import { adoptLegacyOffsets } from './legacy-offsets.js';
import { followStagePauses, type StagePauseFollower } from './stage-pause-follower.js';
import { stageName, type Role, type SourceDefinition, type BuiltStage } from './source.js';

export interface RoleService {
  ctx: PipelineContext;
  stages: { name: string; running: RunningStage; built: BuiltStage }[];
  /** Which stages are paused (`strand pause`), as the control topic says. */
  pauses: StagePauses;
  stop(): Promise<void>;
}

/**
 * Runs one role (fetcher, parser, enricher or sink) for every source that has a stage for it, in
 * one process with one set of clients. The sink also deletes expired claim-checked payloads.
 * Every stage follows `strand pause` / `strand resume` through the control topic, read up to its
 * end before the first stage starts (a stage paused before the process started stays paused).
 */
export async function startRole(role: Role, opts: { config: StrandConfig; logger?: Logger; sources: readonly SourceDefinition[]; onFatal?: (err: unknown) => void }): Promise<RoleService> {
  const { config } = opts;
  const logger = opts.logger ?? createLogger(config.logLevel, { service: role });
  const ctx = await connectPipeline(role, { config, logger, sources: opts.sources });
  const stages: RoleService['stages'] = [];
  let expiry: NodeJS.Timeout | undefined;
  const pauses = new StagePauses();
  let follower: StagePauseFollower | undefined;
  try {
    follower = await followStagePauses(ctx.kafka, config, logger, pauses);
    for (const source of opts.sources) {
      const decl = source.stages.find((s) => s.role === role);
      if (!decl) continue;
      const built = await decl.create({ ...ctx, source, topic: (name) => sourceTopic(config.topicPrefix, source, name) });
      const name = stageName(source, role);
      if (built.stage.name !== name) throw new Error(`source "${source.name}": its ${role} stage is named "${built.stage.name}", expected "${name}"`);
      const inputTopic = sourceTopic(config.topicPrefix, source, decl.input);
      const groupId = `${config.topicPrefix}.${name}`;
      const legacy = source.legacyGroups?.[role];
      if (legacy) await adoptLegacyOffsets(ctx.kafka, logger, { groupId, legacyGroupId: `${config.topicPrefix}.${legacy}`, topic: inputTopic });
      const running = await runStage({
        config, logger, kafka: ctx.kafka, producer: ctx.producer, codec: ctx.codec, stage: built.stage, output: built.output,
        inputTopic, deadLetterTopic: ctx.deadLetterTopic, groupId, payloads: ctx.payloads,
        ...(built.chunkSize ? { chunkSize: built.chunkSize } : {}), ...(built.sessionTimeoutMs ? { sessionTimeoutMs: built.sessionTimeoutMs } : {}),
        ...(opts.onFatal ? { onFatal: opts.onFatal } : {}), pauses,
      });
      stages.push({ name, running, built });
    }
    if (role === 'sink') {
      const expire = () => void expirePayloads(ctx.pool, config.topicRetentionHours)
        .then((n) => { if (n > 0) logger.info('expired claim-checked payloads', { deleted: n }); })
        .catch((err) => logger.warn('expiring payloads failed', { ...describeError(err) }));
      expire();
      expiry = setInterval(expire, 3600_000);
      expiry.unref();
    }
  } catch (err) {
    for (const s of stages) await s.running.stop().catch(() => undefined);
    await follower?.stop().catch(() => undefined);
    await ctx.close().catch(() => undefined);
    throw err;
  }
  return {
    ctx,
    stages,
    pauses,
    stop: async () => {
      clearInterval(expiry);
      for (const s of stages) await s.running.stop();
      await follower?.stop();
      for (const s of stages) await s.built.close?.();
      await ctx.close();
    },
  };
}
