// The direct path: one process, no Kafka. The division file is read, gunzipped and split by the
// fetcher's own code (openSource + genbankRecords), then each record goes through the stages'
// own functions (genbankParseStage.process: parse the record bytes + record SHA-256;
// genbankEnrichStage.process: sequence SHA-256 + GC content; toGenbankRows, the sink stage's
// mapping) and the rows are written by the sink service's writer, genbankWriter(pool).write(items),
// in chunks of config.stageChunkSize records (one transaction each), as the sink does.
//
// Two phases, so that process.cpuUsage() around a step counts only that step: first the whole file
// is split into raw records in memory (gunzip runs on libuv's thread pool and would otherwise overlap
// the parse calls), then each chunk is parsed, enriched, mapped to rows and written. The process'
// CPU includes V8's helper threads (GC), which is part of the cost of whatever step ran.
import { postgresCpuSeconds } from './proc-stats.mjs';

const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** Runs the direct path into the schema `pool` points at; returns wall and CPU seconds per step, Postgres CPU and records written. */
export async function runDirectPath({ sources, divisionPath, pool, chunkSize, logger, log = () => undefined }) {
  const { openSource, genbankRecords, genbankParseStage, genbankEnrichStage, toGenbankRows, genbankWriter } = sources;
  const steps = {
    read: { wall: 0, cpu: 0 }, // open, gunzip, sniff, split into raw values (the fetcher's code, minus HTTP and Kafka)
    parse: { wall: 0, cpu: 0 },
    enrich: { wall: 0, cpu: 0 },
    rows: { wall: 0, cpu: 0 },
    write: { wall: 0, cpu: 0 }, // genbankWriter.write: COPY text encoding in this process, the transaction in Postgres
  };
  const pg0 = postgresCpuSeconds();
  const t0 = performance.now();
  const cpu0 = cpuNow();

  const raws = [];
  const source = await openSource(divisionPath);
  for await (const out of genbankRecords(source)) raws.push(out.value);
  steps.read.wall = (performance.now() - t0) / 1000;
  steps.read.cpu = cpuNow() - cpu0;
  log(`direct: split ${raws.length} records in ${steps.read.wall.toFixed(2)} s`);

  const writer = genbankWriter(pool);
  let written = 0;
  let rejected = 0;
  for (let from = 0; from < raws.length; from += chunkSize) {
    const items = [];
    for (let i = from; i < Math.min(from + chunkSize, raws.length); i++) {
      const where = { topic: 'direct', partition: 0, offset: String(i) };
      const ctx = { ...where, key: raws[i].accession, logger };
      let w = performance.now();
      let c = cpuNow();
      const [parsed] = genbankParseStage.process(raws[i], ctx);
      let w2 = performance.now();
      let c2 = cpuNow();
      steps.parse.wall += (w2 - w) / 1000;
      steps.parse.cpu += c2 - c;
      [w, c] = [w2, c2];
      const [enriched] = genbankEnrichStage.process(parsed, ctx);
      [w2, c2] = [performance.now(), cpuNow()];
      steps.enrich.wall += (w2 - w) / 1000;
      steps.enrich.cpu += c2 - c;
      [w, c] = [w2, c2];
      const rows = toGenbankRows(enriched, where);
      [w2, c2] = [performance.now(), cpuNow()];
      steps.rows.wall += (w2 - w) / 1000;
      steps.rows.cpu += c2 - c;
      items.push({ value: rows, key: rows.accession, source: where });
      raws[i] = null; // let the raw text go once it is parsed
    }
    const w = performance.now();
    const c = cpuNow();
    const result = await writer.write(items);
    steps.write.wall += (performance.now() - w) / 1000;
    steps.write.cpu += cpuNow() - c;
    rejected += result.rejected.length;
    written += items.length - result.rejected.length;
  }
  const seconds = (performance.now() - t0) / 1000;
  return { seconds, cpu: cpuNow() - cpu0, postgresCpu: postgresCpuSeconds() - pg0, steps, records: raws.length, written, rejected };
}
