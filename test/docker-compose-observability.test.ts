import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, expect } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '@strand/runtime';
import { repoRoot } from '@strand/stack';

interface ComposeService { image?: string; command?: string[]; environment?: Record<string, string | number>; volumes?: string[]; ports?: string[] }

/** docker-compose.yml cannot run here (no Docker engine): check that what its observability services mount exists and is wired to the services. */
describe('docker-compose.yml: Prometheus, Grafana, the collector and Zipkin', () => {
  const compose = parse(readFileSync(join(repoRoot, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, ComposeService> };
  const pipeline = ['fetcher', 'parser', 'enricher', 'sink'];
  /** Host side of each bind mount of a service, resolved from the repository root. */
  const mounts = (name: string) => (compose.services[name]?.volumes ?? []).filter((v) => v.startsWith('./')).map((v) => {
    const [host, container] = v.split(':');
    return { host: join(repoRoot, host!), container: container! };
  });

  it('mounts only files and folders that exist', () => {
    for (const name of ['prometheus', 'grafana', 'otel-collector']) {
      const list = mounts(name);
      expect(list.length, `${name} mounts its configuration`).toBeGreaterThan(0);
      for (const m of list) expect(existsSync(m.host), `${name}: ${m.host}`).toBe(true);
    }
  });

  it('provisions a Prometheus datasource at the prometheus service and loads every dashboard from the folder it mounts', () => {
    const grafana = mounts('grafana');
    const datasources = grafana.find((m) => m.container === '/etc/grafana/provisioning/datasources')!;
    const providers = grafana.find((m) => m.container === '/etc/grafana/provisioning/dashboards')!;
    const dashboards = grafana.find((m) => m.container === '/var/lib/grafana/dashboards')!;
    expect(statSync(dashboards.host).isDirectory()).toBe(true);
    const ds = parse(readFileSync(join(datasources.host, 'strand.yml'), 'utf8')) as { datasources: { type: string; url: string; uid: string }[] };
    expect(ds.datasources.find((d) => d.type === 'prometheus')?.url).toBe('http://prometheus:9090');
    expect(ds.datasources.find((d) => d.type === 'zipkin')?.url).toBe('http://zipkin:9411');
    const provider = parse(readFileSync(join(providers.host, 'strand.yml'), 'utf8')) as { providers: { options: { path: string } }[] };
    expect(provider.providers[0]!.options.path).toBe('/var/lib/grafana/dashboards');
    for (const file of ['strand-overview.json', 'strand-dependencies.json']) {
      const dashboard = JSON.parse(readFileSync(join(dashboards.host, file), 'utf8')) as { panels: { datasource?: { uid: string } }[]; templating: { list: { name: string; query: string }[] } };
      expect(dashboard.templating.list.find((v) => v.name === 'datasource')?.query).toBe('prometheus');
    }
  });

  it('scrapes every service on the metrics port it listens on, and loads the alert rules it mounts', () => {
    const prometheus = mounts('prometheus');
    const configFile = prometheus.find((m) => m.container === '/etc/prometheus/prometheus.yml')!;
    const rules = prometheus.find((m) => m.container === '/etc/prometheus/alerts.yml')!;
    const config = parse(readFileSync(configFile.host, 'utf8')) as { rule_files: string[]; scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[] };
    expect(config.rule_files).toContain(rules.container);
    for (const name of pipeline) {
      const env = Object.fromEntries(Object.entries(compose.services[name]!.environment ?? {}).filter(([k]) => k.startsWith('STRAND_')).map(([k, v]) => [k, String(v)]));
      const serviceConfig = loadConfig(env);
      expect(serviceConfig.metricsPort, `${name} serves metrics`).toBeGreaterThan(0);
      expect(serviceConfig.metricsHost, `${name} listens beyond its container's loopback`).toBe('0.0.0.0');
      const targets = config.scrape_configs.flatMap((j) => j.static_configs.flatMap((c) => c.targets));
      expect(targets, `a scrape target for ${name}`).toContain(`${name}:${serviceConfig.metricsPort}`);
    }
  });

  it('sends every service\'s spans to the collector, and the collector to Zipkin', () => {
    const collectorConfig = parse(readFileSync(mounts('otel-collector')[0]!.host, 'utf8')) as { receivers: { otlp: { protocols: { http: { endpoint: string } } } }; exporters: { zipkin: { endpoint: string } }; service: { pipelines: { traces: { exporters: string[] } } } };
    const otlpPort = collectorConfig.receivers.otlp.protocols.http.endpoint.split(':').pop();
    for (const name of pipeline) {
      expect(compose.services[name]!.environment!.OTEL_EXPORTER_OTLP_ENDPOINT).toBe(`http://otel-collector:${otlpPort}`);
    }
    expect(collectorConfig.service.pipelines.traces.exporters).toContain('zipkin');
    expect(new URL(collectorConfig.exporters.zipkin.endpoint).host).toBe('zipkin:9411');
    expect(compose.services.zipkin!.image).toMatch(/^openzipkin\/zipkin:/);
  });
});
