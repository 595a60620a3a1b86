import type { Command } from 'commander';
import { loadConfig, createKafka, createLogger, connectAdmin } from '@strand/runtime';
import { stageGroups, planGrowth, applyGrowth, UsageError } from '@strand/pipeline';
import { loadSources } from '@strand/sources';
import { note, writeOut } from '../output.js';
import { action, examples, jsonOption, positive } from '../command-kit.js';

const growNotes = `Raises the partition count of the topic the stage reads (Kafka admin createPartitions), on a
running pipeline. Prints topic, current -> new and changes nothing unless --execute is given.
Fewer partitions than the topic has are refused (Kafka cannot remove a partition).

Partitions bound the useful instances of a stage: an instance beyond the partition count of its
input topic sits idle. Running producers write to new partitions, and the stage's group rebalances
onto them, within STRAND_KAFKA_METADATA_MAX_AGE_MS (30 s); a new partition is read from its start,
so nothing is lost. New topics get STRAND_TOPIC_PARTITIONS (3) partitions.
A key may hash to another partition after growth, so an older version of a record can reach the
sink after a newer one: the GenBank sink keeps the newer one (README, "Key order after growth").
Exit codes: 0 done, 1 failed or refused, 2 usage.`;

interface GrowOptions { stage: string; partitions: number; execute?: boolean; json?: boolean }

async function grow(opts: GrowOptions): Promise<number> {
  const config = loadConfig();
  const stages = stageGroups(config.topicPrefix, await loadSources(config));
  const stage = stages.find((s) => s.stage === opts.stage);
  if (!stage) throw new UsageError(`--stage must be one of ${stages.map((s) => s.stage).join(', ')}; got "${opts.stage}"`);
  const admin = await connectAdmin(createKafka(config, createLogger('error'), 'strand-cli'), config);
  try {
    const plan = await planGrowth(admin, stage.topic, opts.partitions);
    const execute = Boolean(opts.execute) && plan.requested > plan.current;
    if (opts.json) {
      await writeOut(`${JSON.stringify({ stage: stage.stage, topic: plan.topic, current: plan.current, new: plan.requested, executed: execute })}\n`);
    } else {
      await writeOut(`${'stage'.padEnd(18)} ${'topic'.padEnd(34)} current    new\n`);
      await writeOut(`${stage.stage.padEnd(18)} ${plan.topic.padEnd(34)} ${String(plan.current).padStart(7)} ${String(plan.requested).padStart(6)}\n`);
    }
    if (plan.requested === plan.current) {
      note(`${plan.topic} has ${plan.current} partitions already: nothing to do`);
      return 0;
    }
    if (!execute) {
      note('dry run: nothing changed (add --execute to add the partitions)');
      return 0;
    }
    await applyGrowth(admin, plan);
    note(`${plan.topic}: ${plan.current} -> ${plan.requested} partitions; producers and ${stage.groupId} pick them up within ${Math.round(config.kafkaMetadataMaxAgeMs / 1000)} s (STRAND_KAFKA_METADATA_MAX_AGE_MS); up to ${plan.requested} instances of ${stage.stage} are now useful`);
    return 0;
  } finally {
    await admin.disconnect();
  }
}

/** `strand topics grow --stage S --partitions N [--execute] [--json]`. */
export function register(program: Command): void {
  const topics = program.command('topics').description('the pipeline\'s topics: grow a stage\'s input topic');
  examples(topics, ['strand topics grow --stage genbank.sink --partitions 6']);
  const growCmd = topics.command('grow')
    .description('raise the partition count of a stage\'s input topic on a running pipeline (a dry run unless --execute)')
    .requiredOption('--stage <stage>', 'the stage whose input topic grows, <source>.<role> (e.g. genbank.sink)')
    .requiredOption('--partitions <n>', 'the new partition count (more than the topic has)', positive('--partitions', { integer: true, max: 10_000 }))
    .option('--execute', 'add the partitions (without it: print the plan, change nothing)')
    .addOption(jsonOption());
  examples(growCmd, ['strand topics grow --stage genbank.sink --partitions 6', 'strand topics grow --stage genbank.sink --partitions 6 --execute'], growNotes)
    .action(action(async (opts: GrowOptions) => grow(opts)));
}
