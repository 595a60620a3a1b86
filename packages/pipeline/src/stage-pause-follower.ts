import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Consumer, Kafka } from 'kafkajs';
import { StrandError, connectAdmin, ensureTopics, withDeadline, describeError, runConsumer, sleep, type StagePauses, type StrandConfig, type Logger } from '@strand/runtime';
import { controlTopic, controlTopicSpec, decodeStageControl } from './control-topic.js';

export interface StagePauseFollower {
  stop(): Promise<void>;
}

/**
 * Follows the control topic into `pauses` for as long as the process runs. It reads from the
 * beginning (a throw-away group that commits nothing), and resolves once it has read up to the
 * topic's end as of the call, so that a stage paused before this process started is paused before
 * its consumer fetches anything. Later commands arrive within a fetch round trip.
 */
export async function followStagePauses(kafka: Kafka, config: StrandConfig, logger: Logger, pauses: StagePauses): Promise<StagePauseFollower> {
  const topic = controlTopic(config.topicPrefix);
  const admin = await connectAdmin(kafka, config);
  let end: bigint;
  try {
    await ensureTopics(admin, [controlTopicSpec(config.topicPrefix)]);
    const offsets = await admin.fetchTopicOffsets(topic);
    end = BigInt(offsets.find((p) => p.partition === 0)?.high ?? '0');
  } finally {
    await admin.disconnect();
  }
  let caughtUp!: () => void;
  const ready = new Promise<void>((resolve) => { caughtUp = resolve; });
  if (end === 0n) caughtUp();
  let stopped = false;
  let consumer: Consumer;
  /** A consumer of the control topic from its start (a throw-away group that commits nothing), through the one consumer loop. */
  const start = async (): Promise<void> => {
    const c = kafka.consumer({ groupId: `${config.topicPrefix}.control.${hostname()}.${process.pid}.${randomUUID()}`, allowAutoTopicCreation: false, maxWaitTimeInMs: 500 });
    consumer = c;
    c.on(c.events.CRASH, (event) => {
      const { error, restart } = event.payload as { error: Error; restart: boolean };
      if (stopped || c !== consumer) return;
      logger.warn(restart ? 'control topic follower crashed; kafkajs restarts it' : 'control topic follower crashed; restarting it', { topic, ...describeError(error) });
      // No consumer stops while its process lives: one kafkajs gave up on is replaced, after a pause, until it runs.
      if (!restart) void (async () => {
        await c.disconnect().catch(() => undefined);
        for (let attempt = 1; !stopped; attempt++) {
          await sleep(Math.min(30_000, 1000 * attempt));
          if (stopped) return;
          try {
            await start();
            return;
          } catch (err) {
            logger.warn('restarting the control topic follower failed; trying again', { topic, attempt, ...describeError(err) });
          }
        }
      })();
    });
    try {
      await withDeadline(c.connect(), config.connectTimeoutMs, 'KAFKA_UNREACHABLE', `Kafka broker ${config.kafkaBrokers.join(', ')}`);
      await c.subscribe({ topics: [topic], fromBeginning: true });
      await runConsumer(c, {
        autoCommit: false,
        eachMessage: async ({ partition, message }) => {
          try {
            const control = decodeStageControl(message.key, message.value, `${topic}[${partition}]@${message.offset}`);
            pauses.set(control.stage, control.state === 'paused', { by: control.by, at: control.at });
          } catch (err) {
            if (!(err instanceof StrandError)) throw err;
            logger.warn('ignoring a malformed control message', { ...describeError(err) });
          }
          if (BigInt(message.offset) + 1n >= end) caughtUp();
        },
      });
    } catch (err) {
      await c.disconnect().catch(() => undefined);
      throw err;
    }
  };
  await start();
  try {
    await withDeadline(ready, config.connectTimeoutMs, 'KAFKA_UNAVAILABLE', `reading the control topic ${topic} up to offset ${end}`);
  } catch (err) {
    stopped = true;
    await consumer!.disconnect().catch(() => undefined);
    throw err;
  }
  return { stop: async () => { stopped = true; await consumer.disconnect(); } };
}
