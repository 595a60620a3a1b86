#!/usr/bin/env node
// Benchmark: GenBank fetcher -> raw topic throughput, and end-to-end records/s from a division file
// to Postgres rows, on the real local stack (run `npx strand stack up` and `npx tsc -b` first).
// Usage: node bench/genbank-pipeline.mjs [--records 4000] [--write-docs]
// The division file is built from the bundled sample's 11 real records, repeated under made-up
// accessions (BENCH000001 ...), and served by the NCBI stand-in over HTTP on 127.0.0.1.
import { spawn, execSync } from 'node:child_process';
import { mkdirSync, writeFileSync, readFileSync, statSync, existsSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = (p) => join(root, p);
const { loadConfig, createKafka, connectAdmin, createLogger } = await import(dist('packages/runtime/dist/index.js'));
const { connectPipeline, startRole, stageGroups, sourceTopic, waitForDrain } = await import(dist('packages/pipeline/dist/index.js'));
const { builtInSources, genbankSource } = await import(dist('packages/sources/dist/index.js'));
const { startNcbiStandin } = await import(dist('packages/standins/dist/index.js'));
const { connectPool } = await import(dist('packages/db/dist/index.js'));

const { values } = parseArgs({ options: { records: { type: 'string', default: '4000' }, 'write-docs': { type: 'boolean', default: false } } });
const N = Number(values.records);
const work = join(root, 'bench', '.work');
mkdirSync(work, { recursive: true });

// 1. The input: a gzip division file of N records.
const divisionPath = join(work, `bench-division-${N}.seq.gz`);
if (!existsSync(divisionPath)) {
  const sample = gunzipSync(readFileSync(join(root, 'test-data/genbank/sample-division.gbff.gz'))).toString('utf8');
  const records = sample.split(/(?<=^\/\/\n)/m).filter((r) => r.startsWith('LOCUS'));
  const parts = [];
  for (let i = 0; i < N; i++) {
    const acc = `BENCH${String(i + 1).padStart(6, '0')}`;
    parts.push(records[i % records.length].replace(/^ACCESSION   \S+/m, `ACCESSION   ${acc}`).replace(/^VERSION     \S+/m, `VERSION     ${acc}.1`));
  }
  writeFileSync(divisionPath, gzipSync(Buffer.from(parts.join('')), { level: 6 }));
}
const uncompressedBytes = gunzipSync(readFileSync(divisionPath)).length;
const compressedBytes = statSync(divisionPath).size;
console.log(`input: ${N} records, ${(uncompressedBytes / 1e6).toFixed(1)} MB (${(compressedBytes / 1e6).toFixed(1)} MB gzip)`);

const ncbi = await startNcbiStandin({ dataDir: join(root, 'test-data/genbank'), divisionFiles: { 'gbbench1.seq.gz': divisionPath } });
const url = `${ncbi.url}/genbank/gbbench1.seq.gz`;

function isolated() {
  const id = randomBytes(4).toString('hex');
  const vars = { STRAND_TOPIC_PREFIX: `bench-${id}`, STRAND_DB_SCHEMA: `bench_${id}`, STRAND_LOG_LEVEL: 'warn', STRAND_STATE_DIR: join(work, `state-${id}`) };
  return { vars, config: loadConfig({ ...process.env, ...vars }) };
}

async function drain(config, steps, timeoutMs = 1_800_000) {
  const admin = await connectAdmin(createKafka(config, createLogger('error'), 'bench'), config);
  try { await waitForDrain(admin, steps, { timeoutMs, pollMs: 100 }); } finally { await admin.disconnect(); }
}

const genbankGroups = (config) => stageGroups(config.topicPrefix, builtInSources.filter((s) => s.name === 'genbank'));

async function queue(ctx) {
  const topic = sourceTopic(ctx.config.topicPrefix, 'genbank', 'fetch');
  await ctx.producer.send({ topic, acks: -1, messages: [{ key: 'bench', value: await ctx.codec.encode(topic, { requestId: `bench-${Date.now()}`, source: url, requestedAt: Date.now(), ids: [] }) }] });
}

// 2. Fetcher -> raw topic: download, gunzip, split, Avro-encode, produce (acks=all), checkpoint.
let fetchResult;
{
  const { config } = isolated();
  const ctx = await connectPipeline('bench', { config, logger: createLogger('warn'), sources: builtInSources });
  const worker = await startRole('fetcher', { config, logger: createLogger('warn'), sources: [genbankSource({ spoolDir: join(work, `spool-${config.topicPrefix}`) })] });
  const t0 = performance.now();
  await queue(ctx);
  await drain(config, genbankGroups(config).slice(0, 1));
  const s = (performance.now() - t0) / 1000;
  fetchResult = { seconds: s, recordsPerS: N / s, mbPerS: uncompressedBytes / 1e6 / s };
  console.log(`fetcher -> raw topic: ${s.toFixed(2)} s, ${fetchResult.recordsPerS.toFixed(0)} records/s, ${fetchResult.mbPerS.toFixed(1)} MB/s (uncompressed)`);
  await worker.stop();
  await ctx.pool.query(`DROP SCHEMA IF EXISTS ${config.dbSchema} CASCADE`);
  await ctx.close();
}

// 3. End to end: the four services as separate processes, as they run in production.
let e2eResult;
{
  const { config, vars } = isolated();
  const ctx = await connectPipeline('bench', { config, logger: createLogger('warn'), sources: builtInSources });
  const children = ['fetcher', 'parser', 'enricher', 'sink'].map((name) =>
    spawn(process.execPath, [join(root, 'services', name, 'dist', 'main.js')], { env: { ...process.env, ...vars }, stdio: ['ignore', 'ignore', 'inherit'] }));
  // The clock starts once every stage's group has a member (start-up is not part of the measurement).
  {
    const admin = await connectAdmin(createKafka(config, createLogger('error'), 'bench'), config);
    const groupIds = genbankGroups(config).map((g) => g.groupId);
    for (;;) {
      const { groups } = await admin.describeGroups(groupIds);
      if (groups.every((g) => g.state === 'Stable' && g.members.length > 0)) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    await admin.disconnect();
  }
  const t0 = performance.now();
  await queue(ctx);
  await drain(config, genbankGroups(config));
  const s = (performance.now() - t0) / 1000;
  const pool = await connectPool(config);
  const { rows } = await pool.query('SELECT count(*)::int AS n FROM sequences');
  const { rows: f } = await pool.query('SELECT count(*)::int AS n FROM features');
  e2eResult = { seconds: s, rows: rows[0].n, features: f[0].n, rowsPerS: rows[0].n / s };
  console.log(`end to end (division file -> Postgres rows): ${s.toFixed(2)} s, ${rows[0].n} sequences + ${f[0].n} features, ${e2eResult.rowsPerS.toFixed(0)} records/s`);
  for (const c of children) c.kill('SIGTERM');
  await Promise.all(children.map((c) => new Promise((r) => c.once('exit', r))));
  await pool.query(`DROP SCHEMA IF EXISTS ${config.dbSchema} CASCADE`);
  await pool.end();
  await ctx.close();
}
await ncbi.close();

if (values['write-docs']) {
  const cpu = (readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/) ?? [])[1] ?? 'unknown';
  const section = `## GenBank pipeline

Run: ${new Date().toISOString()} with \`node bench/genbank-pipeline.mjs --records ${N} --write-docs\` (after \`npx tsc -b\`, stack up).

Machine: \`nproc\` = ${execSync('nproc').toString().trim()}; CPU: ${cpu}; ${(Number(execSync("awk '/MemTotal/ {print $2}' /proc/meminfo").toString()) / 1048576).toFixed(0)} GiB; Node ${process.version}; Kafka 4.1.1 (one KRaft node), Apicurio 3.0.9, PostgreSQL ${(await (async () => { const pool = await connectPool(loadConfig()); const { rows } = await pool.query('SHOW server_version'); await pool.end(); return rows[0].server_version; })())}, all on this machine.

Input: ${N} GenBank records (the 11 real sample records repeated under made-up accessions), ${(uncompressedBytes / 1e6).toFixed(1)} MB uncompressed, ${(compressedBytes / 1e6).toFixed(1)} MB gzip, served over HTTP by the NCBI stand-in on 127.0.0.1.
No reference tool is named for these two figures; they are Strand's own, for tracking.

| path | seconds | records/s | MB/s (uncompressed) |
|---|---:|---:|---:|
| fetcher -> raw topic (download, gunzip, split, Avro, produce acks=all, checkpoint) | ${fetchResult.seconds.toFixed(2)} | ${fetchResult.recordsPerS.toFixed(0)} | ${fetchResult.mbPerS.toFixed(1)} |
| end to end: division file -> fetcher -> parser -> enricher -> sink -> Postgres (4 processes) | ${e2eResult.seconds.toFixed(2)} | ${e2eResult.rowsPerS.toFixed(0)} | ${(uncompressedBytes / 1e6 / e2eResult.seconds).toFixed(1)} |

End to end wrote ${e2eResult.rows} sequence rows and ${e2eResult.features} feature rows. All four services and the stack share the 2 cores.
`;
  const docs = join(root, 'docs', 'benchmarks.md');
  let text = existsSync(docs) ? readFileSync(docs, 'utf8') : '# Benchmarks\n';
  const start = text.indexOf('## GenBank pipeline');
  if (start >= 0) {
    const next = text.indexOf('\n## ', start + 5);
    text = text.slice(0, start) + section + (next >= 0 ? text.slice(next + 1) : '');
  } else {
    text = text.trimEnd() + '\n\n' + section;
  }
  writeFileSync(docs, text);
  console.log(`wrote ${docs}`);
}
process.exit(0);
