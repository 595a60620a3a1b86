import { parseArgs } from 'node:util';
import { loadConfig, createKafka, createLogger, connectAdmin, ValueCodec, type DeadLetter } from '@strand/runtime';
import { deadLetterTopic } from '@strand/pipeline';
import { writeOut, UsageError } from '../output.js';

/** `strand dlq list [--limit N]`: the dead letters, newest last, one JSON object per line (without the original bytes). */
export async function dlqCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { limit: { type: 'string', default: '100' } } });
  if (positionals[0] !== 'list') throw new UsageError('usage: strand dlq list [--limit N]');
  const config = loadConfig();
  const topic = deadLetterTopic(config.topicPrefix);
  const kafka = createKafka(config, createLogger('error'), 'strand-cli');
  const admin = await connectAdmin(kafka, config);
  const ends = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const limit = Number(values.limit);
  const wanted = ends.map((e) => ({ partition: e.partition, from: BigInt(Math.max(Number(e.low), Number(e.high) - limit)), end: BigInt(e.high) })).filter((w) => w.end > w.from);
  if (wanted.length === 0) return 0;
  const codec = new ValueCodec(config);
  const consumer = kafka.consumer({ groupId: `${config.topicPrefix}.cli.dlq.${process.pid}.${Date.now()}` });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic] });
  const remaining = new Set(wanted.map((w) => w.partition));
  await new Promise<void>((resolve, reject) => {
    consumer.on(consumer.events.GROUP_JOIN, () => { for (const w of wanted) consumer.seek({ topic, partition: w.partition, offset: w.from.toString() }); });
    void consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const w = wanted.find((x) => x.partition === partition)!;
        const offset = BigInt(message.offset);
        if (offset < w.from) return;
        const dl = await codec.decode<DeadLetter>(message.value!, `${topic}[${partition}]@${message.offset}`);
        await writeOut(JSON.stringify({ ...dl, value: undefined, valueBytes: dl.value?.length ?? 0, failedAt: new Date(dl.failedAt).toISOString() }) + '\n');
        if (offset + 1n >= w.end) { remaining.delete(partition); if (remaining.size === 0) resolve(); }
      },
    }).catch(reject);
  });
  await consumer.disconnect();
  return 0;
}
