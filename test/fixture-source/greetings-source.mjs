// A small fixture source defined only inside the test folder: registering it takes this module and
// one line in the list (sources.mjs), and nothing else in the repository.
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { StrandError } from '@strand/runtime';
import { note, UsageError, produceValues, waitForSource } from '@strand/pipeline';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

/** fetcher: one request -> `count` greetings; a request for the word "poison" is refused whole. */
const fetchStage = {
  kind: 'streaming',
  name: 'greetings.fetcher',
  async *stream(request) {
    if (request.word === 'poison') throw new StrandError('INPUT_INVALID', `request ${request.requestId}: the word "poison" is refused`);
    for (let n = 1; n <= request.count; n++) {
      const id = `${request.requestId}:${n}`;
      yield { key: id, value: { id, text: `${request.word} #${n}` }, progress: n };
    }
  },
};

/**
 * parser: a greeting whose text says "bad" is poison, unless the parser runs with GREETINGS_FIXED=1
 * (the fix of a parser bug, deployed: the redrive test uses it); "awful" is always poison.
 */
const parseStage = {
  name: 'greetings.parser',
  process: (raw) => {
    if (raw.text.startsWith('bad') && process.env.GREETINGS_FIXED !== '1') throw new StrandError('RECORD_INVALID', `greeting ${raw.id}: "bad" is not a greeting`);
    if (raw.text.startsWith('awful')) throw new StrandError('RECORD_INVALID', `greeting ${raw.id}: "awful" is never a greeting`);
    return [{ ...raw, upper: raw.text.toUpperCase() }];
  },
};

const enrichStage = { name: 'greetings.enricher', process: (p) => [{ ...p, length: p.text.length }] };

const sinkStage = { name: 'greetings.sink', process: (e) => [e] };

function greetingsWriter(pool) {
  return {
    kind: 'sink',
    async write(items) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        for (const { value: g } of items) {
          await client.query('INSERT INTO greetings (id, text, upper, length) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING', [g.id, g.text, g.upper, g.length]);
        }
        await client.query('COMMIT');
        return { rejected: [] };
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw new StrandError('PG_UNREACHABLE', `greetings: ${err.message}`, { retriable: true, cause: err });
      } finally {
        client.release();
      }
    },
  };
}

const usage = 'usage: strand fetch greetings --word W --count N [--wait]';

/** @type {import('@strand/pipeline').SourceDefinition} */
export const greetingsSource = {
  name: 'greetings',
  description: 'Fixture source for the tests',
  topics: [
    { name: 'requests', schemaFile: here('schemas/greetings.requests.avsc'), partitions: 2 },
    { name: 'raw', schemaFile: here('schemas/greetings.raw.avsc') },
    { name: 'parsed', schemaFile: here('schemas/greetings.parsed.avsc') },
    { name: 'enriched', schemaFile: here('schemas/greetings.enriched.avsc') },
  ],
  stages: [
    { role: 'fetcher', input: 'requests', create: (ctx) => ({ stage: fetchStage, output: { kind: 'topic', topic: ctx.topic('raw'), key: (v) => v.id } }) },
    { role: 'parser', input: 'raw', create: (ctx) => ({ stage: parseStage, output: { kind: 'topic', topic: ctx.topic('parsed'), key: (v) => v.id } }) },
    { role: 'enricher', input: 'parsed', create: (ctx) => ({ stage: enrichStage, output: { kind: 'topic', topic: ctx.topic('enriched'), key: (v) => v.id } }) },
    { role: 'sink', input: 'enriched', create: (ctx) => ({ stage: sinkStage, output: greetingsWriter(ctx.pool) }) },
  ],
  tables: ['greetings'],
  migrationsDir: here('migrations'),
  commands: {
    fetch: {
      summary: 'queue greetings (fixture)',
      usage,
      async run(args, connect) {
        const word = args[args.indexOf('--word') + 1];
        const count = Number(args[args.indexOf('--count') + 1]);
        if (!word || !Number.isInteger(count) || count < 1) throw new UsageError(usage);
        const ctx = await connect();
        try {
          const topic = `${ctx.config.topicPrefix}.greetings.requests`;
          await produceValues(ctx, topic, [{ requestId: randomUUID(), word, count }], (r) => r.requestId);
          note(`queued ${count} greetings on ${topic}`);
          if (args.includes('--wait')) await waitForSource(ctx, 'greetings', 120_000);
        } finally {
          await ctx.close();
        }
        return 0;
      },
    },
  },
};
