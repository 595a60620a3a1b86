import { Option, type Command } from 'commander';
import type { Admin } from 'kafkajs';
import { Redis } from 'ioredis';
import { loadConfig, createKafka, createLogger, connectAdmin, sleep, withDeadline } from '@strand/runtime';
import { stageGroups } from '@strand/pipeline';
import { loadSources } from '@strand/sources';
import { writeOut } from '../output.js';
import { action, examples, jsonOption, positive } from '../command-kit.js';
import { collectStatus, sampleCommits, type CommitSample, type StatusClients } from '../status/collect-status.js';
import { renderStatus } from '../status/render-status.js';

interface StatusOptions {
  watch?: boolean;
  interval: number;
  sampleS: number;
  json?: boolean;
}

const MINUTE = 60_000;

/** `strand status [--watch]`: one screen per source and stage; see the help for what each figure measures. */
async function status(opts: StatusOptions): Promise<number> {
  const config = loadConfig();
  const stages = stageGroups(config.topicPrefix, await loadSources(config));
  const kafka = createKafka(config, createLogger('error'), 'strand-cli');
  let admin: Admin | undefined;
  let redis: Redis | null | undefined;
  const clients: StatusClients = {
    config, kafka,
    admin: async () => (admin ??= await connectAdmin(kafka, config)),
    redis: async () => {
      if (redis !== undefined) return redis;
      const client = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
      client.on('error', () => undefined); // a Redis that went away shows as "unknown"
      redis = await withDeadline(client.connect(), config.connectTimeoutMs, 'REDIS_UNREACHABLE', 'Redis').then(() => client, () => { client.disconnect(); return null; });
      return redis;
    },
  };
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  const tty = process.stdout.isTTY === true;
  try {
    // Out/s needs two samples of the committed offsets: one now, the next after --sample-s (then, under --watch, the oldest of the last minute).
    const history: CommitSample[] = [];
    const first = await sampleCommits(await clients.admin(), stages).catch(() => undefined);
    if (first) history.push(first);
    await sleep(opts.sampleS * 1000, stop.signal);
    for (;;) {
      const { report, sample } = await collectStatus(clients, stages, history[0]);
      if (sample) {
        history.push(sample);
        while (history.length > 2 && sample.at - history[1]!.at >= MINUTE) history.shift();
      }
      if (opts.json) await writeOut(`${JSON.stringify(report)}\n`);
      else await writeOut(`${opts.watch && tty ? '\x1b[H\x1b[2J' : ''}${renderStatus(report)}${opts.watch && !tty ? '\n' : ''}`);
      if (!opts.watch) return report.stack.every((s) => s.up || s.optional) ? 0 : 1;
      await sleep(opts.interval * 1000, stop.signal);
    }
  } catch (err) {
    if (stop.signal.aborted) return 0; // Ctrl-C ends --watch
    throw err;
  } finally {
    process.off('SIGINT', onSignal);
    redis?.disconnect();
    await admin?.disconnect();
  }
}

export function register(program: Command): void {
  examples(program.command('status').description('one screen: per source and stage its instances, lag, rates and state; dead letters; upstream budgets; the stack')
    .option('--watch', 'redraw every --interval seconds until Ctrl-C')
    .addOption(new Option('--interval <seconds>', 'seconds between redraws under --watch').argParser(positive('--interval', { max: 3600 })).default(5))
    .addOption(new Option('--sample-s <seconds>', 'seconds between the two samples behind out/s').argParser(positive('--sample-s', { max: 600 })).default(3))
    .addOption(jsonOption()),
  ['strand status', 'strand status --watch --interval 2', 'strand status --json | jq \'.stages[] | select(.lag > 0)\''],
  `What it shows, per stage (<source>.<role>):
  inst   live members of the stage's consumer group (running instances)
  lag    messages on its input topic not yet committed by the stage
  in/s   records that arrived on its input topic in the last minute (by Kafka timestamps), per second
  out/s  records the stage committed (processed, output durable) per second, measured between two
         samples of its committed offsets: --sample-s apart, then (--watch) over the last minute
  state  running, no instance, no topic yet, or PAUSED (strand pause)
and dead letters written in the last hour, the upstream budgets shared through Redis (grants in
each window; a shared pause is PubChem's throttling at Black), and whether each stack component
answers. Exit 1 when a required stack component is down.`)
    .action(action(status));
}
