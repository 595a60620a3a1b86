import type { Counter, Histogram } from '@opentelemetry/api';
import { meter } from './telemetry.js';

/** The labels every stage metric carries: the source and the stage (`<source>.<role>`). */
export interface StageAttributes {
  source: string;
  stage: string;
  [key: string]: string | number;
}

/** `{ source, stage }` for a stage named `<source>.<role>`. */
export function stageAttributes(stageName: string): StageAttributes {
  const dot = stageName.indexOf('.');
  return { source: dot > 0 ? stageName.slice(0, dot) : stageName, stage: stageName };
}

/** What the lag gauges observe for one partition of one group. */
export interface PartitionLag {
  /** Messages between the committed position and the partition end. */
  messages: number;
  /** Timestamp (ms) of the oldest record not yet processed, or undefined when none is waiting. */
  oldestUnprocessedAt: number | undefined;
  attrs: Record<string, string | number>;
}

/** The runner's metrics, shared by every stage of a process. */
export interface StageInstruments {
  /** Input records handled, by outcome (processed, dead_lettered). */
  processed: Counter;
  produced: Counter;
  retries: Counter;
  chunkDuration: Histogram;
  restarts: Counter;
  /** Seconds from the fetch of a record to the sink's commit of it, per source. */
  freshness: Histogram;
  sinkRows: Counter;
  sinkSkipped: Counter;
  sinkRejected: Counter;
  sinkWriteDuration: Histogram;
  /** Per `<topic>:<partition>:<group>`, observed by the lag gauges. */
  lagByPartition: Map<string, PartitionLag>;
  /** Per stage name: whether its consumer is running in this process (1) or crashed / restarting (0). */
  consumerUp: Map<string, { up: boolean; attrs: StageAttributes }>;
}

const SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 120, 600];
const FRESHNESS_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 21600, 86400];

let instruments: StageInstruments | undefined;

/** Created once per process on first use (after the SDK has started: meters taken earlier stay no-ops). */
export function stageInstruments(): StageInstruments {
  if (instruments) return instruments;
  const m = meter();
  const lagByPartition = new Map<string, PartitionLag>();
  const consumerUp = new Map<string, { up: boolean; attrs: StageAttributes }>();
  m.createObservableGauge('strand.consumer.lag', { description: 'Messages between the committed position and the partition end, per partition' })
    .addCallback((result) => { for (const { messages, attrs } of lagByPartition.values()) result.observe(messages, attrs); });
  m.createObservableGauge('strand.consumer.lag.seconds', { description: 'Age in seconds of the oldest record of the partition not yet processed (0 when none waits)' })
    .addCallback((result) => {
      const now = Date.now();
      for (const { messages, oldestUnprocessedAt, attrs } of lagByPartition.values()) {
        result.observe(messages > 0 && oldestUnprocessedAt !== undefined ? Math.max(0, (now - oldestUnprocessedAt) / 1000) : 0, attrs);
      }
    });
  m.createObservableGauge('strand.stage.consumer.up', { description: 'Whether the stage\'s consumer runs in this process (1) or is crashed or restarting (0)' })
    .addCallback((result) => { for (const { up, attrs } of consumerUp.values()) result.observe(up ? 1 : 0, attrs); });
  instruments = {
    processed: m.createCounter('strand.stage.messages', { description: 'Input records handled by a stage, by outcome (processed, dead_lettered)' }),
    produced: m.createCounter('strand.stage.outputs', { description: 'Records a stage produced or wrote' }),
    retries: m.createCounter('strand.stage.retries', { description: 'Retries of a stage\'s work after a retriable error, by error code' }),
    chunkDuration: m.createHistogram('strand.stage.chunk.duration', { unit: 's', description: 'Time to process, write and commit one chunk (a streaming stage: one input), in seconds', advice: { explicitBucketBoundaries: SECONDS_BUCKETS } }),
    restarts: m.createCounter('strand.consumer.restarts', { description: 'Consumers restarted after a crash, by cause' }),
    freshness: m.createHistogram('strand.freshness.seconds', { unit: 's', description: 'Seconds from the fetch of a record to the sink\'s commit of it, per source', advice: { explicitBucketBoundaries: FRESHNESS_BUCKETS } }),
    sinkRows: m.createCounter('strand.sink.rows', { description: 'Rows a sink wrote, by table' }),
    sinkSkipped: m.createCounter('strand.sink.skipped', { description: 'Records a sink skipped: the same as stored, or older' }),
    sinkRejected: m.createCounter('strand.sink.rejected', { description: 'Records a sink refused (each dead-lettered with its reason)' }),
    sinkWriteDuration: m.createHistogram('strand.sink.write.duration', { unit: 's', description: 'Time of one sink write (one transaction, COPY included), in seconds', advice: { explicitBucketBoundaries: SECONDS_BUCKETS.slice(0, -1) } }),
    lagByPartition,
    consumerUp,
  };
  return instruments;
}
