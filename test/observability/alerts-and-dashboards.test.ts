import { readFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { describe, it, expect, beforeAll } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '@strand/runtime';
import { repoRoot, resolvePrometheus, stackPaths, type PrometheusBinaries } from '@strand/stack';
import { promqlNames } from './promql.js';
// @ts-expect-error: a plain ES module script without types (deploy/grafana/dashboards.mjs writes the dashboards)
import { dashboards, dashboardJson } from '../../deploy/grafana/dashboards.mjs';

const run = promisify(execFile);
const deploy = join(repoRoot, 'deploy');

interface Panel { type: string; title: string; fieldConfig?: { defaults?: { unit?: string } }; targets?: { expr: string }[] }

describe('alert rules (promtool from Debian\'s prometheus package)', () => {
  let bin: PrometheusBinaries;
  beforeAll(async () => { bin = await resolvePrometheus(stackPaths(loadConfig())); });

  it('pass promtool check rules', async () => {
    const { stdout } = await run(bin.promtool, ['check', 'rules', join(deploy, 'prometheus', 'alerts.yml')]);
    expect(stdout).toContain('SUCCESS');
  });

  it('pass promtool\'s rule unit tests: lag growth, dead-letter rate, no live consumer, PubChem Black, circuit open', async () => {
    const { stdout } = await run(bin.promtool, ['test', 'rules', 'alerts.test.yml'], { cwd: join(deploy, 'prometheus') });
    expect(stdout).toContain('SUCCESS');
    const tests = readFileSync(join(deploy, 'prometheus', 'alerts.test.yml'), 'utf8');
    for (const alert of ['StrandConsumerLagGrowing', 'StrandDeadLetters', 'StrandStageNoLiveConsumer', 'StrandUpstreamBlocked', 'StrandCircuitOpen']) expect(tests).toContain(`alertname: ${alert}`);
  });

  it('each carry a summary and a runbook line', () => {
    const rules = parse(readFileSync(join(deploy, 'prometheus', 'alerts.yml'), 'utf8')) as { groups: { rules: { alert: string; expr: string; annotations: Record<string, string> }[] }[] };
    const all = rules.groups.flatMap((g) => g.rules);
    expect(all.map((r) => r.alert)).toEqual(expect.arrayContaining(['StrandConsumerLagGrowing', 'StrandDeadLetters', 'StrandStageNoLiveConsumer', 'StrandUpstreamBlocked', 'StrandCircuitOpen', 'StrandSinkRejectingRows', 'StrandDbPoolSaturated']));
    for (const r of all) {
      expect(r.annotations.summary, r.alert).toBeTruthy();
      expect(r.annotations.runbook, r.alert).toBeTruthy();
      expect(promqlNames(r.expr).metrics.length, r.alert).toBeGreaterThan(0);
    }
  });
});

describe('Grafana dashboards (deploy/grafana/dashboards)', () => {
  for (const [uid, spec] of Object.entries(dashboards as Record<string, unknown>)) {
    it(`${uid}.json is what deploy/grafana/dashboards.mjs writes, and every panel has a title, a unit and valid PromQL`, () => {
      const file = JSON.parse(readFileSync(join(deploy, 'grafana', 'dashboards', `${uid}.json`), 'utf8')) as { panels: Panel[] };
      expect(file, 'run `node deploy/grafana/dashboards.mjs` after changing it').toEqual(JSON.parse(JSON.stringify(dashboardJson(uid, spec))));
      const panels = file.panels.filter((p) => p.type !== 'row');
      expect(panels.length).toBeGreaterThan(5);
      for (const p of panels) {
        expect(p.title.length, 'a title').toBeGreaterThan(10);
        expect(p.fieldConfig?.defaults?.unit, `unit of "${p.title}"`).toBeTruthy();
        expect(p.targets?.length, `queries of "${p.title}"`).toBeGreaterThan(0);
        for (const t of p.targets!) expect(promqlNames(t.expr).metrics.length, t.expr).toBeGreaterThan(0);
      }
    });
  }

  it('the overview shows throughput per stage and source, lag, freshness, dead letters and errors; the dependencies dashboard the pool, sink, upstream and downloads', () => {
    const exprs = (uid: string) => (JSON.parse(readFileSync(join(deploy, 'grafana', 'dashboards', `${uid}.json`), 'utf8')) as { panels: Panel[] }).panels.flatMap((p) => p.targets ?? []).map((t) => t.expr).join('\n');
    const overview = exprs('strand-overview');
    for (const m of ['strand_stage_messages_total', 'strand_stage_outputs_total', 'strand_consumer_lag', 'strand_consumer_lag_seconds', 'strand_freshness_seconds_bucket', 'outcome="dead_lettered"', 'strand_stage_retries_total', 'strand_stage_consumer_up']) expect(overview).toContain(m);
    const dependencies = exprs('strand-dependencies');
    for (const m of ['strand_db_pool_waiting', 'strand_db_pool_acquire_duration_bucket', 'strand_sink_write_duration_bucket', 'strand_upstream_budget', 'strand_pubchem_throttling', 'strand_upstream_circuit_state', 'strand_upstream_cache_lookups_total', 'strand_download_held_bytes', 'strand_download_expected_bytes', 'strand_download_resumes_total', 'strand_download_spool_bytes', 'nodejs_eventloop_delay_p99', 'v8js_memory_heap_used', 'v8js_gc_duration_sum']) expect(dependencies).toContain(m);
  });
});
