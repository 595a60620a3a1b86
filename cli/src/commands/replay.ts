import type { Command } from 'commander';
import { loadConfig, createKafka, createLogger, connectAdmin, StrandError } from '@strand/runtime';
import { stageGroups } from '@strand/pipeline';
import { loadSources } from '@strand/sources';
import { note, UsageError } from '../output.js';
import { action, examples } from '../command-kit.js';

/**
 * `strand replay --stage S --from-time T`: moves a stage's committed offsets back to the first
 * message at or after T on every partition, so the stage reprocesses from there when it restarts.
 * Kafka refuses to move the offsets of a group with live members: stop that stage first.
 */
async function replay(opts: { stage?: string; fromTime?: string; dryRun?: boolean }): Promise<number> {
  const config = loadConfig();
  const topics: Record<string, string> = Object.fromEntries(stageGroups(config.topicPrefix, await loadSources(config)).map((g) => [g.stage, g.topic]));
  const stage = opts.stage;
  if (!stage || !(stage in topics)) throw new UsageError(`usage: strand replay --stage ${Object.keys(topics).join('|')} --from-time ISO-8601 [--dry-run]${stage ? ` (got --stage "${stage}")` : ''}`);
  const when = Date.parse(opts.fromTime ?? '');
  if (Number.isNaN(when)) throw new UsageError(`--from-time must be an ISO-8601 time such as 2026-11-23T10:00:00Z, got "${opts.fromTime ?? ''}"`);
  const topic = topics[stage]!;
  const groupId = `${config.topicPrefix}.${stage}`;
  const admin = await connectAdmin(createKafka(config, createLogger('error'), 'strand-cli'), config);
  try {
    const { groups } = await admin.describeGroups([groupId]);
    const members = groups[0]?.members.length ?? 0;
    if (members > 0) throw new StrandError('GROUP_ACTIVE', `Consumer group ${groupId} has ${members} live member(s); stop the ${stage} service(s) before replaying (Kafka refuses to move an active group's offsets)`);
    const offsets = await admin.fetchTopicOffsetsByTimestamp(topic, when);
    for (const o of offsets) note(`  ${topic}[${o.partition}] -> offset ${o.offset}`);
    if (opts.dryRun) {
      note('dry run: nothing changed');
      return 0;
    }
    await admin.setOffsets({ groupId, topic, partitions: offsets.map((o) => ({ partition: o.partition, offset: o.offset })) });
    note(`${groupId} will reprocess ${topic} from ${new Date(when).toISOString()} when it next starts`);
  } finally {
    await admin.disconnect();
  }
  return 0;
}

export function register(program: Command): void {
  examples(program.command('replay').description('shorthand for `offsets reset --stage S --to-datetime T --execute`: the stage reprocesses from T when it next starts')
    .option('--stage <stage>', 'the stage, <source>.<role> (e.g. genbank.parser)')
    .option('--from-time <iso>', 'ISO-8601 time: the first message at or after it is processed next')
    .option('--dry-run', 'print the new offsets, change nothing'),
  ['strand replay --stage genbank.parser --from-time 2026-11-23T10:00:00Z --dry-run', 'strand replay --stage genbank.parser --from-time 2026-11-23T10:00:00Z'],
  'Refused (exit 1, GROUP_ACTIVE) while the stage\'s group has live members: stop the stage first.')
    .action(action(replay));
}
