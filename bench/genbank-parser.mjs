#!/usr/bin/env node
// GenBank parser benchmark: @strand/genbank (the BUILT package, packages/genbank/dist) against
// Biopython's SeqIO.parse(..., 'genbank') on the same files, then peak RSS on a ~1 GB gzip input.
//
//   npx tsc -b packages/genbank && node bench/genbank-parser.mjs [--runs 3] [--workers 2] [--no-docs] [--skip-rss]
//
// Inputs are built in bench/.work (git-ignored) by repeating files of test-data/genbank:
//   sequence-heavy.gb  NC_000932.gb + arab1.gb                                  (>= 50 MB)
//   feature-heavy.gb   NC_005816.gb + NT_019265.gb + protein_refseq2.gb + EU851978.gbk + iro.gb (>= 50 MB)
//   rss-1g.gb.gz       every fixture, ~1 GB uncompressed, gzip level 1
// Each measurement runs in a fresh child process; throughput counts the parse loop only (not process
// start-up, but including worker start-up). Both sides iterate every record and touch its features and sequence.
// Ours runs twice per round: on the main thread (the default) and with parseGenbank(..., { workers: N }).
// Results are printed
// and written to docs/benchmarks.md under "## GenBank parser" (other sections are left alone).
import { spawnSync, execFileSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { cpus, freemem, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WORK = `${ROOT}bench/.work/`;
const FIXTURES = `${ROOT}test-data/genbank/`;
const DIST = `${ROOT}packages/genbank/dist/index.js`;
const DOCS = `${ROOT}docs/benchmarks.md`;
const PYTHON = '/usr/bin/python3';
const MB = 1e6;

const BIOPYTHON_LOOP = `
import json, sys, time
from Bio import SeqIO
path = sys.argv[1]
t = time.perf_counter()
c = time.process_time()
records = features = bases = 0
for record in SeqIO.parse(path, "genbank"):
    records += 1
    if record.seq.defined:
        bases += len(str(record.seq))
    for f in record.features:
        features += 1
        f.location
        f.qualifiers
seconds = time.perf_counter() - t
cpu_seconds = time.process_time() - c
print(json.dumps({"records": records, "features": features, "bases": bases, "seconds": seconds, "cpuSeconds": cpu_seconds}))
`;

async function childParse(path, passes, workers) {
  const { parseGenbank } = await import(DIST);
  const { openInput } = await import(`${ROOT}packages/input/dist/index.js`);
  const results = [];
  for (let pass = 0; pass < passes; pass += 1) {
    const t = performance.now();
    const cpu = process.cpuUsage();
    let records = 0;
    let features = 0;
    let bases = 0;
    for await (const r of parseGenbank(openInput(path), { workers })) {
      records += 1;
      features += r.features.length;
      bases += r.sequence.length;
    }
    const seconds = (performance.now() - t) / 1000;
    const used = process.cpuUsage(cpu);
    const cpuSeconds = (used.user + used.system) / 1e6;
    results.push({ records, features, bases, seconds, cpuSeconds });
  }
  const maxRssKiB = process.resourceUsage().maxRSS;
  process.stdout.write(`${JSON.stringify({ ...results[0], warm: results[1] ?? null, maxRssKiB })}\n`);
}

function parseArgs(argv) {
  const opts = { runs: 3, workers: 2, docs: true, rss: true, sizeMb: 50 };
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--runs') opts.runs = Number(argv[++i]);
    else if (argv[i] === '--workers') opts.workers = Number(argv[++i]);
    else if (argv[i] === '--no-docs') opts.docs = false;
    else if (argv[i] === '--size-mb') opts.sizeMb = Number(argv[++i]);
    else if (argv[i] === '--skip-rss') opts.rss = false;
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  return opts;
}

async function buildRepeated(name, fixtureNames, minBytes, gzipLevel = null) {
  const path = `${WORK}${name}`;
  const parts = fixtureNames.map((f) => readFileSync(`${FIXTURES}${f}`));
  const cycle = parts.reduce((n, p) => n + p.length, 0);
  const cycles = Math.ceil(minBytes / cycle);
  const expected = cycles * cycle;
  const marker = `${path}.size`;
  if (existsSync(path) && existsSync(marker) && readFileSync(marker, 'utf8') === String(expected)) return { path, bytes: expected };
  const out = createWriteStream(path);
  const gzip = gzipLevel === null ? null : createGzip({ level: gzipLevel });
  if (gzip) gzip.pipe(out);
  const sink = gzip ?? out;
  for (let c = 0; c < cycles; c += 1) {
    for (const p of parts) if (!sink.write(p)) await once(sink, 'drain');
  }
  sink.end();
  await once(out, 'close');
  writeFileSync(marker, String(expected));
  return { path, bytes: expected };
}

function runOurs(path, passes = 1, workers = 0) {
  const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child-parse', path, String(passes), String(workers)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (run.status !== 0) throw new Error(`our parser failed on ${path}: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop());
}

function runBiopython(path) {
  const run = spawnSync(PYTHON, ['-c', BIOPYTHON_LOOP, path], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (run.status !== 0) throw new Error(`Biopython failed on ${path} (is python3-biopython installed?): ${run.stderr}`);
  return JSON.parse(run.stdout.trim());
}

function timeV(path, workers = 0) {
  if (!existsSync('/usr/bin/time')) return null;
  const run = spawnSync('/usr/bin/time', ['-v', process.execPath, fileURLToPath(import.meta.url), '--child-parse', path, '1', String(workers)], { encoding: 'utf8' });
  const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr);
  return m ? Number(m[1]) : null;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function machine() {
  const sh = (cmd, args) => {
    try {
      return execFileSync(cmd, args, { encoding: 'utf8' }).trimEnd();
    } catch {
      return 'n/a';
    }
  };
  const cpuModel = (readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/) ?? [])[1] ?? cpus()[0]?.model ?? 'n/a';
  return {
    date: new Date().toISOString(),
    nproc: sh('nproc', []),
    free: sh('free', ['-h']),
    cpuModel,
    node: process.version,
    biopython: sh(PYTHON, ['-c', 'import Bio; print(Bio.__version__)']),
    load: readFileSync('/proc/loadavg', 'utf8').trim(),
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB total, ${(freemem() / 2 ** 30).toFixed(1)} GiB free`,
  };
}

const NOTES_MARKER = '<!-- genbank-parser: notes below are kept when the script rewrites this section -->';

function writeDocs(generated) {
  const heading = '## GenBank parser';
  const current = existsSync(DOCS) ? readFileSync(DOCS, 'utf8') : '# Benchmarks\n';
  const start = current.indexOf(`${heading}\n`);
  let notes = '';
  if (start >= 0) {
    const end = current.indexOf('\n## ', start + heading.length);
    const old = current.slice(start, end < 0 ? current.length : end + 1);
    const at = old.indexOf(NOTES_MARKER);
    if (at >= 0) notes = old.slice(at + NOTES_MARKER.length).replace(/^\n+/, '').trimEnd();
  }
  const section = `${generated.trimEnd()}\n\n${NOTES_MARKER}\n\n${notes === '' ? '(no notes yet)' : notes}\n`;
  let next;
  if (start < 0) next = `${current.trimEnd()}\n\n${section}`;
  else {
    const after = current.indexOf('\n## ', start + heading.length);
    next = `${current.slice(0, start)}${section}${after < 0 ? '' : `\n${current.slice(after + 1)}`}`;
  }
  writeFileSync(DOCS, next.endsWith('\n') ? next : `${next}\n`);
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!existsSync(DIST)) throw new Error(`${DIST} is missing: build it with 'npx tsc -b packages/genbank'`);
  mkdirSync(WORK, { recursive: true });
  const inputs = [
    { label: 'sequence-heavy', ...(await buildRepeated(`sequence-heavy-${opts.sizeMb}.gb`, ['NC_000932.gb', 'arab1.gb'], opts.sizeMb * MB)) },
    {
      label: 'feature-heavy',
      ...(await buildRepeated(`feature-heavy-${opts.sizeMb}.gb`, ['NC_005816.gb', 'NT_019265.gb', 'protein_refseq2.gb', 'EU851978.gbk', 'iro.gb'], opts.sizeMb * MB)),
    },
  ];
  const rows = [];
  for (const input of inputs) {
    const serial = [];
    const parallel = [];
    const bio = [];
    for (let i = 0; i < opts.runs; i += 1) {
      // Alternate so that background load on the machine hits all sides alike.
      serial.push(runOurs(input.path, 2, 0));
      if (opts.workers > 0) parallel.push(runOurs(input.path, 2, opts.workers));
      bio.push(runBiopython(input.path));
    }
    const b = bio[0];
    for (const o of [serial[0], parallel[0]].filter(Boolean)) {
      if (o.records !== b.records || o.features !== b.features || o.bases !== b.bases) {
        throw new Error(`${input.label}: parsers disagree: ours ${JSON.stringify(o)} vs Biopython ${JSON.stringify(b)}`);
      }
    }
    const rate = (r) => input.bytes / MB / r.seconds;
    const cpuRate = (r) => input.bytes / MB / r.cpuSeconds;
    const summary = (runs) => ({
      best: Math.max(...runs.map(rate)),
      median: median(runs.map(rate)),
      cpuBest: Math.max(...runs.map(cpuRate)),
      warmBest: runs[0]?.warm ? Math.max(...runs.map((r) => rate(r.warm))) : null,
    });
    const row = {
      input: input.label,
      mb: input.bytes / MB,
      records: b.records,
      features: b.features,
      bases: b.bases,
      bio: summary(bio),
      parsers: [{ label: 'ours, main thread (default)', ...summary(serial) }],
    };
    if (parallel.length > 0) row.parsers.push({ label: `ours, \`workers: ${opts.workers}\``, ...summary(parallel) });
    rows.push(row);
    console.log(`${row.input}: ${row.mb.toFixed(1)} MB, ${row.records} records, ${row.features} features, ${row.bases} bases`);
    console.log(`  Biopython ${row.bio.best.toFixed(1)} MB/s (median ${row.bio.median.toFixed(1)}), ${row.bio.cpuBest.toFixed(1)} MB per CPU s`);
    for (const p of row.parsers) {
      console.log(
        `  ${p.label}: ${p.best.toFixed(1)} MB/s (median ${p.median.toFixed(1)}) = ${(p.best / row.bio.best).toFixed(2)}x ` +
          `(median ${(p.median / row.bio.median).toFixed(2)}x) | ${p.cpuBest.toFixed(1)} MB per CPU s = ${(p.cpuBest / row.bio.cpuBest).toFixed(2)}x | ` +
          `warm 2nd pass ${p.warmBest.toFixed(1)} MB/s = ${(p.warmBest / row.bio.best).toFixed(2)}x`,
      );
    }
  }

  const rss = [];
  if (opts.rss) {
    const all = ['NC_000932.gb', 'arab1.gb', 'NC_005816.gb', 'NT_019265.gb', 'PX1CG.gb', 'cor6_6.gb', 'iro.gb', 'protein_refseq2.gb', 'EU851978.gbk'];
    const big = await buildRepeated('rss-1g.gb.gz', all, 1e9, 1);
    for (const workers of opts.workers > 0 ? [0, opts.workers] : [0]) {
      const run = runOurs(big.path, 1, workers);
      const r = {
        label: workers === 0 ? 'main thread (default)' : `\`workers: ${workers}\``,
        uncompressedMB: big.bytes / MB,
        gzipMB: statSync(big.path).size / MB,
        records: run.records,
        seconds: run.seconds,
        maxRssMB: run.maxRssKiB / 1024,
        timeVMaxRssMB: (timeV(big.path, workers) ?? NaN) / 1024,
      };
      rss.push(r);
      console.log(
        `peak RSS, ${r.label}, on ${r.uncompressedMB.toFixed(0)} MB (${r.gzipMB.toFixed(0)} MB gzip, ${r.records} records, ` +
          `${r.seconds.toFixed(1)} s): maxRSS ${r.maxRssMB.toFixed(0)} MiB (process.resourceUsage), ` +
          `${r.timeVMaxRssMB.toFixed(0)} MiB (/usr/bin/time -v)`,
      );
    }
  }

  const m = machine();
  console.log(`machine: ${m.nproc} cpus, ${m.cpuModel}, ${m.memory}, node ${m.node}, Biopython ${m.biopython}, load ${m.load}`);
  if (!opts.docs) return;
  const lines = [
    '## GenBank parser',
    '',
    `Run: ${m.date} with \`node bench/genbank-parser.mjs --size-mb ${opts.sizeMb} --runs ${opts.runs} --workers ${opts.workers}\` (script: bench/genbank-parser.mjs; it rewrites this section down to the notes marker).`,
    '',
    `Machine: \`nproc\` = ${m.nproc}; CPU: ${m.cpuModel}; Node ${m.node}; Biopython ${m.biopython} (Debian python3-biopython, /usr/bin/python3); load average at the end: ${m.load}.`,
    'The machine is shared with other work, so timings move between runs: best and median of the runs are both shown.',
    '',
    '```',
    m.free,
    '```',
    '',
    'Throughput: MB (10^6 bytes of uncompressed input) per second of the parse loop, each run in a fresh process (worker start-up included);',
    'both sides iterate every record and touch its features and sequence (ours: `parseGenbank(openInput(path), { workers })`).',
    '"Per CPU second" divides by CPU time (user + system, all threads: Node counts its GC and JIT threads and the workers) instead of',
    'wall time: it is the per-core figure, and moves less when other processes compete for the cores. "Warm" is a second pass over',
    'the same file in the same process (JIT compiled, as in a long-running parser service); the headline columns are the first, cold pass.',
    'Ratios divide by Biopython\'s figure in the same column (best by best, median by median).',
    '',
    '| input | parser | best (median) MB/s | ratio best (median) | MB per CPU second (ratio) | warm, 2nd pass MB/s (ratio) |',
    '|---|---|---|---|---|---|',
    ...rows.flatMap((r) => [
      `| ${r.input}: ${r.mb.toFixed(1)} MB, ${r.records} records, ${r.features} features | Biopython | ${r.bio.best.toFixed(1)} (${r.bio.median.toFixed(1)}) | 1 | ${r.bio.cpuBest.toFixed(1)} | |`,
      ...r.parsers.map(
        (p) =>
          `| | ${p.label} | ${p.best.toFixed(1)} (${p.median.toFixed(1)}) | ${(p.best / r.bio.best).toFixed(2)}x (${(p.median / r.bio.median).toFixed(2)}x) | ` +
          `${p.cpuBest.toFixed(1)} (${(p.cpuBest / r.bio.cpuBest).toFixed(2)}x) | ${p.warmBest.toFixed(1)} (${(p.warmBest / r.bio.best).toFixed(2)}x) |`,
      ),
    ]),
    '',
    'Target (issue): ratio >= 5x on both inputs; peak RSS < 250 MB on a 1 GB gzip input.',
    '',
    ...rss.flatMap((r) => [
      `Peak RSS, ${r.label}: ${r.maxRssMB.toFixed(0)} MiB (process.resourceUsage().maxRSS) / ${r.timeVMaxRssMB.toFixed(0)} MiB (/usr/bin/time -v) ` +
        `parsing ${r.uncompressedMB.toFixed(0)} MB uncompressed (${r.gzipMB.toFixed(0)} MB gzip level 1, ${r.records} records) ` +
        `in ${r.seconds.toFixed(1)} s (${(r.uncompressedMB / r.seconds).toFixed(1)} MB/s including gunzip).`,
      '',
    ]),
  ];
  writeDocs(`${lines.join('\n')}\n`);
  console.log(`wrote ${DOCS}`);
}

if (process.argv[2] === '--child-parse') await childParse(process.argv[3], Number(process.argv[4] ?? 1), Number(process.argv[5] ?? 0));
else await main();
