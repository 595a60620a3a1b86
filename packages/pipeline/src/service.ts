import {
  loadConfig, createLogger, createKafka, connectAdmin, connectProducer, ensureTopics, ValueCodec, runStage, startTelemetry,
  type StrandConfig, type Logger, type Stage, type StageOutput, type RunningStage,
} from '@strand/runtime';
import type { Kafka, Producer } from 'kafkajs';
import type pg from 'pg';
import { connectPool, migrate, pgPayloadStore } from '@strand/db';
import type { PayloadStore } from '@strand/runtime';
import { topicCatalog, topicNames, loadSchema, type TopicNames } from './catalog.js';

/** What every pipeline process shares: validated config, logger, Kafka clients and the registry codec, with all topics and schemas in place. */
export interface PipelineContext {
  config: StrandConfig;
  logger: Logger;
  kafka: Kafka;
  producer: Producer;
  codec: ValueCodec;
  topics: TopicNames;
  /** Strand's database (schema migrated), for sinks and the payload store. */
  pool: pg.Pool;
  /** Where payloads over STRAND_MAX_MESSAGE_BYTES go instead of Kafka. */
  payloads: PayloadStore;
  close(): Promise<void>;
}

/** Connects to Kafka and the registry, creates missing topics and registers every topic's value schema. */
export async function connectPipeline(serviceName: string, opts: { config?: StrandConfig; logger?: Logger } = {}): Promise<PipelineContext> {
  const config = opts.config ?? loadConfig();
  const logger = opts.logger ?? createLogger(config.logLevel, { service: serviceName });
  const kafka = createKafka(config, logger, `strand-${serviceName}`);
  const admin = await connectAdmin(kafka, config);
  try {
    await ensureTopics(admin, topicCatalog(config.topicPrefix));
  } finally {
    await admin.disconnect();
  }
  const codec = new ValueCodec(config);
  for (const entry of topicCatalog(config.topicPrefix)) await codec.register(entry.topic, loadSchema(entry.schemaFile));
  const pool = await connectPool(config);
  try {
    await migrate(pool, config.dbSchema, (line) => logger.info(line));
  } catch (err) {
    await pool.end();
    throw err;
  }
  const producer = await connectProducer(kafka, config);
  return {
    config, logger, kafka, producer, codec, pool, payloads: pgPayloadStore(pool), topics: topicNames(config.topicPrefix),
    close: async () => { await producer.disconnect(); await pool.end(); },
  };
}

export interface StageServiceSpec<In, Out> {
  serviceName: string;
  stage: Stage<In, Out>;
  input: (topics: TopicNames) => string;
  output: (ctx: PipelineContext) => StageOutput<Out> | Promise<StageOutput<Out>>;
  config?: StrandConfig;
  logger?: Logger;
}

export interface StageService {
  ctx: PipelineContext;
  running: RunningStage;
  stop(): Promise<void>;
}

/** Wires one consumer service: telemetry, clients, topics, then the shared stage runner. */
export async function startStageService<In, Out>(spec: StageServiceSpec<In, Out>): Promise<StageService> {
  const ctx = await connectPipeline(spec.serviceName, { ...(spec.config ? { config: spec.config } : {}), ...(spec.logger ? { logger: spec.logger } : {}) });
  const output = await spec.output(ctx);
  const running = await runStage<In, Out>({
    config: ctx.config, logger: ctx.logger, kafka: ctx.kafka, producer: ctx.producer, codec: ctx.codec,
    stage: spec.stage, inputTopic: spec.input(ctx.topics), output, deadLetterTopic: ctx.topics.deadLetter,
    groupId: `${ctx.config.topicPrefix}.${spec.stage.name}`, payloads: ctx.payloads,
  });
  return {
    ctx,
    running,
    stop: async () => {
      await running.stop();
      await ctx.close();
    },
  };
}

/** Runs a service until SIGINT/SIGTERM, then stops it cleanly; start-up errors exit 1 with the error's message. */
export async function runUntilSignalled(serviceName: string, start: (config: StrandConfig, logger: Logger) => Promise<{ stop(): Promise<void> }>): Promise<void> {
  let config: StrandConfig;
  try {
    config = loadConfig();
  } catch (err) {
    process.stderr.write(`${serviceName}: ${(err as Error).message}\n`);
    process.exit(2);
  }
  const logger = createLogger(config.logLevel, { service: serviceName });
  const telemetry = startTelemetry(`strand-${serviceName}`, config, logger);
  try {
    const service = await start(config, logger);
    const shutdown = async (signal: string) => {
      logger.info('stopping', { signal });
      await service.stop().catch((err) => logger.error('stop failed', { error: (err as Error).message }));
      await telemetry.shutdown().catch(() => undefined);
      process.exit(0);
    };
    process.once('SIGINT', () => void shutdown('SIGINT'));
    process.once('SIGTERM', () => void shutdown('SIGTERM'));
  } catch (err) {
    const e = err as Error & { code?: string };
    logger.error('start-up failed', { code: e.code, error: e.message });
    process.stderr.write(`${serviceName}: ${e.message}\n`);
    await telemetry.shutdown().catch(() => undefined);
    process.exit(1);
  }
}
