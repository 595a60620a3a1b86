import { loadConfig, createKafka, createLogger, connectAdmin } from '@strand/runtime';
import { groupLag, stageGroups } from '@strand/pipeline';
import { loadSources } from '@strand/sources';

/** `strand lag`: per stage (every source, fetchers included) and partition, the committed offset, the partition end and the lag. */
export async function lagCommand(): Promise<number> {
  const config = loadConfig();
  const steps = stageGroups(config.topicPrefix, await loadSources(config));
  const admin = await connectAdmin(createKafka(config, createLogger('error'), 'strand-cli'), config);
  try {
    const existing = new Set(await admin.listTopics());
    const missing = steps.filter((s) => !existing.has(s.topic));
    if (missing.length === steps.length) {
      process.stderr.write(`strand lag: no pipeline topics under the prefix "${config.topicPrefix}" (STRAND_TOPIC_PREFIX); has a service or \`strand fetch\` run with it?\n`);
      return 1;
    }
    process.stdout.write(`${'group'.padEnd(32)} ${'topic'.padEnd(32)} part  committed        end        lag\n`);
    for (const step of steps) {
      if (!existing.has(step.topic)) continue;
      for (const row of await groupLag(admin, step.groupId, step.topic)) {
        const committed = row.committed < 0n ? '-' : row.committed.toString();
        process.stdout.write(`${step.groupId.padEnd(32)} ${step.topic.padEnd(32)} ${String(row.partition).padStart(4)} ${committed.padStart(10)} ${row.end.toString().padStart(10)} ${row.lag.toString().padStart(10)}\n`);
      }
    }
  } finally {
    await admin.disconnect();
  }
  return 0;
}
