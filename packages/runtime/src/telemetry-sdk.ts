import type { Server } from 'node:http';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { RuntimeNodeInstrumentation } from '@opentelemetry/instrumentation-runtime-node';
import type { StrandConfig } from './config.js';
import type { Logger } from './logger.js';

/**
 * Starts the OpenTelemetry SDK for one service: traces go to an OTLP endpoint when
 * OTEL_EXPORTER_OTLP_ENDPOINT is set, or to Zipkin when OTEL_EXPORTER_ZIPKIN_ENDPOINT is (standard
 * OTEL_* variables apply, OTEL_TRACES_EXPORTER included); metrics are served for Prometheus on
 * STRAND_METRICS_HOST:STRAND_METRICS_PORT when the port is not 0, with the process's event-loop
 * delay, heap and GC pauses from OpenTelemetry's Node runtime instrumentation. W3C trace context
 * is the propagator, so a record's trace continues across Kafka hops through message headers.
 */
export function startTelemetry(serviceName: string, config: StrandConfig, logger: Logger): { shutdown(): Promise<void> } {
  if (process.env.OTEL_EXPORTER_ZIPKIN_ENDPOINT && !process.env.OTEL_EXPORTER_OTLP_ENDPOINT && !process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) process.env.OTEL_TRACES_EXPORTER ??= 'zipkin';
  if (!process.env.OTEL_EXPORTER_OTLP_ENDPOINT && !process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) process.env.OTEL_TRACES_EXPORTER ??= 'none';
  process.env.OTEL_METRICS_EXPORTER ??= 'none';
  process.env.OTEL_LOGS_EXPORTER ??= 'none';
  const metricReader = config.metricsPort > 0 ? metricsEndpoint(config, logger) : undefined;
  const sdk = new NodeSDK({
    serviceName,
    ...(metricReader ? { metricReader, instrumentations: [new RuntimeNodeInstrumentation({ monitoringPrecision: 1000 })] } : {}),
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}

/**
 * The Prometheus endpoint on STRAND_METRICS_HOST (127.0.0.1 by default) and STRAND_METRICS_PORT.
 * Once it listens, the log line gives the address the socket really bound (not the configured
 * one), or the error if it could not (port taken, address not local).
 */
function metricsEndpoint(config: StrandConfig, logger: Logger): PrometheusExporter {
  const exporter: PrometheusExporter = new PrometheusExporter({ port: config.metricsPort, host: config.metricsHost }, (err) => {
    if (err) {
      logger.error('metrics endpoint failed to start', { host: config.metricsHost, port: config.metricsPort, error: err.message });
      return;
    }
    const bound = (exporter as unknown as { _server?: Server })._server?.address();
    const { address, port } = bound && typeof bound === 'object' ? bound : { address: config.metricsHost, port: config.metricsPort };
    const host = address.includes(':') ? `[${address}]` : address;
    logger.info('metrics endpoint up', { address, port, url: `http://${host}:${port}/metrics` });
  });
  return exporter;
}
