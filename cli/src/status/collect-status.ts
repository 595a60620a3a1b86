import type { Admin, Kafka } from 'kafkajs';
import type { Redis } from 'ioredis';
import { deadLetterStage, readTopicRanges, redact, type PartitionRange, type StrandConfig } from '@strand/runtime';
import { stackStatus, type ComponentStatus } from '@strand/stack';
import { groupLag, readPausedStages, deadLetterTopic, type StageGroup } from '@strand/pipeline';
import { readRateLimitStates, type RateLimitState } from '@strand/resilience';

const MINUTE = 60_000;
const HOUR = 3_600_000;
/** Most dead letters read to count them per stage (the newest ones); the total is exact either way. */
const DLQ_READ_MAX = 20_000;

/** Per partition, the offsets of the records with a timestamp at or after `since`: `[first such offset, end)` (empty when none). */
async function rangesSince(admin: Admin, topic: string, since: number): Promise<PartitionRange[]> {
  const [ends, from] = await Promise.all([admin.fetchTopicOffsets(topic), admin.fetchTopicOffsetsByTimestamp(topic, since)]);
  const start = new Map(from.map((o) => [o.partition, BigInt(o.offset)]));
  return ends.map((e) => {
    const end = BigInt(e.high);
    const first = start.get(e.partition);
    return { partition: e.partition, from: first !== undefined && first >= 0n && first < end ? first : end, end };
  });
}

/** Dead letters written since `since`, per stage (from their header), reading at most the newest `max`. */
async function deadLettersPerStage(kafka: Kafka, admin: Admin, topic: string, since: number, max: number): Promise<{ perStage: Map<string, number>; read: number; unattributed: number }> {
  const ranges = await rangesSince(admin, topic, since);
  const total = ranges.reduce((n, r) => n + Number(r.end - r.from), 0);
  // Over the cap: the newest messages of each partition, in proportion.
  const bounded = total <= max ? ranges : ranges.map((r) => ({ ...r, from: r.end - BigInt(Math.floor((Number(r.end - r.from) * max) / total)) }));
  const perStage = new Map<string, number>();
  let read = 0;
  let unattributed = 0;
  await readTopicRanges(kafka, topic, bounded, async (_partition, message) => {
    read++;
    const stage = deadLetterStage(message.headers);
    if (stage === null) unattributed++;
    else perStage.set(stage, (perStage.get(stage) ?? 0) + 1);
  }, { groupPrefix: 'strand.status' });
  return { perStage, read, unattributed };
}

/** One stage's row of `strand status`. */
export interface StageStatus {
  stage: string;
  source: string;
  role: string;
  group: string;
  topic: string;
  /** False until a service or `strand fetch` created the stage's input topic. */
  topicExists: boolean;
  /** Live members of the stage's consumer group (running instances). */
  instances: number;
  groupState: string;
  lag: number;
  /** Records appended to the stage's input topic in the last minute (Kafka timestamps), per second. */
  inPerSec: number;
  /** Records the stage committed (processed, output durable) per second, between the first and last sample; null with one sample. */
  outPerSec: number | null;
  paused: { by: string; at: number } | null;
  /** Dead letters this stage wrote in the last hour (see StatusReport.deadLettersCounted). */
  deadLettersLastHour: number;
}

export interface StatusReport {
  prefix: string;
  at: number;
  stack: ComponentStatus[];
  stages: StageStatus[];
  /** Messages in the dead-letter topic with a timestamp in the last hour; null when Kafka is down. */
  deadLettersLastHour: number | null;
  /** How many of those were read to count them per stage (the newest DLQ_READ_MAX); fewer means the per-stage counts are of the newest only. */
  deadLettersCounted: number;
  /** Dead letters of the last hour that name no stage (written before the stage header existed). */
  deadLettersUnattributed: number;
  /** Shared upstream budgets in Redis; null when Redis is down. */
  budgets: RateLimitState[] | null;
  /** Seconds between the committed-offset samples behind outPerSec. */
  outWindowS: number;
}

/** The committed offsets of every stage at one moment, for rates, and its lag then. */
export interface CommitSample {
  at: number;
  committed: Map<string, Map<number, bigint>>;
  lag: Map<string, bigint>;
}

export interface StatusClients {
  config: StrandConfig;
  kafka: Kafka;
  /** Connected on first use (only when Kafka answers). */
  admin(): Promise<Admin>;
  /** Opened on first use; null when Redis is down. */
  redis(): Promise<Redis | null>;
}

