#!/usr/bin/env node
// Biopython reference output ("goldens") for the GenBank parser tests.
//
//   npm run golden:biopython            (re)write packages/genbank/test/golden/biopython/<input>.json
//   npm run golden:biopython -- --check exit 1, writing nothing, if a golden is missing or out of date
//
// For every file in test-data/genbank (the .gz included) it runs Biopython's SeqIO over the file with
// packages/genbank/test/biopython_dump.py (the same Python the tests used to run live) and writes one
// JSON file: {generator, biopython (Bio.__version__), input, inputSha256, records: [...]}. Output is
// deterministic: fixed key order, two-space indent down to one line per feature / reference.
//
// Needs Biopython: Debian's /usr/bin/python3 with python3-biopython (the python3 first on PATH may be a
// pyenv build without Bio). STRAND_PYTHON=/path/to/python3 picks another interpreter.
//
// packages/genbank/test/helpers/biopython.ts imports this module to regenerate the goldens in memory and
// check that the committed files are current; only running it as a script writes files.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const FIXTURE_DIR = `${ROOT}test-data/genbank/`;
export const GOLDEN_DIR = `${ROOT}packages/genbank/test/golden/biopython/`;
export const DUMP_SCRIPT = `${ROOT}packages/genbank/test/biopython_dump.py`;
export const PYTHON = process.env.STRAND_PYTHON || '/usr/bin/python3';
export const REGENERATE = 'npm run golden:biopython';
const GENERATOR = `${REGENERATE} (packages/genbank/scripts/biopython-golden.mjs)`;
const INSTALL = 'install python3-biopython to regenerate (apt-get install -y python3-biopython)';

/** The input files: every regular file in test-data/genbank, sorted. */
export function fixtures() {
  return readdirSync(FIXTURE_DIR)
    .filter((f) => statSync(`${FIXTURE_DIR}${f}`).isFile())
    .sort();
}

/** The golden of one input file (a name in test-data/genbank). */
export const goldenFile = (input) => `${GOLDEN_DIR}${input}.json`;
export const goldenRelative = (input) => `packages/genbank/test/golden/biopython/${input}.json`;

function dump(args, python) {
  const run = spawnSync(python, [DUMP_SCRIPT, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (run.error) throw new Error(`cannot run ${python} (${run.error.message}); ${INSTALL}`);
  if (run.status === 3) throw new Error(`${python} cannot import Bio (${run.stderr.trim()}); ${INSTALL}`);
  if (run.status !== 0) throw new Error(`biopython_dump.py ${args.join(' ')} failed (exit ${run.status}): ${run.stderr}`);
  return run.stdout;
}

/**
 * Biopython's version, or why it cannot be used: `{ version }` or `{ missing: reason }`. Never throws.
 */
export function biopythonStatus(python = PYTHON) {
  try {
    return { version: dump(['--version'], python).trim() };
  } catch (e) {
    return { missing: e.message };
  }
}

/** Every record of `path` as Biopython SeqIO parses it (biopython_dump.py's JSON objects). */
export function biopythonRecords(path, python = PYTHON) {
  return dump([path], python)
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l));
}

/**
 * JSON with a stable layout: objects and arrays of objects are indented down to the record level
 * (root, records, each record, its features/references); a feature, a reference, an array of
 * strings and anything deeper is written on one line.
 */
export function formatJson(value, depth = 0) {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const pad = '  '.repeat(depth + 1);
  const close = '  '.repeat(depth);
  if (Array.isArray(value)) {
    const objects = value.some((v) => v !== null && typeof v === 'object');
    if (value.length === 0 || !objects || depth >= 4) return JSON.stringify(value);
    return `[\n${value.map((v) => pad + formatJson(v, depth + 1)).join(',\n')}\n${close}]`;
  }
  const keys = Object.keys(value);
  if (keys.length === 0 || depth >= 4) return JSON.stringify(value);
  return `{\n${keys.map((k) => `${pad}${JSON.stringify(k)}: ${formatJson(value[k], depth + 1)}`).join(',\n')}\n${close}}`;
}

/** The golden text for one input file, as the script would write it. Throws if Biopython is missing. */
export function renderGolden(input, { python = PYTHON, version } = {}) {
  const path = `${FIXTURE_DIR}${input}`;
  let v = version;
  if (v === undefined) {
    const status = biopythonStatus(python);
    if (status.version === undefined) throw new Error(status.missing);
    v = status.version;
  }
  const golden = {
    generator: GENERATOR,
    biopython: v,
    input: `test-data/genbank/${input}`,
    inputSha256: createHash('sha256').update(readFileSync(path)).digest('hex'),
    records: biopythonRecords(path, python),
  };
  return `${formatJson(golden)}\n`;
}

function main(argv) {
  const check = argv.includes('--check');
  const unknown = argv.filter((a) => a !== '--check');
  if (unknown.length > 0) {
    console.error(`usage: ${REGENERATE} [-- --check]  (unknown argument ${unknown.join(' ')})`);
    return 2;
  }
  const status = biopythonStatus();
  if (status.version === undefined) {
    console.error(`golden:biopython: Biopython is not available: ${status.missing}`);
    return 1;
  }
  const inputs = fixtures();
  let stale = 0;
  if (!check) mkdirSync(GOLDEN_DIR, { recursive: true });
  for (const input of inputs) {
    const text = renderGolden(input, { version: status.version });
    const file = goldenFile(input);
    const current = existsSync(file) && readFileSync(file, 'utf8') === text;
    const size = `${(Buffer.byteLength(text) / 1024).toFixed(1)} KiB`;
    if (check) {
      if (!current) stale += 1;
      console.log(`${current ? 'current' : existsSync(file) ? 'STALE  ' : 'MISSING'} ${goldenRelative(input)} (${size})`);
    } else {
      if (!current) writeFileSync(file, text);
      console.log(`${current ? 'unchanged' : 'wrote    '} ${goldenRelative(input)} (${size})`);
    }
  }
  const wanted = new Set(inputs.map((i) => `${i}.json`));
  const orphans = existsSync(GOLDEN_DIR) ? readdirSync(GOLDEN_DIR).filter((f) => !wanted.has(f)) : [];
  for (const o of orphans) console.error(`orphan golden (no input file in test-data/genbank; delete it): packages/genbank/test/golden/biopython/${o}`);
  console.log(`Biopython ${status.version} (${PYTHON}), ${inputs.length} input files`);
  if (check && stale > 0) {
    console.error(`${stale} golden file(s) missing or out of date: run ${REGENERATE}`);
    return 1;
  }
  return orphans.length > 0 ? 1 : 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2));
}
