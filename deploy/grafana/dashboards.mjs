#!/usr/bin/env node
// Writes Strand's Grafana dashboards (deploy/grafana/dashboards/*.json) from the panel lists below:
// `node deploy/grafana/dashboards.mjs`. Every panel has a title saying what it shows and a unit;
// test/observability/dashboards.test.ts checks the files are what this script writes, and a live
// Prometheus answers every expression.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const RATE = '1m';

/** A time-series panel: one or more PromQL expressions with legends, a unit (Grafana unit id). */
const ts = (title, unit, targets, description) => ({ type: 'timeseries', title, unit, targets, description });
const stat = (title, unit, targets, description) => ({ type: 'stat', title, unit, targets, description });
const q = (expr, legend) => ({ expr, legend });

export const dashboards = {
  'strand-overview': {
    title: 'Strand: overview',
    description: 'Throughput per source and stage, lag, freshness, dead letters and errors.',
    rows: [
      ['Throughput', [
        ts('Records in per second, by stage', 'suffix: records/s', [q(`sum by (source, stage) (rate(strand_stage_messages_total[${RATE}]))`, '{{stage}}')], 'Input records each stage handled (processed or dead-lettered), all instances together.'),
        ts('Records out per second, by stage', 'suffix: records/s', [q(`sum by (source, stage) (rate(strand_stage_outputs_total[${RATE}]))`, '{{stage}}')], 'Records each stage produced to its output topic (the sink: records written).'),
        ts('Rows written per second, by table', 'suffix: rows/s', [q(`sum by (source, table) (rate(strand_sink_rows_total[${RATE}]))`, '{{table}}')], 'Rows the sinks wrote to PostgreSQL with COPY.'),
        ts('Records skipped by the sink per second (unchanged or older)', 'suffix: records/s', [q(`sum by (source, stage) (rate(strand_sink_skipped_total[${RATE}]))`, '{{stage}}')], 'Records the sink did not write because PostgreSQL already holds them or a newer version.'),
      ]],
      ['Lag and freshness', [
        ts('Consumer lag in messages, by stage', 'suffix: messages', [q('sum by (source, stage) (strand_consumer_lag)', '{{stage}}')], 'Messages between each stage group\'s committed position and the end of its input topic, summed over partitions.'),
        ts('Consumer lag in seconds (age of the oldest unprocessed record), by stage', 's', [q('max by (source, stage) (strand_consumer_lag_seconds)', '{{stage}}')], 'How long the oldest record waiting for each stage has waited; grows while a stage is stuck.'),
        ts('End-to-end freshness: fetch to sink commit, p50 and p95, by source', 's', [
          q('histogram_quantile(0.5, sum by (source, le) (rate(strand_freshness_seconds_bucket[5m])))', 'p50 {{source}}'),
          q('histogram_quantile(0.95, sum by (source, le) (rate(strand_freshness_seconds_bucket[5m])))', 'p95 {{source}}'),
        ], 'Time from the fetcher publishing a record to the sink committing it to PostgreSQL.'),
        ts('Chunk duration p95, by stage', 's', [q('histogram_quantile(0.95, sum by (stage, le) (rate(strand_stage_chunk_duration_bucket[5m])))', '{{stage}}')], 'Time to process, write and commit one chunk of input.'),
      ]],
      ['Errors', [
        ts('Dead letters per second, by stage', 'suffix: records/s', [q(`sum by (source, stage) (rate(strand_stage_messages_total{outcome="dead_lettered"}[5m]))`, '{{stage}}')], 'Records sent to the dead-letter topic; `strand dlq list --stage S` shows why.'),
        ts('Retries per second, by stage', 'suffix: retries/s', [q(`sum by (source, stage) (rate(strand_stage_retries_total[5m]))`, '{{stage}}')], 'Work retried after a retriable error (a dependency away); records are never dead-lettered for these.'),
        ts('Records rejected by the sink per second', 'suffix: records/s', [q(`sum by (source, stage) (rate(strand_sink_rejected_total[5m]))`, '{{stage}}')], 'Records PostgreSQL refused (each dead-lettered with its reason).'),
        ts('Consumer restarts in the last 15 minutes, by stage', 'suffix: restarts', [q('sum by (source, stage) (increase(strand_consumer_restarts_total[15m]))', '{{stage}}')], 'Consumers restarted after a crash.'),
        stat('Live consumers, by stage', 'suffix: instances', [q('sum by (source, stage) (strand_stage_consumer_up)', '{{stage}}')], 'Stage instances whose consumer runs; 0 means no instance consumes that stage.'),
      ]],
    ],
  },
  'strand-dependencies': {
    title: 'Strand: dependencies',
    description: 'PostgreSQL pool and sink writes, upstream budgets and throttling, downloads, and the Node.js processes.',
    rows: [
      ['PostgreSQL', [
        ts('Pool clients: in use, idle, waiting callers, by service', 'suffix: clients', [
          q('sum by (job) (strand_db_pool_clients - strand_db_pool_idle)', 'in use {{job}}'),
          q('sum by (job) (strand_db_pool_idle)', 'idle {{job}}'),
          q('sum by (job) (strand_db_pool_waiting)', 'waiting {{job}}'),
        ], 'Clients of each process\'s pool; callers waiting means the pool is saturated.'),
        ts('Pool acquire time p95, by service', 's', [q('histogram_quantile(0.95, sum by (job, le) (rate(strand_db_pool_acquire_duration_bucket[5m])))', '{{job}}')], 'Time to get a client from the pool, connecting included.'),
        ts('Sink COPY transaction duration p50 and p95', 's', [
          q('histogram_quantile(0.5, sum by (stage, le) (rate(strand_sink_write_duration_bucket[5m])))', 'p50 {{stage}}'),
          q('histogram_quantile(0.95, sum by (stage, le) (rate(strand_sink_write_duration_bucket[5m])))', 'p95 {{stage}}'),
        ], 'One sink write: one transaction with its COPY.'),
      ]],
      ['Upstream services', [
        ts('Upstream requests per second against the budget, by service', 'reqps', [
          q(`sum by (service) (rate(strand_upstream_requests_total[${RATE}]))`, 'sent {{service}}'),
          q('sum by (service) (strand_upstream_budget)', 'budget {{service}}'),
        ], 'Requests sent to NCBI and PubChem, and the rate the shared budget allows (summed over processes: each process shows the whole budget, so compare per process).'),
        ts('Upstream answers 429 and 503 per second, by service', 'reqps', [q(`sum by (service, status) (rate(strand_upstream_requests_total{status=~"429|503"}[5m]))`, '{{service}} {{status}}')], 'Too Many Requests and Service Unavailable answers; retried with backoff.'),
        ts('PubChem throttling level, by kind (0 Green, 1 Yellow, 2 Red, 3 Black)', 'none', [q('max by (kind) (strand_pubchem_throttling)', '{{kind}}')], 'PubChem\'s X-Throttling-Control header per kind; Black means blocked: every fetcher pauses.'),
        ts('Circuit breaker state, by service (0 closed, 1 half-open, 2 open)', 'none', [q('max by (service) (strand_upstream_circuit_state)', '{{service}}')], 'An open circuit fails fast until its next probe.'),
        ts('PubChem per-CID cache hit ratio', 'percentunit', [q('sum(rate(strand_upstream_cache_lookups_total{result="hit"}[5m])) / sum(rate(strand_upstream_cache_lookups_total[5m]))', 'hit ratio')], 'Share of CIDs served from the Redis cache instead of PubChem.'),
      ]],
      ['Downloads', [
        ts('Download progress: bytes held and expected, per file', 'bytes', [
          q('max by (file) (strand_download_held_bytes)', 'held {{file}}'),
          q('max by (file) (strand_download_expected_bytes)', 'expected {{file}}'),
        ], 'Bytes of each GenBank file downloaded so far and its size.'),
        ts('Download speed', 'Bps', [q(`sum by (source) (rate(strand_download_received_bytes_total[${RATE}]))`, '{{source}}')], 'Bytes received from upstream downloads per second.'),
        ts('Download resumes in the last hour', 'suffix: resumes', [q('sum by (source) (increase(strand_download_resumes_total[1h]))', '{{source}}')], 'Range requests that resumed a file after a reset, stall or restart.'),
        ts('Download spool size', 'bytes', [q('sum by (job) (strand_download_spool_bytes)', '{{job}}')], 'Bytes on disk in the fetcher\'s download spool.'),
      ]],
      ['Processes', [
        ts('Event-loop delay p99, by service', 's', [q('max by (job) (nodejs_eventloop_delay_p99)', '{{job}}')], 'How late the event loop runs timers; high values delay heartbeats and every request.'),
        ts('V8 heap used, by service', 'bytes', [q('sum by (job) (v8js_memory_heap_used)', '{{job}}')], 'JavaScript heap in use.'),
        ts('GC pause time per second, by service', 'percentunit', [q(`sum by (job) (rate(v8js_gc_duration_sum[${RATE}]))`, '{{job}}')], 'Share of time spent in garbage-collection pauses.'),
      ]],
    ],
  },
};

