#!/usr/bin/env node
/**
 * Runs a stand-in as its own process (demo, benchmarks, docker-compose):
 *   node packages/standins/dist/main.js ncbi    [--port 0] [--test-data test-data] [--faults JSON] [--rate-limit-per-sec 3]
 *   node packages/standins/dist/main.js pubchem [--port 0] [--test-data test-data] [--faults JSON] [--per-second 5] [--per-minute 400] [--synthetic-cids]
 * Prints one line "<name> stand-in listening on <url>" and serves until SIGINT/SIGTERM.
 * Defaults come from STRAND_TEST_DATA (else ./test-data) and STRAND_STANDIN_PORT (else 0, a free port).
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Faults } from './faults.js';
import { startNcbiStandin } from './ncbi/ncbi-standin.js';
import { loadPubchemFixtures } from './pubchem/pubchem-fixtures.js';
import { startPubchemStandin } from './pubchem/pubchem-standin.js';

const USAGE = 'usage: main.js ncbi|pubchem [--port N] [--test-data DIR] [--faults JSON] [--rate-limit-per-sec N] [--per-second N] [--per-minute N] [--synthetic-cids]';

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    strict: true,
    options: {
      port: { type: 'string', default: process.env.STRAND_STANDIN_PORT ?? '0' },
      'test-data': { type: 'string', default: process.env.STRAND_TEST_DATA ?? 'test-data' },
      faults: { type: 'string', default: '{}' },
      'rate-limit-per-sec': { type: 'string' },
      'per-second': { type: 'string' },
      'per-minute': { type: 'string' },
      'synthetic-cids': { type: 'boolean', default: false },
    },
  });
  const which = positionals[0];
  const port = Number(values.port);
  const testData = resolve(values['test-data']);
  const faults = JSON.parse(values.faults) as Faults;
  if (!Number.isInteger(port) || (which !== 'ncbi' && which !== 'pubchem')) throw new Error(USAGE);

  const standin =
    which === 'ncbi'
      ? await startNcbiStandin({
          port,
          dataDir: join(testData, 'genbank'),
          divisionFiles: { 'gbbct1.seq.gz': join(testData, 'genbank', 'sample-division.gbff.gz') },
          faults,
          ...(values['rate-limit-per-sec'] ? { rateLimitPerSec: Number(values['rate-limit-per-sec']) } : {}),
        })
      : await startPubchemStandin({
          port,
          records: await loadPubchemFixtures({ pubchemDir: join(testData, 'pubchem'), syntheticSdf: join(testData, 'molecules', 'solubility.test.sdf') }),
          faults,
          limits: {
            ...(values['per-second'] ? { perSecond: Number(values['per-second']) } : {}),
            ...(values['per-minute'] ? { perMinute: Number(values['per-minute']) } : {}),
          },
          syntheticCids: values['synthetic-cids'],
        });
  process.stdout.write(`${which} stand-in listening on ${standin.url}\n`);
  const stop = (): void => {
    void standin.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(2);
});
