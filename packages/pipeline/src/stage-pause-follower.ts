import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Kafka } from 'kafkajs';
import { StrandError, connectAdmin, ensureTopics, withDeadline, describeError, type StagePauses, type StrandConfig, type Logger } from '@strand/runtime';
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
  const consumer = kafka.consumer({ groupId: `${config.topicPrefix}.control.${hostname()}.${process.pid}.${randomUUID()}`, allowAutoTopicCreation: false, maxWaitTimeInMs: 500 });
  consumer.on(consumer.events.CRASH, (event) => {
    const { error, restart } = event.payload as { error: Error; restart: boolean };
    logger.warn(restart ? 'control topic follower crashed; kafkajs restarts it' : 'control topic follower stopped: pause and resume commands are no longer followed', { topic, ...describeError(error) });
  });
  try {
    await withDeadline(consumer.connect(), config.connectTimeoutMs, 'KAFKA_UNREACHABLE', `Kafka broker ${config.kafkaBrokers.join(', ')}`);
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
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
    await withDeadline(ready, config.connectTimeoutMs, 'KAFKA_UNAVAILABLE', `reading the control topic ${topic} up to offset ${end}`);
  } catch (err) {
    await consumer.disconnect().catch(() => undefined);
    throw err;
  }
  return { stop: () => consumer.disconnect() };
}
