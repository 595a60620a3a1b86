import type { Command } from 'commander';
import { loadConfig, createKafka, createLogger, connectAdmin } from '@strand/runtime';
import { groupLag, stageGroups } from '@strand/pipeline';
import { loadSources } from '@strand/sources';
import { writeOut } from '../output.js';
import { action, examples, jsonOption } from '../command-kit.js';

/** `strand lag`: per stage (every source, fetchers included) and partition, the committed offset, the partition end and the lag. */
async function lag(opts: { json?: boolean }): Promise<number> {
  const config = loadConfig();
  const steps = stageGroups(config.topicPrefix, await loadSources(config));
  const admin = await connectAdmin(createKafka(config, createLogger('error'), 'strand-cli'), config);
  try {
    const existing = new Set(await admin.listTopics());
    if (steps.every((s) => !existing.has(s.topic))) {
      process.stderr.write(`strand lag: no pipeline topics under the prefix "${config.topicPrefix}" (STRAND_TOPIC_PREFIX); has a service or \`strand fetch\` run with it?\n`);
      return 1;
    }
    const rows = [];
    for (const step of steps) {
      if (!existing.has(step.topic)) continue;
      for (const row of await groupLag(admin, step.groupId, step.topic)) rows.push({ stage: step.stage, group: step.groupId, ...row });
    }
    if (opts.json) {
      await writeOut(`${JSON.stringify(rows.map((r) => ({ stage: r.stage, group: r.group, topic: r.topic, partition: r.partition, committed: r.committed < 0n ? null : r.committed.toString(), end: r.end.toString(), lag: r.lag.toString() })))}\n`);
      return 0;
    }
    await writeOut(`${'group'.padEnd(32)} ${'topic'.padEnd(32)} part  committed        end        lag\n`);
    for (const r of rows) {
      const committed = r.committed < 0n ? '-' : r.committed.toString();
      await writeOut(`${r.group.padEnd(32)} ${r.topic.padEnd(32)} ${String(r.partition).padStart(4)} ${committed.padStart(10)} ${r.end.toString().padStart(10)} ${r.lag.toString().padStart(10)}\n`);
    }
    return 0;
  } finally {
    await admin.disconnect();
  }
}

export function register(program: Command): void {
  examples(program.command('lag').description('committed offset, partition end and lag of every stage\'s consumer group, per partition').addOption(jsonOption()),
    ['strand lag', 'strand lag --json | jq \'[.[] | select(.lag != "0")]\''],
    'Exit 1 when no pipeline topic exists under STRAND_TOPIC_PREFIX.')
    .action(action(lag));
}
