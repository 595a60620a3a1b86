import { ArrivalLog } from './arrival-log.js';

export interface RequestLogEntry {
  t: number;
  method: string;
  path: string;
  status: number;
  /** Why a non-2xx answer was given: 'rate-limit', 'blocked', or the injected fault's name. */
  reason?: string;
  /** The Range header of the request, when it had one (a resumed download). */
  range?: string;
}

/** Counts what a stand-in received and answered. Statuses are recorded when the answer is decided. */
export class RequestStats {
  readonly arrivals = new ArrivalLog();
  readonly byPath: Record<string, number> = {};
  readonly statuses: Record<number, number> = {};
  readonly log: RequestLogEntry[] = [];

  arrive(t: number, path: string): void {
    this.arrivals.record(t);
    this.byPath[path] = (this.byPath[path] ?? 0) + 1;
  }

  answer(entry: RequestLogEntry): void {
    this.statuses[entry.status] = (this.statuses[entry.status] ?? 0) + 1;
    this.log.push(entry);
  }

  get requests(): number {
    return this.arrivals.all.length;
  }
}
