import type { Admin } from 'kafkajs';
import { ProgressLine, formatDuration } from './progress-line.js';
import { workProgress, type WorkMark, type WorkProgress } from './work-report.js';

export interface WorkWatchOptions {
  /** Input bytes read so far and the input's size when known (`strand ingest`; `strand fetch`: downloaded). */
  bytes?: () => { read: number; total: number | null };
  /** What the bytes are: "read" (default) or "downloaded". */
  bytesLabel?: string;
  /** True once everything is published (`strand ingest`; a fetch knows it from the fetcher's group). */
  published?: () => boolean;
  /** Sampling period (default 1 s). */
  everyMs?: number;
  line?: ProgressLine;
}

const mb = (n: number) => (n / 1e6).toFixed(1);

/** One progress line: bytes read of total, records published and stored, the storing rate and an ETA where one can be told. */
export function describeProgress(p: WorkProgress, elapsedS: number, bytes?: { read: number; total: number | null }, allPublished?: boolean, bytesLabel = 'read'): string {
  const rate = elapsedS > 0 ? p.stored / elapsedS : 0;
  let remaining: number | undefined;
  if (allPublished ?? p.fetched) remaining = p.published - p.stored;
  else if (bytes?.total && bytes.read > 0 && p.published > 0) remaining = Math.max(0, (p.published * bytes.total) / bytes.read - p.stored);
  const eta = remaining !== undefined && rate > 0 ? formatDuration(remaining / rate) : '?';
  return [
    ...(bytes ? [`${mb(bytes.read)}${bytes.total ? ` of ${mb(bytes.total)}` : ''} MB ${bytesLabel}`] : []),
    `${p.published} published`,
    `${p.stored} stored`,
    `${rate.toFixed(1)} records/s`,
    `ETA ${eta}`,
  ].join(' | ');
}

/**
 * Shows the progress of queued work until stopped: samples the topics every second (records
 * published on the raw topic, records through the sink: `workProgress`) and redraws the line.
 * A failed sample is skipped (the next one tries again); the wait itself reports real failures.
 */
export function watchWork(admin: Admin, mark: WorkMark, opts: WorkWatchOptions = {}): { stop(): Promise<void> } {
  const line = opts.line ?? new ProgressLine();
  const started = Date.now();
  let pending: Promise<void> | undefined;
  const sample = async (): Promise<void> => {
    try {
      const p = await workProgress(admin, mark);
      line.update(describeProgress(p, (Date.now() - started) / 1000, opts.bytes?.(), opts.published?.(), opts.bytesLabel));
    } catch {
      // a sample that fails (a coordinator moving) is skipped; the next one tries again
    } finally {
      pending = undefined;
    }
  };
  const timer = setInterval(() => { pending ??= sample(); }, opts.everyMs ?? 1000);
  return {
    stop: async () => {
      clearInterval(timer);
      await pending;
      line.done();
    },
  };
}
