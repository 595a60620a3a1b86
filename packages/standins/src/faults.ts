/**
 * How often a fault happens. A number in (0, 1) is a probability per request; a number >= 1 is a
 * count: the next N eligible requests get the fault (so 1 means "the next one"). 0 or absent: never.
 * The object forms say it explicitly, e.g. `{ probability: 1 }` for every request.
 */
export type FaultRate = number | { probability: number } | { next: number };

/** Faults a stand-in injects into its answers. */
export interface Faults {
  /** Answer 503 (PubChem: PUGREST.ServerBusy JSON; NCBI: an HTML error page). */
  status503?: FaultRate;
  status429?: FaultRate;
  status500?: FaultRate;
  /** Send the headers and half the body, then destroy the socket. */
  reset?: FaultRate;
  /** Never answer (the connection stays open until the client gives up or the stand-in closes). */
  timeout?: FaultRate;
  /** Serve only the first half of a gzip body, with a matching Content-Length, so HTTP looks fine but gunzip fails. */
  truncateGzip?: FaultRate;
  /** Same for a JSON body: a well-formed HTTP response whose JSON is cut off. */
  truncateJson?: FaultRate;
  /** PubChem only: leave out the X-Throttling-Control header (it is sometimes missing in the wild). */
  missingHeader?: FaultRate;
  /** Send the headers and half the body, then nothing more: the connection stays open, silent (a stalled body). */
  stall?: FaultRate;
  /** Dribble every response body out over this many milliseconds. */
  slowBodyMs?: number;
  /**
   * NCBI files only: announce this Content-Length (HEAD and GET) whatever the file's size, e.g. 1 TB.
   * A GET then sends the real bytes and closes the connection short of what it announced.
   */
  announceBytes?: number;
  /** PubChem SDF answers only: the SD record of this CID carries a byte 0xFF (not UTF-8) in its title line. */
  badUtf8Cid?: number;
}

/** Faults that are settings rather than rates. */
type FaultSetting = 'slowBodyMs' | 'announceBytes' | 'badUtf8Cid';

export type FaultName = Exclude<keyof Faults, FaultSetting>;

/** Decides, request by request, which faults to inject; counts what it injected. */
export class FaultInjector {
  private faults: Faults = {};
  private remaining = new Map<FaultName, number>();
  readonly injected: Record<string, number> = {};

  constructor(
    faults: Faults = {},
    private readonly random: () => number = Math.random,
  ) {
    this.set(faults);
  }

  /** Replaces all faults; counts start again. */
  set(faults: Faults): void {
    this.faults = { ...faults };
    this.remaining.clear();
    for (const [name, rate] of Object.entries(faults) as [keyof Faults, FaultRate | undefined][]) {
      if (name === 'slowBodyMs' || name === 'announceBytes' || name === 'badUtf8Cid' || rate === undefined) continue;
      const count = typeof rate === 'number' ? (rate >= 1 ? Math.round(rate) : 0) : 'next' in rate ? rate.next : 0;
      if (count > 0) this.remaining.set(name, count);
    }
  }

  get slowBodyMs(): number {
    return this.faults.slowBodyMs ?? 0;
  }

  /** The CID whose SD record gets a byte that is not UTF-8, if any. */
  get badUtf8Cid(): number | undefined {
    return this.faults.badUtf8Cid;
  }

  /** The Content-Length to announce for files instead of their size, if any. */
  get announceBytes(): number | undefined {
    return this.faults.announceBytes;
  }

  /** True if this request gets fault `name`; consumes one from a count. Call only for requests the fault applies to. */
  take(name: FaultName): boolean {
    const hit = this.decide(name);
    if (hit) this.injected[name] = (this.injected[name] ?? 0) + 1;
    return hit;
  }

  private decide(name: FaultName): boolean {
    const left = this.remaining.get(name);
    if (left !== undefined) {
      if (left <= 1) this.remaining.delete(name);
      else this.remaining.set(name, left - 1);
      return true;
    }
    const rate = this.faults[name] as FaultRate | undefined;
    if (rate === undefined) return false;
    const probability = typeof rate === 'number' ? (rate > 0 && rate < 1 ? rate : 0) : 'probability' in rate ? rate.probability : 0;
    return probability > 0 && this.random() < probability;
  }
}
