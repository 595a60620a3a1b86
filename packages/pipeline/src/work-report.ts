import type { Admin } from 'kafkajs';
import { readTopicRanges, retry, type DeadLetter } from '@strand/runtime';
import { stageGroups } from './stage-groups.js';
import { groupLag } from './drain.js';
import type { PipelineContext } from './pipeline-context.js';

type Offsets = Map<number, bigint>;

/**
 * Where a source's topics stood just before a command queued work on it (`strand ingest` and
 * `strand fetch --wait`): the ends of the dead-letter topic, of the topic the work is queued on and
 * of the source's raw topic, and the sink's committed offsets. What happened after this mark is
 * what the command reports: records published and stored since, and dead letters written since.
 */
export interface WorkMark {
  source: string;
  dlq: Offsets;
  /** The request topic's ends: a fetcher dead letter about an older request (below them) is not this command's. */
  requests?: { topic: string; ends: Offsets };
  /** The source's raw topic (its parser's input): records published. */
  raw?: { topic: string; ends: Offsets };
  /** The sink's group and input: records through the sink (stored, or already held and skipped). */
  sink?: { groupId: string; topic: string; committed: Offsets };
  /** The fetcher's group and input: all requests done when it has nothing left. */
  fetcher?: { groupId: string; topic: string };
}

/** What became of the work since the mark, so far. */
export interface WorkProgress {
  published: number;
  stored: number;
  /** Every queued request finished by the fetcher (undefined when there is no fetch stage in the wait). */
  fetched?: boolean;
}

/**
 * Admin reads are retried while Kafka is settling (on a fresh broker the group coordinator moves as
 * __consumer_offsets is created: NOT_COORDINATOR), for up to about a minute; other errors fail at once.
 */
const ADMIN_RETRY = { maxAttempts: 30, baseDelayMs: 200, maxDelayMs: 3000 };

const ends = (admin: Admin, topic: string): Promise<Offsets> =>
  retry(async () => new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.high)])), ADMIN_RETRY);

/** Committed offsets of a group on a topic; a partition with none counts from its log start. */
const committed = async (admin: Admin, groupId: string, topic: string): Promise<Offsets> =>
  new Map((await retry(() => groupLag(admin, groupId, topic), ADMIN_RETRY)).map((p) => [p.partition, p.position]));

const sumSince = (now: Offsets, before: Offsets): number => {
  let n = 0n;
  for (const [partition, offset] of now) {
    const from = before.get(partition) ?? 0n;
    if (offset > from) n += offset - from;
  }
  return Number(n);
};

/** Takes the mark: call it BEFORE queuing or publishing anything. */
export async function markWork(ctx: PipelineContext, admin: Admin, source: string, requestTopic?: string): Promise<WorkMark> {
  const groups = stageGroups(ctx.config.topicPrefix, ctx.sources.filter((s) => s.name === source));
  const parser = groups.find((g) => g.role === 'parser');
  const sink = groups.find((g) => g.role === 'sink');
  const fetcher = groups.find((g) => g.role === 'fetcher');
  return {
    source,
    dlq: await ends(admin, ctx.deadLetterTopic),
    ...(requestTopic !== undefined ? { requests: { topic: requestTopic, ends: await ends(admin, requestTopic) } } : {}),
    ...(parser ? { raw: { topic: parser.topic, ends: await ends(admin, parser.topic) } } : {}),
    ...(sink ? { sink: { groupId: sink.groupId, topic: sink.topic, committed: await committed(admin, sink.groupId, sink.topic) } } : {}),
    ...(fetcher && requestTopic !== undefined ? { fetcher: { groupId: fetcher.groupId, topic: fetcher.topic } } : {}),
  };
}

/** Records published to the raw topic and through the sink since the mark. */
export async function workProgress(admin: Admin, mark: WorkMark): Promise<WorkProgress> {
  const published = mark.raw ? sumSince(await ends(admin, mark.raw.topic), mark.raw.ends) : 0;
  const stored = mark.sink ? sumSince(await committed(admin, mark.sink.groupId, mark.sink.topic), mark.sink.committed) : 0;
  if (!mark.fetcher) return { published, stored };
  const [done, end] = await Promise.all([committed(admin, mark.fetcher.groupId, mark.fetcher.topic), ends(admin, mark.fetcher.topic)]);
  return { published, stored, fetched: [...end].every(([p, e]) => (done.get(p) ?? 0n) >= e) };
}

/**
 * Dead letters of the source's stages written after the mark, by error code. A fetcher dead letter
 * about a request queued before the mark (another command's) is left out; for the later stages the
 * mark is the only line (their records do not name the request), which is right as long as one
 * command at a time works a topic prefix (tests each have their own).
 */
export async function deadLettersSince(ctx: PipelineContext, admin: Admin, mark: WorkMark): Promise<Record<string, number>> {
  const now = await ends(admin, ctx.deadLetterTopic);
  const ranges = [...now].map(([partition, end]) => ({ partition, from: mark.dlq.get(partition) ?? 0n, end })).filter((r) => r.end > r.from);
  const byCode: Record<string, number> = {};
  await readTopicRanges(ctx.kafka, ctx.deadLetterTopic, ranges, async (partition, message) => {
    if (!message.value || message.value.length === 0) return;
    const dl = await ctx.codec.decode<DeadLetter>(message.value, `${ctx.deadLetterTopic}[${partition}]@${message.offset}`);
    if (!dl.stage.startsWith(`${mark.source}.`)) return;
    const before = mark.requests && dl.sourceTopic === mark.requests.topic ? mark.requests.ends.get(dl.sourcePartition) : undefined;
    if (before !== undefined && BigInt(dl.sourceOffset) < before) return;
    byCode[dl.errorCode] = (byCode[dl.errorCode] ?? 0) + 1;
  }, { groupPrefix: `${ctx.config.topicPrefix}.cli.wait` });
  return byCode;
}

/** The outcome of queued work once drained. */
export interface WorkOutcome extends WorkProgress {
  deadLettered: number;
  byCode: Record<string, number>;
}

/** Counts what became of the work since the mark (call it once the source is drained). */
export async function workOutcome(ctx: PipelineContext, admin: Admin, mark: WorkMark): Promise<WorkOutcome> {
  const [progress, byCode] = await Promise.all([workProgress(admin, mark), deadLettersSince(ctx, admin, mark)]);
  return { ...progress, byCode, deadLettered: Object.values(byCode).reduce((a, b) => a + b, 0) };
}

/** One line for the operator: stored and dead-lettered, with the codes and where to look. */
export function describeOutcome(o: WorkOutcome, what = 'records'): string {
  const codes = Object.entries(o.byCode).map(([code, n]) => `${n} ${code}`).join(', ');
  return `${o.stored} ${what} stored in PostgreSQL (new, replaced or already held), ${o.deadLettered} dead-lettered`
    + (o.deadLettered > 0 ? ` (${codes}; see \`strand dlq list --since ...\`)` : '');
}
