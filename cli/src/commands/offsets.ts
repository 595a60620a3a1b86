import type { Command } from 'commander';
import type { Admin } from 'kafkajs';
import { loadConfig, createKafka, createLogger, connectAdmin } from '@strand/runtime';
import { stageGroups, currentOffsets, planReset, applyReset, assertGroupIdle, parseDuration, type ResetTarget, type PartitionOffsets } from '@strand/pipeline';
import { loadSources } from '@strand/sources';
import { note, UsageError, writeOut } from '../output.js';
import { action, examples, jsonOption } from '../command-kit.js';

const modesHelp = `MODE is one of
  --to-earliest            the log start
  --to-latest              the log end (skip everything waiting)
  --to-datetime ISO-8601   the first message at or after that time
  --by-duration D          the first message at or after now minus D (PT15M, P1D, 90s, 15m, 2h, 7d)
  --to-offset N            offset N (kept within the log)
  --shift-by N             the committed offset plus N (N may be negative)
Prints current -> new per partition and changes nothing unless --execute is given.
Refuses while the stage's group has live members (they are named): stop the stage first.
S is <source>.<role>, e.g. genbank.parser. Exit codes: 0 done, 1 failed or refused, 2 usage.`;

function resetTarget(values: Record<string, string | boolean | undefined>): ResetTarget {
  const modes = ['to-earliest', 'to-latest', 'to-datetime', 'by-duration', 'to-offset', 'shift-by'].filter((m) => values[m] !== undefined && values[m] !== false);
  if (modes.length !== 1) throw new UsageError(`give exactly one of --to-earliest, --to-latest, --to-datetime, --by-duration, --to-offset, --shift-by${modes.length ? ` (got --${modes.join(', --')})` : ''}\n\n${modesHelp}`);
  const mode = modes[0]!;
  const text = String(values[mode]);
  const integer = (name: string): bigint => {
    if (!/^-?\d+$/.test(text)) throw new UsageError(`--${name} must be an integer, got "${text}"`);
    return BigInt(text);
  };
  switch (mode) {
    case 'to-earliest': return { kind: 'earliest' };
    case 'to-latest': return { kind: 'latest' };
    case 'to-datetime': {
      const at = Date.parse(text);
      if (Number.isNaN(at)) throw new UsageError(`--to-datetime must be an ISO-8601 time such as 2026-11-23T10:00:00Z, got "${text}"`);
      return { kind: 'datetime', at };
    }
    case 'by-duration': {
      const ms = parseDuration(text);
      if (ms === undefined) throw new UsageError(`--by-duration must be a duration such as PT15M, P1D, 90s, 15m, 2h or 7d, got "${text}"`);
      return { kind: 'duration', ms };
    }
    case 'to-offset': {
      const offset = integer('to-offset');
      if (offset < 0n) throw new UsageError(`--to-offset must be 0 or more, got ${offset}`);
      return { kind: 'offset', offset };
    }
    default: return { kind: 'shift', by: integer('shift-by') };
  }
}

/** `--topic T` or `--topic T:0,2` against the stage's input topic: the partitions to reset (undefined: all). */
function partitionsOf(spec: string | undefined, topic: string): number[] | undefined {
  if (spec === undefined) return undefined;
  const [name, list] = spec.split(':', 2) as [string, string | undefined];
  if (name !== topic) throw new UsageError(`--topic ${name}: the stage reads ${topic}`);
  if (list === undefined || list === '') return undefined;
  const parts = list.split(',').map((p) => p.trim());
  if (!parts.every((p) => /^\d+$/.test(p))) throw new UsageError(`--topic ${spec}: partitions must be numbers separated by commas`);
  return parts.map(Number);
}

const show = (o: bigint | null) => (o === null ? '-' : o.toString());
const lagOf = (p: Omit<PartitionOffsets, 'target'>) => p.latest - (p.committed ?? p.earliest);

interface OffsetsOptions {
  stage?: string;
  topic?: string;
  json?: boolean;
  execute?: boolean;
  toEarliest?: boolean;
  toLatest?: boolean;
  toDatetime?: string;
  byDuration?: string;
  toOffset?: string;
  shiftBy?: string;
}

