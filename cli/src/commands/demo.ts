import { join } from 'node:path';
import type { Command } from 'commander';
import { createLogger, loadConfig, redact, startTelemetry, urlWithoutPassword, type StrandConfig } from '@strand/runtime';
import { stackUp, stackPaths, repoRoot, zipkinSpansEndpoint, LOCAL_METRICS_PORTS, type LocalRole } from '@strand/stack';
import { connectPool, migrateDatabase } from '@strand/db';
import { connectPipeline, produceValues, waitForSource, sourceTopic, type SourceDefinition } from '@strand/pipeline';
import { buildRequests, loadSources } from '@strand/sources';
import { note } from '../output.js';
import { action, examples } from '../command-kit.js';
import { ingestGenbank } from './ingest.js';
import { startServices } from '../service-processes.js';
import { leastPrivilegeUrls } from '../least-privilege-urls.js';

export const demoSample = join(repoRoot, 'test-data', 'genbank', 'sample-division.gbff.gz');

/** Real PubChem records bundled in test-data (aspirin, 1-amino-2-propanol, benzene, ethanol) and 20 solubility-set molecules under made-up CIDs. */
const demoCids = '2244,4,241,702';
const demoSyntheticRange = '900000001-900000020';

/** Every source's stand-in (NCBI and PubChem cannot be reached from every machine), serving the bundled data; the services are pointed at them. */
async function startStandins(sources: readonly SourceDefinition[]): Promise<{ env: Record<string, string>; close(): Promise<void> }> {
  const running: { close(): Promise<void> }[] = [];
  const env: Record<string, string> = {};
  for (const source of sources) {
    if (!source.standin) continue;
    const standin = await source.standin.start(join(repoRoot, 'test-data'));
    running.push(standin);
    Object.assign(env, source.standin.env(standin.url));
    note(`${source.name} stand-in (bundled records) at ${standin.url}`);
  }
  return { env, close: async () => { for (const s of running) await s.close(); } };
}

async function queuePubchem(config: StrandConfig): Promise<void> {
  const ctx = await connectPipeline('cli', { config, sources: await loadSources(config) });
  try {
    const requests = buildRequests({ cids: demoCids, cidRange: demoSyntheticRange, names: undefined, smiles: [], formats: ['property-table', 'sdf'] });
    await produceValues(ctx, sourceTopic(config.topicPrefix, 'pubchem', 'requests'), requests, (r) => r.requestId);
    await waitForSource(ctx, 'pubchem', 300_000);
  } finally {
    await ctx.close();
  }
}

