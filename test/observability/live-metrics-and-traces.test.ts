import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { parse } from 'yaml';
import { connectPool, migrate } from '@strand/db';
import { startNcbiStandin, type NcbiStandin, type PubchemStandin } from '@strand/standins';
import { localPrometheusConfig, repoRoot, startPrometheus, stackPaths, stopByPidFile, zipkinSpansEndpoint, zipkinUp } from '@strand/stack';
import { loadConfig, type StrandConfig } from '@strand/runtime';
import { isolatedConfig, runCli, spawnServices, testData, topicsOf, type ServiceProcesses } from '../helpers.js';
import { startStandin, clearRedisKeys } from '../pubchem-helpers.js';
import { promqlNames } from './promql.js';

const freePort = () => new Promise<number>((resolve) => {
  const srv = createServer();
  srv.listen(0, '127.0.0.1', () => { const { port } = srv.address() as { port: number }; srv.close(() => resolve(port)); });
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface PromSeries { metric: Record<string, string>; value: [number, string] }

/** Every PromQL expression of the dashboards and alert rules, with where it comes from. */
function allExpressions(): { where: string; expr: string; kind: 'panel' | 'alert' }[] {
  const out: { where: string; expr: string; kind: 'panel' | 'alert' }[] = [];
  for (const uid of ['strand-overview', 'strand-dependencies']) {
    const d = JSON.parse(readFileSync(join(repoRoot, 'deploy', 'grafana', 'dashboards', `${uid}.json`), 'utf8')) as { panels: { title: string; targets?: { expr: string }[] }[] };
    for (const p of d.panels) for (const t of p.targets ?? []) out.push({ where: `${uid}: ${p.title}`, expr: t.expr, kind: 'panel' });
  }
  const rules = parse(readFileSync(join(repoRoot, 'deploy', 'prometheus', 'alerts.yml'), 'utf8')) as { groups: { rules: { alert: string; expr: string }[] }[] };
  for (const r of rules.groups.flatMap((g) => g.rules)) out.push({ where: `alert ${r.alert}`, expr: r.expr, kind: 'alert' });
  return out;
}

/**
 * The four real services on the real stack, scraped by a real Prometheus (Debian's package, its own
 * instance on a free port, every second) and sending spans to a real Zipkin, while GenBank (a
 * division file downloaded from the NCBI stand-in) and PubChem records (from the PubChem stand-in,
 * its first answer a 503) flow through.
 */
describe('observability on the live pipeline', () => {
  let ncbi: NcbiStandin;
  let pubchem: PubchemStandin;
  let config: StrandConfig;
  const services: ServiceProcesses[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'strand-observability-'));
  let prometheusUrl: string;
  let prometheusPid: string;

  const query = async (expr: string): Promise<PromSeries[]> => {
    const res = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(expr)}`);
    const body = await res.json() as { status: string; error?: string; data: { result: PromSeries[] } };
    if (body.status !== 'success') throw new Error(`Prometheus refused ${expr}: ${body.error}`);
    return body.data.result;
  };

  beforeAll(async () => {
    ncbi = await startNcbiStandin({ dataDir: testData('genbank'), divisionFiles: { 'gbsmp1.seq.gz': testData('genbank', 'sample-division.gbff.gz') } });
    pubchem = await startStandin();
    config = isolatedConfig({
      STRAND_STATE_DIR: join(dir, 'state'), STRAND_NCBI_FTP_URL: `${ncbi.url}/genbank`, STRAND_NCBI_EUTILS_URL: `${ncbi.url}/entrez/eutils`, STRAND_PUBCHEM_URL: `${pubchem.url}/rest/pug`,
    });
    const pool = await connectPool(config);
    await migrate(pool, config.dbSchema);
    await pool.end();
    const paths = stackPaths(config);
    // Zipkin is a component of the local stack: started under the stack's own state folder (not this test's
    // temporary one, removed at the end), so `strand stack down` finds and stops it.
    await zipkinUp(config, stackPaths(loadConfig()), () => undefined);
    const ports: Record<string, number> = {};
    for (const role of ['fetcher', 'parser', 'enricher', 'sink'] as const) {
      ports[role] = await freePort();
      services.push(spawnServices(config, [role], {
        STRAND_STATE_DIR: join(dir, 'state'), STRAND_NCBI_FTP_URL: `${ncbi.url}/genbank`,
        STRAND_METRICS_PORT: String(ports[role]), OTEL_EXPORTER_ZIPKIN_ENDPOINT: zipkinSpansEndpoint(config), OTEL_BSP_SCHEDULE_DELAY: '500',
      }));
    }
    prometheusUrl = `http://127.0.0.1:${await freePort()}`;
    const targets = Object.fromEntries(Object.entries(ports).map(([role, port]) => [role, [`127.0.0.1:${port}`]]));
    prometheusPid = (await startPrometheus(paths, prometheusUrl, join(dir, 'prometheus'), localPrometheusConfig(paths, { targets, scrapeIntervalS: 1 }))).pidFile;

    pubchem.setFaults({ status503: 1 });
    const genbank = await runCli(['fetch', 'genbank', '--url', `${ncbi.url}/genbank/gbsmp1.seq.gz`, '--wait', '--timeout-s', '180'], config, { killAfterMs: 200_000 });
    expect(genbank.code, genbank.stderr).toBe(0);
    const compounds = await runCli(['fetch', 'pubchem', '--cids', '2244,702', '--wait', '--timeout-s', '180'], config, { killAfterMs: 200_000 });
    expect(compounds.code, compounds.stderr).toBe(0);
    // Until Prometheus holds the rows of both sources and a minute's rate has two samples after them.
    for (let i = 0; i < 120 && (await query('sum by (source) (strand_sink_rows_total) > 0')).length < 2; i++) await sleep(500);
    await sleep(4_000);
  }, 420_000);

  afterAll(async () => {
    for (const s of services) await s.stop();
    if (prometheusPid) await stopByPidFile(prometheusPid);
    if (config) {
      const pool = await connectPool(config);
      await pool.query(`DROP SCHEMA IF EXISTS ${config.dbSchema} CASCADE`);
      await pool.end();
      await clearRedisKeys(config);
    }
    await ncbi?.close();
    await pubchem?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('Prometheus scrapes all four services', async () => {
    const up = await query('up');
    expect(up.map((s) => `${s.metric.job}=${s.value[1]}`).sort()).toEqual(['strand-enricher=1', 'strand-fetcher=1', 'strand-parser=1', 'strand-sink=1']);
  });

  it('every dashboard panel\'s expression returns at least one series', async () => {
    const empty: string[] = [];
    for (const { where, expr } of allExpressions().filter((e) => e.kind === 'panel')) {
      if ((await query(expr)).length === 0) empty.push(`${where}: ${expr}`);
    }
    expect(empty).toEqual([]);
  });

  it('every metric and label an alert rule names exists in the live scrape (a healthy pipeline fires none, so their conditions are empty)', async () => {
    const missing: string[] = [];
    for (const { where, expr } of allExpressions()) {
      const names = promqlNames(expr);
      const labelsSeen = new Set<string>();
      for (const metric of names.metrics) {
        const series = await query(metric);
        if (series.length === 0) { missing.push(`${where}: metric ${metric}`); continue; }
        const labels = new Set(series.flatMap((s) => Object.keys(s.metric)));
        for (const l of labels) labelsSeen.add(l);
        for (const l of names.matcherLabels.get(metric) ?? []) if (!labels.has(l)) missing.push(`${where}: label ${l} of ${metric}`);
      }
      for (const l of names.groupingLabels) if (l !== 'le' && !labelsSeen.has(l)) missing.push(`${where}: grouping label ${l}`);
    }
    expect(missing).toEqual([]);
  });

  it('the numbers move with the data: records per stage and source, rows per table, freshness, pool, upstream answers, downloads', async () => {
    const value = async (expr: string) => Number((await query(expr))[0]?.value[1] ?? NaN);
    const topics = topicsOf(config);
    expect(await value(`sum(strand_stage_messages_total{stage="genbank.parser", outcome="processed", topic="${topics.genbankRaw}"})`)).toBe(11);
    expect(await value('sum(strand_stage_outputs_total{stage="pubchem.fetcher"})')).toBeGreaterThanOrEqual(2);
    expect(await value('sum(strand_sink_rows_total{source="genbank", table="sequences"})')).toBe(11);
    expect(await value('sum(strand_freshness_seconds_count{source="genbank"})')).toBe(11);
    expect(await value('sum(strand_freshness_seconds_count{source="pubchem"})')).toBeGreaterThanOrEqual(2);
    expect(await value('sum(strand_upstream_requests_total{service="pubchem", status="503"})')).toBe(1);
    expect(await value('sum(strand_upstream_requests_total{service="pubchem", status="200"})')).toBeGreaterThanOrEqual(1);
    expect(await value('max(strand_upstream_budget{service="pubchem"})')).toBeGreaterThan(0);
    expect((await query('strand_pubchem_throttling')).map((s) => s.metric.kind).sort()).toEqual(['Request Count', 'Request Time', 'Service']);
    const expected = await value('max(strand_download_expected_bytes)');
    expect(expected).toBe(readFileSync(testData('genbank', 'sample-division.gbff.gz')).length);
    expect(await value('max(strand_download_held_bytes)')).toBe(expected);
    expect(await value('sum(strand_download_received_bytes_total)')).toBe(expected);
    expect(await value('sum(strand_db_pool_acquire_duration_count{job="strand-sink"})')).toBeGreaterThan(0);
    expect(await value('sum(strand_stage_consumer_up)')).toBeGreaterThanOrEqual(8);
    expect(await value('max(nodejs_eventloop_delay_p99)')).toBeGreaterThan(0);
  });

  /** The spans of the trace in Zipkin whose root publishes `key` to `topic`, found through Zipkin's HTTP API. */
  const traceOf = async (topic: string, key: string) => {
    const q = new URLSearchParams({ annotationQuery: `messaging.kafka.message.key=${key} and messaging.destination.name=${topic}`, limit: '10', lookback: String(3_600_000), endTs: String(Date.now()) });
    const res = await fetch(`${config.zipkinUrl}/api/v2/traces?${q}`);
    expect(res.ok).toBe(true);
    return (await res.json()) as { id: string; parentId?: string; name: string; traceId: string; tags?: Record<string, string> }[][];
  };

  for (const [source, key, topicOf] of [['genbank', 'EU851978', (c: StrandConfig) => topicsOf(c).genbankRaw], ['pubchem', '2244', (c: StrandConfig) => topicsOf(c).pubchemRaw]] as const) {
    it(`${source}: record ${key} is one trace in Zipkin, fetcher -> parser -> enricher -> sink, each hop naming its source topic, partition and offset`, async () => {
      let traces: Awaited<ReturnType<typeof traceOf>> = [];
      for (let i = 0; i < 60 && traces.length === 0; i++) {
        traces = await traceOf(topicOf(config), key);
        const whole = traces.find((t) => t.some((s) => s.name === `${source}.sink process`));
        traces = whole ? [whole] : [];
        if (traces.length === 0) await sleep(500);
      }
      expect(traces).toHaveLength(1);
      const spans = traces[0]!;
      const hop = (name: string) => spans.find((s) => s.name === name && s.tags?.['messaging.kafka.message.key'] === key)!;
      const chain = [`${source}.fetcher publish`, `${source}.parser process`, `${source}.enricher process`, `${source}.sink process`].map(hop);
      expect(chain.every(Boolean), `spans: ${spans.map((s) => s.name).join(', ')}`).toBe(true);
      expect(chain[0]!.parentId).toBeUndefined();
      for (let i = 1; i < chain.length; i++) {
        expect(chain[i]!.parentId, `${chain[i]!.name} is the child of ${chain[i - 1]!.name}`).toBe(chain[i - 1]!.id);
        const tags = chain[i]!.tags!;
        expect(tags['messaging.destination.name']).toMatch(new RegExp(`^${config.topicPrefix}\\.${source}\\.`));
        expect(tags['messaging.kafka.partition']).toMatch(/^\d+$/);
        expect(tags['messaging.kafka.offset']).toMatch(/^\d+$/);
      }
      // What the demo tells operators to run: `strand trace KEY` prints the same hops.
      const shown = await runCli(['trace', key, '--source', source, '--limit', '1'], config);
      expect(shown.code, shown.stderr).toBe(0);
      const lines = shown.stdout.trim().split('\n');
      expect(lines.slice(1).map((l) => l.trim().split(/\s+/).slice(0, 2).join(' '))).toEqual(chain.map((s) => s.name));
      expect(shown.stdout).toContain(`${topicsOf(config)[`${source}Raw`]}[${chain[1]!.tags!['messaging.kafka.partition']}]@${chain[1]!.tags!['messaging.kafka.offset']}`);
    });
  }
});
