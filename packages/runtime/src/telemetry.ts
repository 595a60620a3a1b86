import { context, propagation, trace, metrics, SpanKind, type Context, type Span } from '@opentelemetry/api';
import type { IHeaders } from 'kafkajs';

/** Tracer for everything Strand does; the SDK behind it is started by startTelemetry() (the API proxies until then). */
export const tracer = trace.getTracer('strand');

/**
 * The meter, looked up when first used: unlike tracers, meters taken before the SDK starts stay
 * no-ops for good, so instruments must be created after startTelemetry().
 */
export function meter() {
  return metrics.getMeter('strand');
}

const headerGetter = {
  keys: (carrier: IHeaders) => Object.keys(carrier),
  get: (carrier: IHeaders, key: string) => {
    const v = carrier[key];
    if (v === undefined) return undefined;
    const one = Array.isArray(v) ? v[0] : v;
    return one === undefined ? undefined : one.toString();
  },
};

/** The trace context a Kafka message carries in its headers (W3C traceparent), so one record is one trace across hops. */
export function contextFromHeaders(headers: IHeaders | undefined): Context {
  return propagation.extract(context.active(), headers ?? {}, headerGetter);
}

/** Headers to attach to an outgoing message so the next stage continues this span's trace. */
export function headersForSpan(span: Span | undefined): Record<string, string> {
  const carrier: Record<string, string> = {};
  const ctx = span ? trace.setSpan(context.active(), span) : context.active();
  propagation.inject(ctx, carrier);
  return carrier;
}

export { SpanKind };