/** The Grafana JSON model of one dashboard: rows of panels, 4 panels to a row (6 columns each). */
export function dashboardJson(uid, spec) {
  const panels = [];
  let id = 1;
  let y = 0;
  for (const [rowTitle, rowPanels] of spec.rows) {
    panels.push({ id: id++, type: 'row', title: rowTitle, collapsed: false, gridPos: { h: 1, w: 24, x: 0, y }, panels: [] });
    y += 1;
    rowPanels.forEach((p, i) => {
      panels.push({
        id: id++, type: p.type, title: p.title, description: p.description,
        datasource: { type: 'prometheus', uid: '${datasource}' },
        gridPos: { h: 8, w: 6, x: (i % 4) * 6, y: y + Math.floor(i / 4) * 8 },
        fieldConfig: { defaults: { unit: p.unit, ...(p.type === 'timeseries' ? { custom: { drawStyle: 'line', lineWidth: 1, fillOpacity: 10, showPoints: 'never' } } : {}) }, overrides: [] },
        options: p.type === 'stat' ? { reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false }, colorMode: 'value', graphMode: 'none', textMode: 'value_and_name' } : { legend: { displayMode: 'list', placement: 'bottom', showLegend: true }, tooltip: { mode: 'multi', sort: 'desc' } },
        targets: p.targets.map((t, j) => ({ refId: String.fromCharCode(65 + j), datasource: { type: 'prometheus', uid: '${datasource}' }, expr: t.expr, legendFormat: t.legend, range: true })),
      });
    });
    y += Math.ceil(rowPanels.length / 4) * 8;
  }
  return {
    uid, title: spec.title, description: spec.description, tags: ['strand'], timezone: 'browser', schemaVersion: 39, version: 1, editable: true,
    refresh: '10s', time: { from: 'now-1h', to: 'now' },
    templating: { list: [{ name: 'datasource', label: 'Prometheus', type: 'datasource', query: 'prometheus', current: { text: 'Prometheus', value: 'prometheus' }, hide: 0 }] },
    annotations: { list: [] },
    links: [{ title: uid === 'strand-overview' ? 'Dependencies' : 'Overview', type: 'link', url: `/d/${uid === 'strand-overview' ? 'strand-dependencies' : 'strand-overview'}` }],
    panels,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [uid, spec] of Object.entries(dashboards)) {
    const file = fileURLToPath(new URL(`./dashboards/${uid}.json`, import.meta.url));
    writeFileSync(file, `${JSON.stringify(dashboardJson(uid, spec), null, 2)}\n`);
    console.log(`wrote ${file}`);
  }
}
