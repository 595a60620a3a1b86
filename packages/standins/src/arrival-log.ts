/**
 * Times (ms) of events, e.g. request arrivals, kept in order. Answers "how many in the last W ms"
 * and "the most in any W-ms interval ever", both computed from the recorded times.
 */
export class ArrivalLog {
  private readonly times: number[] = [];

  record(t: number): void {
    this.times.push(t);
  }

  get all(): readonly number[] {
    return this.times;
  }

  /** Events with time in (now - windowMs, now]. */
  countSince(now: number, windowMs: number): number {
    let n = 0;
    for (let i = this.times.length - 1; i >= 0 && this.times[i]! > now - windowMs; i--) if (this.times[i]! <= now) n++;
    return n;
  }

  /** The time the oldest event still inside (now - windowMs, now] leaves the window, i.e. its time + windowMs. */
  oldestInWindowExpiresAt(now: number, windowMs: number): number | null {
    let oldest: number | null = null;
    for (let i = this.times.length - 1; i >= 0 && this.times[i]! > now - windowMs; i--) oldest = this.times[i]!;
    return oldest === null ? null : oldest + windowMs;
  }

  /** The most events in any half-open interval [t, t + windowMs). */
  maxInAnyWindow(windowMs: number): number {
    const sorted = [...this.times].sort((a, b) => a - b);
    let max = 0;
    let end = 0;
    for (let start = 0; start < sorted.length; start++) {
      while (end < sorted.length && sorted[end]! < sorted[start]! + windowMs) end++;
      max = Math.max(max, end - start);
    }
    return max;
  }
}