/** Sum over partitions of `later - earlier` where both are known (a partition without a commit is skipped). */
function committedSince(later: Map<number, bigint> | undefined, earlier: Map<number, bigint> | undefined): number {
  let n = 0n;
  for (const [p, offset] of later ?? []) {
    const before = earlier?.get(p);
    if (before !== undefined && before >= 0n && offset > before) n += offset - before;
  }
  return Number(n);
}

/** Records with a timestamp at or after `since`, all partitions together. */
const countSince = async (admin: Admin, topic: string, since: number): Promise<number> =>
  (await rangesSince(admin, topic, since)).reduce((n, r) => n + Number(r.end - r.from), 0);

/** Samples every existing stage's committed offsets (out/s is the difference of two samples). */
export async function sampleCommits(admin: Admin, stages: readonly StageGroup[]): Promise<CommitSample> {
  const existing = new Set(await admin.listTopics());
  const committed = new Map<string, Map<number, bigint>>();
  const lag = new Map<string, bigint>();
  await Promise.all(stages.filter((s) => existing.has(s.topic)).map(async (s) => {
    const partitions = await groupLag(admin, s.groupId, s.topic);
    committed.set(s.stage, new Map(partitions.map((p) => [p.partition, p.committed])));
    lag.set(s.stage, partitions.reduce((sum, p) => sum + p.lag, 0n));
  }));
  return { at: Date.now(), committed, lag };
}

/**
 * Everything `strand status` shows, at one moment: the stack's components, per stage its live
 * instances, lag, arrival rate (last minute) and commit rate (between `first` and a sample taken
 * now), dead letters of the last hour, the shared upstream budgets and the paused stages.
 */
export async function collectStatus(c: StatusClients, stages: readonly StageGroup[], first: CommitSample | undefined): Promise<{ report: StatusReport; sample?: CommitSample }> {
  const at = Date.now();
  const stack = (await stackStatus({ config: c.config })).map((s) => ({ ...s, address: redact(s.address) }));
  const report: StatusReport = { prefix: c.config.topicPrefix, at, stack, stages: [], deadLettersLastHour: null, deadLettersCounted: 0, deadLettersUnattributed: 0, budgets: null, outWindowS: 0 };
  if (stack.find((s) => s.name === 'redis')?.up) {
    const redis = await c.redis();
    report.budgets = redis ? await readRateLimitStates(redis, c.config.rateLimitKey) : null;
  }
  if (!stack.find((s) => s.name === 'kafka')?.up) return { report };

  const admin = await c.admin();
  const existing = new Set(await admin.listTopics());
  const now = await sampleCommits(admin, stages);
  report.outWindowS = first ? (now.at - first.at) / 1000 : 0;
  const [{ groups }, paused] = await Promise.all([
    admin.describeGroups(stages.map((s) => s.groupId)),
    readPausedStages(c.kafka, c.config.topicPrefix),
  ]);
  const pausedBy = new Map(paused.map((p) => [p.stage, { by: p.by, at: p.at }]));
  for (const s of stages) {
    const group = groups.find((g) => g.groupId === s.groupId);
    const exists = existing.has(s.topic);
    const lag = exists ? (now.lag.get(s.stage) ?? 0n) : 0n;
    report.stages.push({
      stage: s.stage, source: s.source, role: s.role, group: s.groupId, topic: s.topic, topicExists: exists,
      instances: group?.members.length ?? 0, groupState: group?.state ?? 'Dead', lag: Number(lag),
      inPerSec: exists ? (await countSince(admin, s.topic, at - MINUTE)) / 60 : 0,
      outPerSec: first && report.outWindowS > 0 ? committedSince(now.committed.get(s.stage), first.committed.get(s.stage)) / report.outWindowS : null,
      paused: pausedBy.get(s.stage) ?? null,
      deadLettersLastHour: 0,
    });
  }
  const dlq = deadLetterTopic(c.config.topicPrefix);
  report.deadLettersLastHour = existing.has(dlq) ? await countSince(admin, dlq, at - HOUR) : 0;
  if (report.deadLettersLastHour > 0) {
    const { perStage, read, unattributed } = await deadLettersPerStage(c.kafka, admin, dlq, at - HOUR, DLQ_READ_MAX);
    for (const row of report.stages) row.deadLettersLastHour = perStage.get(row.stage) ?? 0;
    report.deadLettersCounted = read;
    report.deadLettersUnattributed = unattributed;
  }
  return { report, sample: now };
}
