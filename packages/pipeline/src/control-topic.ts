import type { Kafka } from 'kafkajs';
import { StrandError, connectAdmin, connectProducer, ensureTopics, readTopicRanges, type StrandConfig, type TopicSpec } from '@strand/runtime';

/** What `strand pause` / `strand resume` asked of a stage. */
export type StageControlState = 'paused' | 'resumed';

/** One control message: the latest one per stage (its key) is the stage's state. */
export interface StageControl {
  stage: string;
  state: StageControlState;
  /** Who asked (user@host of the command). */
  by: string;
  /** When, in ms since the epoch. */
  at: number;
}

/** The compacted topic of operator commands every pipeline process follows: key = stage name. */
export function controlTopic(prefix: string): string {
  return `${prefix}.control`;
}

/** One partition (one order for every command), compacted (the latest command per stage is kept forever). */
export function controlTopicSpec(prefix: string): TopicSpec {
  return { topic: controlTopic(prefix), numPartitions: 1, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] };
}

/**
 * Control values are small JSON objects, not Avro: the topic is operator state, not pipeline data,
 * and a process follows it before (and without) the registry; `kafka-console-consumer` reads it as is.
 */
export function encodeStageControl(control: StageControl): Buffer {
  return Buffer.from(JSON.stringify({ state: control.state, by: control.by, at: new Date(control.at).toISOString() }));
}

/** Decodes one control message, or throws RECORD_INVALID saying what is wrong and where (`where`: topic and offset). */
export function decodeStageControl(key: Buffer | null, value: Buffer | null, where: string): StageControl {
  const bad = (what: string) => new StrandError('RECORD_INVALID', `control message at ${where}: ${what}`);
  const stage = key?.toString('utf8') ?? '';
  if (stage === '') throw bad('no key (the key is the stage name)');
  if (!value || value.length === 0) throw bad(`no value for stage "${stage}"`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.toString('utf8'));
  } catch {
    throw bad(`value for stage "${stage}" is not JSON`);
  }
  const { state, by, at } = (parsed ?? {}) as Record<string, unknown>;
  if (state !== 'paused' && state !== 'resumed') throw bad(`state of stage "${stage}" must be "paused" or "resumed", got ${JSON.stringify(state)}`);
  const time = typeof at === 'string' ? Date.parse(at) : NaN;
  if (Number.isNaN(time)) throw bad(`"at" of stage "${stage}" must be an ISO-8601 time, got ${JSON.stringify(at)}`);
  return { stage, state, by: typeof by === 'string' ? by : 'unknown', at: time };
}

/** Creates the control topic if it is missing (a command may come before any service ever ran). */
export async function ensureControlTopic(kafka: Kafka, config: StrandConfig): Promise<void> {
  const admin = await connectAdmin(kafka, config);
  try {
    await ensureTopics(admin, [controlTopicSpec(config.topicPrefix)]);
  } finally {
    await admin.disconnect();
  }
}

/** Publishes a pause or resume of a stage (acks=all); every process running the stage follows it. */
export async function publishStageControl(kafka: Kafka, config: StrandConfig, control: StageControl): Promise<void> {
  await ensureControlTopic(kafka, config);
  const producer = await connectProducer(kafka, config);
  try {
    await producer.send({ topic: controlTopic(config.topicPrefix), acks: -1, messages: [{ key: control.stage, value: encodeStageControl(control) }] });
  } finally {
    await producer.disconnect();
  }
}

/**
 * The latest command per stage, read once from the start of the control topic to its current end
 * (empty when the topic does not exist yet). A malformed message is reported through `onInvalid` and skipped.
 */
export async function readStageControls(kafka: Kafka, prefix: string, onInvalid: (err: StrandError) => void = () => undefined): Promise<Map<string, StageControl>> {
  const topic = controlTopic(prefix);
  const admin = kafka.admin();
  await admin.connect();
  let ranges;
  try {
    if (!(await admin.listTopics()).includes(topic)) return new Map();
    ranges = (await admin.fetchTopicOffsets(topic)).map((p) => ({ partition: p.partition, from: BigInt(p.low), end: BigInt(p.high) }));
  } finally {
    await admin.disconnect();
  }
  const latest = new Map<string, StageControl>();
  await readTopicRanges(kafka, topic, ranges, async (partition, message) => {
    try {
      const control = decodeStageControl(message.key, message.value, `${topic}[${partition}]@${message.offset}`);
      latest.set(control.stage, control);
    } catch (err) {
      if (err instanceof StrandError) onInvalid(err);
      else throw err;
    }
  }, { groupPrefix: `${prefix}.control-reader` });
  return latest;
}

/** The stages paused now (their latest command is a pause), with who paused them and when; for `strand status`. */
export async function readPausedStages(kafka: Kafka, prefix: string): Promise<StageControl[]> {
  return [...(await readStageControls(kafka, prefix)).values()].filter((c) => c.state === 'paused');
}
