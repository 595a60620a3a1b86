import type { Counter, Histogram } from '@opentelemetry/api';
import { meter } from './telemetry.js';

/** The runner's metrics, shared by every stage of a process. */
export interface StageInstruments {
  processed: Counter;
  produced: Counter;
  chunkDuration: Histogram;
  restarts: Counter;
  sinkRows: Counter;
  sinkSkipped: Counter;
  sinkWriteDuration: Histogram;
  /** Latest lag per `<topic>:<partition>:<group>`, observed by the lag gauge. */
  lagByPartition: Map<string, { value: number; attrs: Record<string, string | number> }>;
}

let instruments: StageInstruments | undefined;

/** Created once per process on first use (after the SDK has started: meters taken earlier stay no-ops). */
export function stageInstruments(): StageInstruments {
  if (instruments) return instruments;
  const m = meter();
  const lagByPartition = new Map<string, { value: number; attrs: Record<string, string | number> }>();
  m.createObservableGauge('strand.consumer.lag', { description: 'Messages between the committed position and the partition end, per partition' })
    .addCallback((result) => { for (const { value, attrs } of lagByPartition.values()) result.observe(value, attrs); });
  instruments = {
    processed: m.createCounter('strand.stage.messages', { description: 'Input messages handled by a stage, by outcome' }),
    produced: m.createCounter('strand.stage.outputs', { description: 'Records a stage produced or wrote' }),
    chunkDuration: m.createHistogram('strand.stage.chunk.duration', { unit: 's', description: 'Time to process, write and commit one chunk (a streaming stage: one input), in seconds', advice: { explicitBucketBoundaries: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 120, 600] } }),
    restarts: m.createCounter('strand.consumer.restarts', { description: 'Consumers restarted after a crash, by cause' }),
    sinkRows: m.createCounter('strand.sink.rows', { description: 'Rows a sink wrote, by table' }),
    sinkSkipped: m.createCounter('strand.sink.skipped', { description: 'Records a sink skipped: the same as stored, or older' }),
    sinkWriteDuration: m.createHistogram('strand.sink.write.duration', { unit: 's', description: 'Time of one sink write (one transaction, COPY included), in seconds', advice: { explicitBucketBoundaries: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 120] } }),
    lagByPartition,
  };
  return instruments;
}
