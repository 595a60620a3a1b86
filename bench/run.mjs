#!/usr/bin/env node
// `npm run bench [-- NAME ...]`: runs the benchmarks one after another (never two at once: the
// machine has 2 cores), each in its own process with its default options. With names, only those.
// Each benchmark's own header says what it compares and how to pass it other options.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const benches = {
  'genbank-parser': ['bench/genbank-parser.mjs', '--no-docs'],
  'genbank-pipeline': ['bench/genbank-pipeline.mjs', '--records', '4000'],
  'pubchem-fetch': ['bench/pubchem-fetch.mjs'],
  'rdkit-enrich': ['bench/rdkit-enrich.mjs'],
};
const root = fileURLToPath(new URL('..', import.meta.url));
const wanted = process.argv.slice(2);
const unknown = wanted.filter((n) => !(n in benches));
if (unknown.length > 0) {
  process.stderr.write(`unknown benchmark(s): ${unknown.join(', ')}; known: ${Object.keys(benches).join(', ')}\n`);
  process.exit(2);
}
const failed = [];
for (const name of wanted.length > 0 ? wanted : Object.keys(benches)) {
  const [script, ...args] = benches[name];
  process.stdout.write(`\n=== ${name}: node ${script} ${args.join(' ')}\n`);
  const run = spawnSync(process.execPath, [script, ...args], { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) failed.push(`${name} (exit ${run.status ?? run.signal})`);
}
if (failed.length > 0) {
  process.stderr.write(`\nfailed: ${failed.join(', ')}\n`);
  process.exit(1);
}
