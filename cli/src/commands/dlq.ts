import { parseArgs } from 'node:util';
import { loadConfig, createKafka, createLogger, connectAdmin, ValueCodec, readTopicRanges, redact, type DeadLetter } from '@strand/runtime';
import { deadLetterTopic, positiveOption } from '@strand/pipeline';
import { writeOut, UsageError } from '../output.js';

/**
 * `strand dlq list [--limit N]`: the dead letters, newest last, one JSON object per line (without
 * the original bytes). Reasons are redacted again, for dead letters written before reasons were.
 */
export async function dlqCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { limit: { type: 'string', default: '100' } } });
  if (positionals[0] !== 'list') throw new UsageError('usage: strand dlq list [--limit N]');
  const limit = positiveOption('--limit', values.limit, { integer: true, max: 1_000_000 });
  const config = loadConfig();
  const topic = deadLetterTopic(config.topicPrefix);
  const kafka = createKafka(config, createLogger('error'), 'strand-cli');
  const admin = await connectAdmin(kafka, config);
  const ends = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const wanted = ends.map((e) => ({ partition: e.partition, from: BigInt(Math.max(Number(e.low), Number(e.high) - limit)), end: BigInt(e.high) })).filter((w) => w.end > w.from);
  if (wanted.length === 0) return 0;
  const codec = new ValueCodec(config);
  await readTopicRanges(kafka, topic, wanted, async (partition, message) => {
    const dl = await codec.decode<DeadLetter>(message.value!, `${topic}[${partition}]@${message.offset}`);
    await writeOut(JSON.stringify({ ...dl, reason: redact(dl.reason), value: undefined, valueBytes: dl.value?.length ?? 0, failedAt: new Date(dl.failedAt).toISOString() }) + '\n');
  }, { groupPrefix: `${config.topicPrefix}.cli.dlq` });
  return 0;
}
