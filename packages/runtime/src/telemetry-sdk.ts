import { NodeSDK } from '@opentelemetry/sdk-node';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import type { StrandConfig } from './config.js';
import type { Logger } from './logger.js';

/**
 * Starts the OpenTelemetry SDK for one service: traces go to an OTLP endpoint when
 * OTEL_EXPORTER_OTLP_ENDPOINT is set (standard OTEL_* variables apply), metrics are served for
 * Prometheus on STRAND_METRICS_PORT when it is not 0. W3C trace context is the propagator, so a
 * record's trace continues across Kafka hops through message headers.
 */
export function startTelemetry(serviceName: string, config: StrandConfig, logger: Logger): { shutdown(): Promise<void> } {
  if (!process.env.OTEL_EXPORTER_OTLP_ENDPOINT && !process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) process.env.OTEL_TRACES_EXPORTER ??= 'none';
  process.env.OTEL_METRICS_EXPORTER ??= 'none';
  process.env.OTEL_LOGS_EXPORTER ??= 'none';
  const metricReader = config.metricsPort > 0 ? new PrometheusExporter({ port: config.metricsPort, host: '0.0.0.0' }) : undefined;
  const sdk = new NodeSDK({ serviceName, ...(metricReader ? { metricReader } : {}) });
  sdk.start();
  if (metricReader) logger.info('metrics endpoint up', { url: `http://127.0.0.1:${config.metricsPort}/metrics` });
  return { shutdown: () => sdk.shutdown() };
}
