import { hostname, userInfo } from 'node:os';
import type { Command } from 'commander';
import { loadConfig, createKafka, createLogger, connectAdmin } from '@strand/runtime';
import { stageGroups, publishStageControl, controlTopic, UsageError, type StageControlState } from '@strand/pipeline';
import { loadSources } from '@strand/sources';
import { note } from '../output.js';
import { action, examples } from '../command-kit.js';

const notes = {
  pause: `Every instance of the stage, in any process, stops fetching its input topic but stays in its
consumer group (it keeps heartbeating: no rebalance). A chunk in progress (for a fetcher, the fetch
request in progress) finishes and commits; after it the stage commits nothing and loses nothing:
the records wait in Kafka. A stage paused before its process starts stays paused.
The command goes to the compacted control topic <prefix>.control (key: the stage name), which every
service process follows; running instances apply it within about a second.
Exit codes: 0 done, 1 failed, 2 usage.`,
  resume: `Every instance of the stage fetches again from its committed offsets: what waited is processed.
The command goes to the control topic <prefix>.control, like \`strand pause\`.
Exit codes: 0 done, 1 failed, 2 usage.`,
};

/** Who runs the command, as the control message records it. */
function operator(): string {
  let user = process.env.USER ?? 'unknown';
  try { user = userInfo().username; } catch { /* no passwd entry (a container): keep $USER */ }
  return `${user}@${hostname()}`;
}

/** Publishes the pause or resume of `stageName` and says how many live instances follow it. */
async function setStage(verb: 'pause' | 'resume', stageName: string): Promise<number> {
  const config = loadConfig();
  const stages = stageGroups(config.topicPrefix, await loadSources(config));
  const stage = stages.find((s) => s.stage === stageName);
  if (!stage) throw new UsageError(`--stage must be one of ${stages.map((s) => s.stage).join(', ')}; got "${stageName}"`);
  const state: StageControlState = verb === 'pause' ? 'paused' : 'resumed';
  const kafka = createKafka(config, createLogger('error'), 'strand-cli');
  const control = { stage: stage.stage, state, by: operator(), at: Date.now() };
  await publishStageControl(kafka, config, control);
  const admin = await connectAdmin(kafka, config);
  let members = 0;
  try {
    members = (await admin.describeGroups([stage.groupId])).groups[0]?.members.length ?? 0;
  } finally {
    await admin.disconnect();
  }
  const instances = members === 0
    ? `no instance is running now; instances started later ${verb === 'pause' ? 'stay paused' : 'consume'}`
    : `its ${members} live instance(s) in group ${stage.groupId} ${verb === 'pause' ? 'stop fetching and stay in the group (a chunk in progress finishes and commits)' : 'fetch again from their committed offsets'}`;
  note(`${stage.stage} ${state} by ${control.by} (${controlTopic(config.topicPrefix)}): ${instances}`);
  return 0;
}

/** `strand pause --stage S` and `strand resume --stage S`. */
export function register(program: Command): void {
  for (const verb of ['pause', 'resume'] as const) {
    const cmd = program.command(verb)
      .description(verb === 'pause'
        ? 'stop every running instance of a stage consuming, in any process, without leaving its group'
        : 'let every instance of a paused stage consume again')
      .requiredOption('--stage <stage>', 'the stage, <source>.<role> (e.g. genbank.sink)');
    examples(cmd, [`strand ${verb} --stage genbank.sink`, `strand ${verb} --stage pubchem.enricher`], notes[verb])
      .action(action(async (opts: { stage: string }) => setStage(verb, opts.stage)));
  }
}