async function offsets(sub: 'show' | 'reset', values: OffsetsOptions): Promise<number> {
  const config = loadConfig();
  const stages = stageGroups(config.topicPrefix, await loadSources(config));
  const chosen = values.stage === undefined ? undefined : stages.find((s) => s.stage === values.stage);
  if (values.stage !== undefined && !chosen) throw new UsageError(`--stage must be one of ${stages.map((s) => s.stage).join(', ')}; got "${values.stage}"`);
  if (sub === 'reset' && !chosen) throw new UsageError(`offsets reset needs --stage (one of ${stages.map((s) => s.stage).join(', ')})`);
  const target = sub === 'reset' ? resetTarget({
    'to-earliest': values.toEarliest, 'to-latest': values.toLatest, 'to-datetime': values.toDatetime, 'by-duration': values.byDuration, 'to-offset': values.toOffset, 'shift-by': values.shiftBy,
  }) : undefined;
  const admin = await connectAdmin(createKafka(config, createLogger('error'), 'strand-cli'), config);
  try {
    if (sub === 'show') return await showOffsets(admin, chosen ? [chosen] : stages, values.json === true);
    const stage = chosen!;
    if (!(await admin.listTopics()).includes(stage.topic)) {
      process.stderr.write(`strand offsets: topic ${stage.topic} does not exist (has a service or \`strand fetch\` run with STRAND_TOPIC_PREFIX=${config.topicPrefix}?)\n`);
      return 1;
    }
    const partitions = partitionsOf(values.topic, stage.topic);
    const plan = await planReset(admin, stage.groupId, stage.topic, target!, partitions);
    const execute = values.execute === true;
    if (values.json) {
      await writeOut(`${JSON.stringify({ group: stage.groupId, topic: stage.topic, executed: execute, partitions: plan.map((p) => ({ partition: p.partition, current: p.committed?.toString() ?? null, new: p.target.toString(), earliest: p.earliest.toString(), latest: p.latest.toString() })) })}\n`);
    } else {
      await writeOut(`${'group'.padEnd(34)} ${'topic'.padEnd(34)} part    current        new\n`);
      for (const p of plan) await writeOut(`${stage.groupId.padEnd(34)} ${stage.topic.padEnd(34)} ${String(p.partition).padStart(4)} ${show(p.committed).padStart(10)} ${p.target.toString().padStart(10)}\n`);
    }
    if (!execute) {
      note('dry run: nothing changed (add --execute to commit these offsets)');
      return 0;
    }
    await assertGroupIdle(admin, stage.groupId, stage.stage);
    await applyReset(admin, stage.groupId, stage.topic, plan);
    note(`${stage.groupId}: offsets of ${plan.length} partition(s) of ${stage.topic} committed; the stage resumes from them when it next starts`);
    return 0;
  } finally {
    await admin.disconnect();
  }
}

/** `strand offsets show|reset`: a stage's committed offsets, like kafka-consumer-groups. */
export function register(program: Command): void {
  const cmd = program.command('offsets').description('a stage\'s committed offsets (its consumer group\'s): show them, or reset them like kafka-consumer-groups');
  examples(cmd, ['strand offsets show --stage genbank.sink', 'strand offsets reset --stage genbank.parser --by-duration 2h --execute']);
  examples(cmd.command('show').description('committed offset, log start, log end and lag per stage and partition')
    .option('--stage <stage>', 'only this stage, <source>.<role>')
    .addOption(jsonOption()),
  ['strand offsets show', 'strand offsets show --stage genbank.sink --json'])
    .action(action(async (opts: OffsetsOptions) => offsets('show', opts)));
  examples(cmd.command('reset').description('move a stage\'s committed offsets; a dry run (prints current -> new) unless --execute')
    .option('--stage <stage>', 'the stage, <source>.<role> (required)')
    .option('--to-earliest', 'to the log start')
    .option('--to-latest', 'to the log end (skip everything waiting)')
    .option('--to-datetime <iso>', 'to the first message at or after an ISO-8601 time')
    .option('--by-duration <duration>', 'to the first message at or after now minus a duration (PT15M, P1D, 90s, 15m, 2h, 7d)')
    .option('--to-offset <n>', 'to offset N (kept within the log)')
    .option('--shift-by <n>', 'by N from the committed offset (N may be negative: --shift-by -100)')
    .option('--topic <topic[:partitions]>', 'only some partitions of the stage\'s input topic: T:0,2')
    .option('--execute', 'commit the new offsets (refused while the group has live members)')
    .addOption(jsonOption()),
  [
    'strand offsets reset --stage genbank.parser --by-duration 2h',
    'strand offsets reset --stage genbank.parser --by-duration 2h --execute',
    'strand offsets reset --stage pubchem.enricher --shift-by -100 --topic strand.pubchem.parsed:1 --execute',
  ], modesHelp)
    .action(action(async (opts: OffsetsOptions) => offsets('reset', opts)));
}

async function showOffsets(admin: Admin, stages: ReturnType<typeof stageGroups>, json: boolean): Promise<number> {
  const existing = new Set(await admin.listTopics());
  const rows = [];
  for (const s of stages) {
    if (!existing.has(s.topic)) continue;
    for (const p of await currentOffsets(admin, s.groupId, s.topic)) rows.push({ stage: s.stage, group: s.groupId, topic: s.topic, ...p, lag: lagOf(p) });
  }
  if (rows.length === 0) {
    process.stderr.write('strand offsets: none of these stages\' topics exist yet (has a service or `strand fetch` run with this STRAND_TOPIC_PREFIX?)\n');
    return 1;
  }
  if (json) {
    await writeOut(`${JSON.stringify(rows.map((r) => ({ stage: r.stage, group: r.group, topic: r.topic, partition: r.partition, committed: r.committed?.toString() ?? null, earliest: r.earliest.toString(), latest: r.latest.toString(), lag: r.lag.toString() })))}\n`);
    return 0;
  }
  await writeOut(`${'stage'.padEnd(18)} ${'topic'.padEnd(34)} part  committed      start        end        lag\n`);
  for (const r of rows) await writeOut(`${r.stage.padEnd(18)} ${r.topic.padEnd(34)} ${String(r.partition).padStart(4)} ${show(r.committed).padStart(10)} ${r.earliest.toString().padStart(10)} ${r.latest.toString().padStart(10)} ${r.lag.toString().padStart(10)}\n`);
  return 0;
}
