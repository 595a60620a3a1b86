import { join } from 'node:path';
import { loadConfig } from '@strand/runtime';
import { stackUp, stackPaths, repoRoot } from '@strand/stack';
import { connectPool, migrate } from '@strand/db';
import { note } from '../output.js';
import { ingestGenbank } from './ingest.js';
import { startServices, stopServices } from '../service-processes.js';

export const demoSample = join(repoRoot, 'test-data', 'genbank', 'sample-division.gbff.gz');

/** `strand demo`: stack up, four services, the bundled sample ingested end to end, a summary; the stack stays up. */
export async function demoCommand(): Promise<number> {
  const config = loadConfig();
  const started = performance.now();
  note('Bringing the stack up (the first run downloads Kafka and Apicurio from Maven Central) ...');
  for (const line of await stackUp({ config, log: (l) => note(`  ${l}`) })) note(`  ${line}`);
  const pool = await connectPool(config);
  await migrate(pool, config.dbSchema, (l) => note(`  ${l}`));
  note('Starting fetcher, parser, enricher and sink ...');
  const services = startServices(stackPaths(config).state);
  const exited = services.map((s) => new Promise<never>((_, reject) => s.child.once('exit', (code) => reject(new Error(`service ${s.name} exited with code ${code}; see ${s.logFile}`)))));
  try {
    const ingestStarted = performance.now();
    note(`Ingesting ${demoSample} ...`);
    const result = await Promise.race([ingestGenbank(demoSample, { wait: true, timeoutMs: 300_000, config }), ...exited]);
    const seconds = (performance.now() - ingestStarted) / 1000;
    const counts: [string, number][] = [];
    for (const table of ['sequences', 'features', 'sequence_references', 'taxonomy_lineages']) {
      const { rows } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
      counts.push([table, Number(rows[0]!.n)]);
    }
    process.stdout.write([
      '',
      `Strand demo: ${result.records} GenBank records from ${result.uri}`,
      `  through Kafka (${config.kafkaBrokers.join(',')}) to PostgreSQL schema "${config.dbSchema}" in ${seconds.toFixed(1)} s (${((performance.now() - started) / 1000).toFixed(1)} s with start-up)`,
      '  rows per table:',
      ...counts.map(([t, n]) => `    ${t.padEnd(20)} ${n}`),
      '',
      `Try: psql ${config.databaseUrl} -c 'SELECT accession, length, gc_content FROM ${config.dbSchema}.sequences'`,
      'The stack is still running; stop it with `npx strand stack down`.',
      '',
    ].join('\n'));
    return 0;
  } finally {
    await stopServices(services);
    await pool.end();
  }
}
