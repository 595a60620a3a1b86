// Benchmark: RDKit descriptors for @strand/chem (RDKit MinimalLib as WebAssembly) against native RDKit.
//
//   npx tsc -b packages/chem packages/pubchem
//   node bench/rdkit-enrich.mjs [--repeat 20] [--write-docs]
//
// Needs Debian's python3-rdkit (run with /usr/bin/python3) and libinchi-bin (inchi_main), because
// Debian builds RDKit without InChI. Same input on both sides: the molblocks of
// test-data/molecules/solubility.test.sdf, repeated --repeat times. Reports molecules/s for
// (a) our path on the main thread, on a DescriptorPool of 1 and of 2 workers, (b) native RDKit
// descriptors + native InChI, and (c) how many molecules agree field by field.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DescriptorPool, computeDescriptors, loadRdkit } from '../packages/chem/dist/index.js';
import { parseSdf } from '../packages/pubchem/dist/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const sdfPath = join(root, 'test-data/molecules/solubility.test.sdf');
const args = process.argv.slice(2);
const repeat = Number(args[args.indexOf('--repeat') + 1] || 20) || 20;
const writeDocs = args.includes('--write-docs');
const rounds = Number(args[args.indexOf('--rounds') + 1] || 3) || 3; // best of N: the machine is shared with other work
const PYTHON = '/usr/bin/python3'; // Debian's, which has python3-rdkit; not the pyenv python3 on PATH

const records = [];
for await (const record of parseSdf([readFileSync(sdfPath)])) records.push(record);
const inputs = records.map((r) => ({ molblock: r.molblock }));
const repeated = Array.from({ length: repeat }, () => inputs).flat();
console.log(`${records.length} molecules x ${repeat} = ${repeated.length} per timed run`);

// (a) ours
const rdkit = await loadRdkit();
const ours = inputs.map((input) => computeDescriptors(rdkit, input)); // warm-up; also the values compared
const loadBefore = loadavg();
async function best(run) {
  let fastest = Infinity;
  for (let i = 0; i < rounds; i++) fastest = Math.min(fastest, await run());
  return fastest;
}
const mainSeconds = await best(async () => {
  const start = performance.now();
  for (const input of repeated) computeDescriptors(rdkit, input);
  return (performance.now() - start) / 1000;
});

async function poolRun(size) {
  const pool = new DescriptorPool(size);
  try {
    await pool.compute(inputs); // warm-up: loads RDKit in every worker
    return await best(async () => {
      const start = performance.now();
      const results = await pool.compute(repeated);
      const seconds = (performance.now() - start) / 1000;
      const errors = results.filter((r) => 'error' in r).length;
      if (errors > 0) throw new Error(`pool of ${size}: ${errors} errors`);
      return seconds;
    });
  } finally {
    await pool.close();
  }
}
const pool1Seconds = await poolRun(1);
const pool2Seconds = await poolRun(2);

