import { connectAdmin, redact, type TopicMessages } from '@strand/runtime';
import { waitForDrain } from './drain.js';
import { stageGroups } from './stage-groups.js';
import type { PipelineContext } from './pipeline-context.js';
import type { Role } from './source.js';
import { markWork, workOutcome, describeOutcome } from './work-report.js';
import { watchWork } from './work-watch.js';
import { sleep } from '@strand/runtime';

/** A command line that does not parse: printed with the usage, exit code 2. */
export class UsageError extends Error {
  readonly code = 'USAGE';
}

/**
 * A numeric option, checked: a positive number (an integer if `integer`), within `max`. A value
 * that is not one is a usage error naming the option, never NaN waiting forever or a RangeError.
 */
export function positiveOption(name: string, value: string | undefined, opts: { integer?: boolean; max?: number } = {}): number {
  const n = Number(value);
  const max = opts.max ?? Number.MAX_SAFE_INTEGER;
  if (value === undefined || value.trim() === '' || !Number.isFinite(n) || n <= 0 || n > max || (opts.integer && !Number.isInteger(n))) {
    throw new UsageError(`${name} must be a positive ${opts.integer ? 'integer' : 'number'}${opts.max !== undefined ? ` up to ${opts.max}` : ''}, got "${value ?? ''}"`);
  }
  return n;
}

/** Progress and notes go to stderr so stdout stays machine-readable; redacted (they name URLs, e.g. the registry's). */
export function note(line: string): void {
  process.stderr.write(`${redact(line)}\n`);
}

/**
 * Waits, group after group, until each stage of `source` (from `fromRole` on) has committed
 * everything its topic holds, reporting progress every 2 s. Because every stage commits only after
 * its output is durable, a drained chain means every record reached the end (or the dead-letter topic).
 */
export async function waitForSource(ctx: PipelineContext, source: string, timeoutMs: number, fromRole: Role = 'fetcher', opts: { quiet?: boolean } = {}): Promise<void> {
  const groups = stageGroups(ctx.config.topicPrefix, ctx.sources.filter((s) => s.name === source));
  const start = groups.findIndex((g) => g.role === fromRole);
  const admin = await connectAdmin(ctx.kafka, ctx.config);
  let lastReport = 0;
  try {
    await waitForDrain(admin, groups.slice(Math.max(0, start)), {
      timeoutMs,
      onWait: (step, lag) => {
        if (opts.quiet || Date.now() - lastReport < 2000) return;
        lastReport = Date.now();
        note(`  waiting: ${step.groupId} has ${lag} messages to go on ${step.topic}`);
      },
    });
  } finally {
    await admin.disconnect();
  }
}

/** Encodes values for a topic as messages keyed by `key`, and produces them (acks=all, broker-sized requests). */
export async function produceValues<T>(ctx: PipelineContext, topic: string, values: T[], key: (v: T) => string): Promise<void> {
  const messages = await Promise.all(values.map(async (v) => ({ key: key(v), value: await ctx.codec.encode(topic, v) })));
  const batch: TopicMessages[] = [{ topic, messages }];
  await ctx.produce(batch);
}

/**
 * A source's `strand fetch` verb, after parsing: queues the requests on the source's request
 * topic, and with `wait` waits until every stage of the source has drained them, showing progress
 * (records published and stored, rate, ETA), then reports how many records were stored and how many
 * were dead-lettered since the requests were queued: exit code 1 when any were.
 */
export async function queueFetchRequests<T>(connect: () => Promise<PipelineContext>, opts: {
  source: string; topic: string; requests: T[]; key: (r: T) => string; wait: boolean; timeoutMs: number; what?: string;
  /** Bytes downloaded so far of the requests' files and their total, when the source can tell (read every second while waiting). */
  downloaded?: (ctx: PipelineContext) => Promise<{ read: number; total: number | null } | null>;
}): Promise<number> {
  const ctx = await connect();
  const admin = opts.wait ? await connectAdmin(ctx.kafka, ctx.config) : undefined;
  try {
    const topic = `${ctx.config.topicPrefix}.${opts.source}.${opts.topic}`;
    // The mark comes before the requests: only what happens after it is this command's.
    const mark = admin ? await markWork(ctx, admin, opts.source, topic) : undefined;
    await produceValues(ctx, topic, opts.requests, opts.key);
    note(`queued ${opts.requests.length} ${opts.source} fetch request(s) on ${topic}`);
    if (!admin || !mark) return 0;
    let bytes: { read: number; total: number | null } | null = null;
    let polling = true;
    const downloaded = opts.downloaded;
    const poll = downloaded ? (async () => {
      while (polling) {
        bytes = (await downloaded(ctx).catch(() => null)) ?? bytes;
        await sleep(1000);
      }
    })() : undefined;
    const watch = watchWork(admin, mark, downloaded ? { bytes: () => bytes ?? { read: 0, total: null }, bytesLabel: 'downloaded' } : {});
    try {
      await waitForSource(ctx, opts.source, opts.timeoutMs, 'fetcher', { quiet: true });
    } finally {
      polling = false;
      await watch.stop();
      await poll;
    }
    const outcome = await workOutcome(ctx, admin, mark);
    note(describeOutcome(outcome, opts.what));
    return outcome.deadLettered > 0 ? 1 : 0;
  } finally {
    await admin?.disconnect();
    await ctx.close();
  }
}
