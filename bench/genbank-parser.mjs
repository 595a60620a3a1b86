#!/usr/bin/env node
// GenBank parser benchmark: @strand/genbank (the BUILT package, packages/genbank/dist) against
// Biopython's SeqIO.parse(..., 'genbank') on the same files, then peak RSS on a ~1 GB gzip input.
//
//   npx tsc -b packages/genbank && node bench/genbank-parser.mjs [--runs 3] [--no-docs] [--skip-rss]
//
// Inputs are built in bench/.work (git-ignored) by repeating files of test-data/genbank:
//   sequence-heavy.gb  NC_000932.gb + arab1.gb                                  (>= 50 MB)
//   feature-heavy.gb   NC_005816.gb + NT_019265.gb + protein_refseq2.gb + EU851978.gbk + iro.gb (>= 50 MB)
//   rss-1g.gb.gz       every fixture, ~1 GB uncompressed, gzip level 1
// Each measurement runs in a fresh child process; throughput counts the parse loop only (not process
// start-up). Both sides iterate every record and touch its features and sequence. Results are printed
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

async function childParse(path, passes) {
  const { openGenbankFile, parseGenbank } = await import(DIST);
  const results = [];
  for (let pass = 0; pass < passes; pass += 1) {
    const t = performance.now();
    const cpu = process.cpuUsage();
    let records = 0;
    let features = 0;
    let bases = 0;
    for await (const r of parseGenbank(openGenbankFile(path))) {
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
  const opts = { runs: 3, docs: true, rss: true };
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--runs') opts.runs = Number(argv[++i]);
    else if (argv[i] === '--no-docs') opts.docs = false;
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

function runOurs(path, passes = 1) {
  const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child-parse', path, String(passes)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (run.status !== 0) throw new Error(`our parser failed on ${path}: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop());
}

function runBiopython(path) {
  const run = spawnSync(PYTHON, ['-c', BIOPYTHON_LOOP, path], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (run.status !== 0) throw new Error(`Biopython failed on ${path} (is python3-biopython installed?): ${run.stderr}`);
  return JSON.parse(run.stdout.trim());
}

function timeV(path) {
  if (!existsSync('/usr/bin/time')) return null;
  const run = spawnSync('/usr/bin/time', ['-v', process.execPath, fileURLToPath(import.meta.url), '--child-parse', path, '1'], { encoding: 'utf8' });
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
    { label: 'sequence-heavy', ...(await buildRepeated('sequence-heavy.gb', ['NC_000932.gb', 'arab1.gb'], 50 * MB)) },
    {
      label: 'feature-heavy',
      ...(await buildRepeated('feature-heavy.gb', ['NC_005816.gb', 'NT_019265.gb', 'protein_refseq2.gb', 'EU851978.gbk', 'iro.gb'], 50 * MB)),
    },
  ];
  const rows = [];
  for (const input of inputs) {
    const ours = [];
    const bio = [];
    for (let i = 0; i < opts.runs; i += 1) {
      // Alternate so that background load on the machine hits both sides alike.
      ours.push(runOurs(input.path, 2));
      bio.push(runBiopython(input.path));
    }
    const o = ours[0];
    const b = bio[0];
    if (o.records !== b.records || o.features !== b.features || o.bases !== b.bases) {
      throw new Error(`${input.label}: parsers disagree: ours ${JSON.stringify(o)} vs Biopython ${JSON.stringify(b)}`);
    }
    const rate = (r) => input.bytes / MB / r.seconds;
    const cpuRate = (r) => input.bytes / MB / r.cpuSeconds;
    const row = {
      input: input.label,
      mb: input.bytes / MB,
      records: o.records,
      features: o.features,
      bases: o.bases,
      oursBest: Math.max(...ours.map(rate)),
      oursMedian: median(ours.map(rate)),
      bioBest: Math.max(...bio.map(rate)),
      bioMedian: median(bio.map(rate)),
    };
    row.oursCpuBest = Math.max(...ours.map(cpuRate));
    row.oursWarmBest = Math.max(...ours.map((r) => rate(r.warm)));
    row.bioCpuBest = Math.max(...bio.map(cpuRate));
    row.ratioBest = row.oursBest / row.bioBest;
    row.ratioCpu = row.oursCpuBest / row.bioCpuBest;
    row.ratioMedian = row.oursMedian / row.bioMedian;
    rows.push(row);
    console.log(
      `${row.input}: ${row.mb.toFixed(1)} MB, ${row.records} records, ${row.features} features, ${row.bases} bases | ` +
        `ours ${row.oursBest.toFixed(1)} MB/s (median ${row.oursMedian.toFixed(1)}) | Biopython ${row.bioBest.toFixed(1)} MB/s ` +
        `(median ${row.bioMedian.toFixed(1)}) | ratio ${row.ratioBest.toFixed(2)}x (median ${row.ratioMedian.toFixed(2)}x) | ` +
        `per CPU second: ours ${row.oursCpuBest.toFixed(1)}, Biopython ${row.bioCpuBest.toFixed(1)}, ratio ${row.ratioCpu.toFixed(2)}x | ` +
        `ours warm (2nd pass) ${row.oursWarmBest.toFixed(1)} MB/s, ratio ${(row.oursWarmBest / row.bioBest).toFixed(2)}x`,
    );
  }

  let rss = null;
  if (opts.rss) {
    const all = ['NC_000932.gb', 'arab1.gb', 'NC_005816.gb', 'NT_019265.gb', 'PX1CG.gb', 'cor6_6.gb', 'iro.gb', 'protein_refseq2.gb', 'EU851978.gbk'];
    const big = await buildRepeated('rss-1g.gb.gz', all, 1e9, 1);
    const run = runOurs(big.path);
    rss = {
      uncompressedMB: big.bytes / MB,
      gzipMB: statSync(big.path).size / MB,
      records: run.records,
      seconds: run.seconds,
      maxRssMB: run.maxRssKiB / 1024,
      timeVMaxRssMB: (timeV(big.path) ?? NaN) / 1024,
    };
    console.log(
      `peak RSS on ${rss.uncompressedMB.toFixed(0)} MB (${rss.gzipMB.toFixed(0)} MB gzip, ${rss.records} records, ` +
        `${rss.seconds.toFixed(1)} s): maxRSS ${rss.maxRssMB.toFixed(0)} MiB (process.resourceUsage), ` +
        `${rss.timeVMaxRssMB.toFixed(0)} MiB (/usr/bin/time -v)`,
    );
  }

  const m = machine();
  console.log(`machine: ${m.nproc} cpus, ${m.cpuModel}, ${m.memory}, node ${m.node}, Biopython ${m.biopython}, load ${m.load}`);
  if (!opts.docs) return;
  const lines = [
    '## GenBank parser',
    '',
    `Run: ${m.date} with \`node bench/genbank-parser.mjs --runs ${opts.runs}\` (script: bench/genbank-parser.mjs; it rewrites this section down to the notes marker).`,
    '',
    `Machine: \`nproc\` = ${m.nproc}; CPU: ${m.cpuModel}; Node ${m.node}; Biopython ${m.biopython} (Debian python3-biopython, /usr/bin/python3); load average at the end: ${m.load}.`,
    'The machine is shared with other work, so timings move between runs: best and median of the runs are both shown.',
    '',
    '```',
    m.free,
    '```',
    '',
    'Throughput: MB (10^6 bytes of uncompressed input) per second of the parse loop, each run in a fresh process;',
    'both sides iterate every record and touch its features and sequence (ours: `parseGenbank(openGenbankFile(path))`).',
    'The last column divides by CPU time (user + system, all threads: Node counts its GC and JIT threads) instead of wall time,',
    'which moves less when other processes compete for the 2 cores. "Warm" is a second pass over the same file in the same',
    'process (JIT compiled, as in a long-running parser service); the headline columns are the first, cold pass.',
    '',
    '| input | size | records | features | ours best (median) | Biopython best (median) | ratio best (median) | ratio per CPU second (ours / Biopython) | ours warm, 2nd pass (ratio) |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.input} | ${r.mb.toFixed(1)} MB | ${r.records} | ${r.features} | ${r.oursBest.toFixed(1)} (${r.oursMedian.toFixed(1)}) MB/s | ` +
        `${r.bioBest.toFixed(1)} (${r.bioMedian.toFixed(1)}) MB/s | ${r.ratioBest.toFixed(2)}x (${r.ratioMedian.toFixed(2)}x) | ` +
          `${r.ratioCpu.toFixed(2)}x (${r.oursCpuBest.toFixed(1)} / ${r.bioCpuBest.toFixed(1)} MB per CPU s) | ` +
          `${r.oursWarmBest.toFixed(1)} MB/s (${(r.oursWarmBest / r.bioBest).toFixed(2)}x) |`,
    ),
    '',
    'Target (issue): ratio >= 5x on both inputs; peak RSS < 250 MB on a 1 GB gzip input.',
    '',
  ];
  if (rss) {
    lines.push(
      `Peak RSS: ${rss.maxRssMB.toFixed(0)} MiB (process.resourceUsage().maxRSS) / ${rss.timeVMaxRssMB.toFixed(0)} MiB (/usr/bin/time -v) ` +
        `parsing ${rss.uncompressedMB.toFixed(0)} MB uncompressed (${rss.gzipMB.toFixed(0)} MB gzip level 1, ${rss.records} records) ` +
        `in ${rss.seconds.toFixed(1)} s (${(rss.uncompressedMB / rss.seconds).toFixed(1)} MB/s including gunzip).`,
      '',
    );
  }
  writeDocs(`${lines.join('\n')}\n`);
  console.log(`wrote ${DOCS}`);
}

if (process.argv[2] === '--child-parse') await childParse(process.argv[3], Number(process.argv[4] ?? 1));
else await main();
