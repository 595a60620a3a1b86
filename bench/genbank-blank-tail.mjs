#!/usr/bin/env node
// The GenBank splitter on one record followed by N MB of newlines (issue 11: "the splitter rescans
// trailing blank lines"), fed in 64 KiB pieces as a gunzip stream delivers them. Prints the seconds
// per size; time grows linearly with the blank tail when nothing is rescanned.
//
//   npx tsc -b packages/genbank && node bench/genbank-blank-tail.mjs [--module path/to/genbank/index.js] [16 32 64]
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const at = args.indexOf('--module');
const modulePath = at >= 0 ? args.splice(at, 2)[1] : `${ROOT}packages/genbank/dist/index.js`;
const sizes = args.length > 0 ? args.map(Number) : [16, 32, 64];
const { splitGenbankRecords } = await import(modulePath);

const PIECE = 1 << 16;
const record = Buffer.from(
  'LOCUS       BT000001                  12 bp    DNA     linear   SYN 01-JAN-2020\nACCESSION   BT000001\n' +
    'FEATURES             Location/Qualifiers\n     source          1..12\nORIGIN      \n        1 acgtacgtac gt\n//\n',
);
const blankPiece = Buffer.alloc(PIECE, 10);

async function* input(mb) {
  yield record;
  for (let i = 0; i < (mb << 20) / PIECE; i += 1) yield blankPiece;
}

for (const mb of sizes) {
  const start = process.hrtime.bigint();
  let records = 0;
  for await (const _ of splitGenbankRecords(input(mb))) records += 1;
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(`${mb} MB of newlines: ${seconds.toFixed(2)} s, ${records} record(s)`);
}