// (b) native: RDKit descriptors in Python, then InChI with inchi_main on the same repeated SDF
const runPython = () => JSON.parse(execFileSync(PYTHON, [join(root, 'bench/rdkit-enrich.py'), sdfPath, String(repeat)], { maxBuffer: 64 << 20 }).toString());
let python = runPython();
for (let i = 1; i < rounds; i++) {
  const again = runPython();
  if (again.seconds < python.seconds) python = again;
}
const scratch = mkdtempSync(join(tmpdir(), 'rdkit-enrich-'));
let inchiSeconds;
let nativeInchi;
let inchiVersion;
try {
  const sdfText = readFileSync(sdfPath);
  writeFileSync(join(scratch, 'one.sdf'), sdfText);
  writeFileSync(join(scratch, 'many.sdf'), Buffer.concat(Array(repeat).fill(sdfText)));
  const runInchi = (name) => {
    const start = performance.now();
    const result = spawnSync('inchi_main', [name, `${name}.out`, `${name}.log`, `${name}.prb`, '-Key', '-AuxNone'], { cwd: scratch });
    const seconds = (performance.now() - start) / 1000;
    if (result.status !== 0 && result.status !== null && !readFileSync(join(scratch, `${name}.out`), 'utf8').includes('InChI=')) {
      throw new Error(`inchi_main failed: ${result.stderr}`);
    }
    return seconds;
  };
  runInchi('one.sdf');
  inchiSeconds = Infinity;
  for (let i = 0; i < rounds; i++) inchiSeconds = Math.min(inchiSeconds, runInchi('many.sdf'));
  nativeInchi = parseInchiOutput(readFileSync(join(scratch, 'one.sdf.out'), 'utf8'));
  inchiVersion = /Software version ([\d.]+)/.exec(readFileSync(join(scratch, 'one.sdf.log'), 'utf8') + spawnSync('inchi_main', [], { cwd: scratch }).stdout)?.[1] ?? 'unknown';
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

function parseInchiOutput(text) {
  const out = [];
  let current = -1;
  for (const line of text.split('\n')) {
    const structure = /^Structure: (\d+)/.exec(line);
    if (structure) current = Number(structure[1]) - 1;
    else if (line.startsWith('InChI=')) (out[current] ??= {}).inchi = line.trim();
    else if (line.startsWith('InChIKey=')) (out[current] ??= {}).inchiKey = line.slice('InChIKey='.length).trim();
  }
  return out;
}

// (c) values
const TOLERANCE = { molecularWeight: 1e-3, exactMass: 1e-5, crippenLogP: 1e-3, tpsa: 1e-2 };
const FIELDS = ['formula', 'molecularWeight', 'exactMass', 'crippenLogP', 'tpsa', 'hbondDonors', 'hbondAcceptors', 'rotatableBonds', 'rings', 'inchi', 'inchiKey', 'canonicalSmiles'];
const differences = Object.fromEntries(FIELDS.map((f) => [f, []]));
let agreeing = 0;
records.forEach((record, i) => {
  const native = { ...python.values[i], ...nativeInchi[i] };
  let same = true;
  for (const field of FIELDS) {
    const a = ours[i][field];
    const b = native[field];
    const equal = field in TOLERANCE ? Math.abs(a - b) <= TOLERANCE[field] : a === b;
    if (!equal) {
      same = false;
      differences[field].push({ index: i, title: record.title, ours: a, native: b });
    }
  }
  if (same) agreeing++;
});

const n = repeated.length;
const rate = (seconds) => Math.round(n / seconds);
const nativeDescriptorRate = python.molecules / python.seconds;
const nativeInchiRate = n / inchiSeconds;
const nativeRate = 1 / (1 / nativeDescriptorRate + 1 / nativeInchiRate); // one core does both in turn
const cpuModel = cpus()[0]?.model ?? 'unknown';
const machine = {
  date: new Date().toISOString().slice(0, 10),
  nproc: execFileSync('nproc').toString().trim(),
  cpu: cpuModel,
  memory: `${Math.round(totalmem() / 2 ** 30)} GiB`,
  node: process.version,
  rdkitWasm: rdkit.version(),
  rdkitNative: python.rdkitVersion,
  python: python.python,
  inchiNative: inchiVersion,
  load: `${loadBefore.map((l) => l.toFixed(2)).join(' ')} before, ${loadavg().map((l) => l.toFixed(2)).join(' ')} after`,
};

const rows = [
  ['@strand/chem, main thread (1 core)', rate(mainSeconds), rate(mainSeconds)],
  ['@strand/chem, DescriptorPool(1)', rate(pool1Seconds), rate(pool1Seconds)],
  ['@strand/chem, DescriptorPool(2)', rate(pool2Seconds), Math.round(rate(pool2Seconds) / 2)],
  [`native RDKit ${python.rdkitVersion} descriptors only (Python, 1 core)`, Math.round(nativeDescriptorRate), Math.round(nativeDescriptorRate)],
  [`native InChI ${inchiVersion} only (inchi_main, 1 core)`, Math.round(nativeInchiRate), Math.round(nativeInchiRate)],
  ['native total: descriptors + InChI (1 core)', Math.round(nativeRate), Math.round(nativeRate)],
];
const fieldLines = FIELDS.map((f) => {
  const list = differences[f];
  if (list.length === 0) return `| ${f} | 0 | |`;
  const examples = list.slice(0, 3).map((d) => `#${d.index} ${d.title}: ours ${JSON.stringify(d.ours)}, native ${JSON.stringify(d.native)}`).join('; ');
  return `| ${f} | ${list.length} | ${examples.replaceAll('|', '\\|')} |`;
});

const section = `## RDKit enrichment

Measured ${machine.date} with \`node bench/rdkit-enrich.mjs --repeat ${repeat}\` (after \`npx tsc -b packages/chem packages/pubchem\`).
Machine: ${machine.nproc} cores (nproc), ${machine.cpu}, ${machine.memory}; Node ${machine.node}; @rdkit/rdkit ${machine.rdkitWasm} (WebAssembly);
native RDKit ${machine.rdkitNative} (Debian python3-rdkit, Python ${machine.python}); native InChI ${machine.inchiNative} (Debian libinchi-bin \`inchi_main\`, because Debian's RDKit is built without InChI).

Load average (1/5/15 min) during the run: ${machine.load}; each figure is the best of ${rounds} rounds.

Input: the ${records.length} molblocks of \`test-data/molecules/solubility.test.sdf\`, ${repeat} times (${n} molecules per timed run), after one warm-up pass.
Both sides parse each molblock (explicit H removed) and compute formula, average MW, exact mass, Crippen logP, TPSA, HBD, HBA,
rotatable bonds, ring count, InChI, InChIKey and canonical SMILES. SDF splitting is outside the timing on both sides.

| path | molecules/s | per core |
|---|---:|---:|
${rows.map(([name, total, perCore]) => `| ${name} | ${total} | ${perCore} |`).join('\n')}

Ratio to native (1 core): main thread ${(rate(mainSeconds) / nativeRate).toFixed(2)}, DescriptorPool(2) ${(rate(pool2Seconds) / nativeRate).toFixed(2)}, DescriptorPool(2) per core ${(rate(pool2Seconds) / 2 / nativeRate).toFixed(2)}. Target: >= 0.5.

Value comparison, ${records.length} molecules: **${agreeing} agree on every field**. Molecules that differ, per field
(tolerances: MW ${TOLERANCE.molecularWeight}, exact mass ${TOLERANCE.exactMass}, logP ${TOLERANCE.crippenLogP}, TPSA ${TOLERANCE.tpsa}; the rest exact):

| field | molecules that differ | first examples |
|---|---:|---|
${fieldLines.join('\n')}
`;

console.log(`\n${section}`);
if (writeDocs) {
  const docsPath = join(root, 'docs/benchmarks.md');
  let docs = '';
  try {
    docs = readFileSync(docsPath, 'utf8');
  } catch {
    docs = '# Benchmarks\n';
  }
  const start = docs.indexOf('## RDKit enrichment');
  const notesMarker = '<!-- rdkit-enrich: notes below are kept by --write-docs -->';
  if (start < 0) {
    docs = `${docs.trimEnd()}\n\n${section}\n${notesMarker}\n`;
  } else {
    const next = docs.indexOf('\n## ', start + 1);
    const end = next < 0 ? docs.length : next + 1;
    const old = docs.slice(start, end);
    const notes = old.includes(notesMarker) ? old.slice(old.indexOf(notesMarker)) : `${notesMarker}\n`;
    docs = `${docs.slice(0, start)}${section}\n${notes.trimEnd()}\n${next < 0 ? '' : '\n'}${docs.slice(end)}`;
  }
  writeFileSync(docsPath, docs);
  console.log(`wrote ${docsPath}`);
}