/** `strand demo`: stack up, four services, the bundled GenBank sample and PubChem records ingested end to end, a summary; the stack stays up. */
async function demo(opts: { observability: boolean }): Promise<number> {
  const config = loadConfig();
  const started = performance.now();
  const observability = opts.observability;
  note(`Bringing the stack up${observability ? ' with Prometheus and Zipkin' : ''} (the first run downloads Kafka, Apicurio${observability ? ', Zipkin and Prometheus' : ''}) ...`);
  for (const line of await stackUp({ config, observability, log: (l) => note(`  ${l}`) })) note(`  ${line}`);
  await migrateDatabase(config, { log: (l) => note(`  ${l}`) });
  // Least privilege where this machine allows it: the services as the schema's writer role, the counts as its reader.
  const leastPrivilege = await leastPrivilegeUrls(config);
  const roleEnv: Record<string, string> = leastPrivilege.writer ? { STRAND_DATABASE_URL: leastPrivilege.writer } : {};
  note(leastPrivilege.writer
    ? `  the services connect as ${new URL(leastPrivilege.writer).username} (no DDL; docs/security.md)`
    : '  the services connect with STRAND_DATABASE_URL (the writer role cannot log in without a password here; set STRAND_DATABASE_URL to it: docs/security.md)');
  const pool = await connectPool(leastPrivilege.reader ? { ...config, databaseReaderUrl: leastPrivilege.reader } : config, { access: 'read', max: 1 });
  const sources = await loadSources(config);
  const standins = await startStandins(sources);
  note('Starting fetcher, parser, enricher and sink ...');
  let giveUp: (err: Error) => void = () => undefined;
  const gaveUp = new Promise<never>((_, reject) => { giveUp = reject; });
  gaveUp.catch(() => undefined);
  // With observability, each service serves metrics on its port of the local Prometheus' scrape list and sends spans to Zipkin.
  const traces = observability ? { OTEL_EXPORTER_ZIPKIN_ENDPOINT: zipkinSpansEndpoint(config), OTEL_BSP_SCHEDULE_DELAY: '1000' } : {};
  // The demo publishes the GenBank sample itself (ingest): its spans are each record's root, so they go to Zipkin too.
  Object.assign(process.env, traces);
  const telemetry = observability ? startTelemetry('strand-cli', { ...config, metricsPort: 0 }, createLogger('error')) : undefined;
  const supervisor = startServices(stackPaths(config).state, { ...process.env, ...standins.env, ...traces, ...roleEnv }, {
    onGiveUp: (s, code) => giveUp(new Error(`service ${s.name} kept exiting (last code ${code}); see ${s.logFile}`)),
    envOf: (role): Record<string, string> => (observability && role in LOCAL_METRICS_PORTS ? { STRAND_METRICS_PORT: String(LOCAL_METRICS_PORTS[role as LocalRole]) } : {}),
  });
  const exited = [gaveUp];
  try {
    const ingestStarted = performance.now();
    note(`Ingesting ${demoSample} ...`);
    const result = await Promise.race([ingestGenbank(demoSample, { wait: true, timeoutMs: 300_000, config }), ...exited]);
    const genbankSeconds = (performance.now() - ingestStarted) / 1000;
    const pubchemStarted = performance.now();
    note(`Fetching PubChem CIDs ${demoCids} and ${demoSyntheticRange} (property tables and SDF) ...`);
    await Promise.race([queuePubchem(config), ...exited]);
    const pubchemSeconds = (performance.now() - pubchemStarted) / 1000;
    const counts: [string, number][] = [];
    for (const table of sources.flatMap((s) => s.tables)) {
      const { rows } = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
      counts.push([table, Number(rows[0]!.n)]);
    }
    // The psql hint names the database without its password (psql asks for it, or reads PGPASSWORD / ~/.pgpass).
    const database = urlWithoutPassword(config.databaseUrl);
    process.stdout.write(redact([
      '',
      `Strand demo, through Kafka (${config.kafkaBrokers.join(',')}) into PostgreSQL schema "${config.dbSchema}":`,
      `  GenBank: ${result.records} records from ${result.uri} in ${genbankSeconds.toFixed(1)} s`,
      `  PubChem: ${demoCids.split(',').length} real compounds + 20 solubility-set molecules (made-up CIDs, marked synthetic) in ${pubchemSeconds.toFixed(1)} s`,
      `  ${((performance.now() - started) / 1000).toFixed(1)} s in all, with start-up`,
      '  rows per table:',
      ...counts.map(([t, n]) => `    ${t.padEnd(20)} ${n}`),
      '',
      `Try: psql ${database} -c 'SELECT accession, length, gc_content FROM ${config.dbSchema}.sequences'`,
      `     psql ${database} -c "SELECT cid, formula, molecular_weight, provenance FROM ${config.dbSchema}.compounds ORDER BY cid LIMIT 8"`,
      ...(observability ? [
        '',
        `Metrics: Prometheus at ${config.prometheusUrl} (it scraped the four services while they ran; try: sum by (stage) (max_over_time(strand_stage_messages_total[15m])))`,
        `Traces:  Zipkin at ${config.zipkinUrl}/zipkin/ ; one record's trace, hop by hop: npx strand trace EU851978`,
        'Dashboards and alerts: deploy/grafana, deploy/prometheus (Grafana runs with `docker compose up`)',
      ] : []),
      'The stack is still running; stop it with `npx strand stack down`.',
      '',
    ].join('\n')));
    return 0;
  } finally {
    await telemetry?.shutdown().catch(() => undefined);
    await supervisor.stop();
    await standins.close();
    await pool.end();
  }
}

export function register(program: Command): void {
  examples(program.command('demo').description('stack up, run the four services, ingest the bundled GenBank sample and PubChem records, print a summary (the stack stays up)'),
    ['strand demo', 'strand demo --no-observability   # without Prometheus and Zipkin', 'strand demo && strand status'])
    .option('--no-observability', 'do not start Prometheus and Zipkin, nor serve metrics and traces from the services')
    .action(action((opts: { observability: boolean }) => demo(opts)));
}
