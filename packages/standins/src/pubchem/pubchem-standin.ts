import type { IncomingMessage, ServerResponse } from 'node:http';
import { FaultInjector } from '../faults.js';
import type { Faults } from '../faults.js';
import { listenLocal, readBody } from '../http-server.js';
import { RequestStats } from '../request-stats.js';
import type { RequestLogEntry } from '../request-stats.js';
import { bufferSource, sendBody } from '../send-body.js';
import { syntheticRecordFor } from './pubchem-fixtures.js';
import type { PubchemRecord } from './pubchem-record.js';
import { PUBCHEM_LIMITS, PubchemThrottle } from './pubchem-throttle.js';
import type { PubchemLimits } from './pubchem-throttle.js';
import { fault, routePugRest, SERVER_BUSY } from './pug-rest-routes.js';
import type { PugResponse, RecordLookup } from './pug-rest-routes.js';

export interface PubchemStandinOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** What to serve; see loadPubchemFixtures. */
  records: PubchemRecord[];
  faults?: Faults;
  /** Defaults to PubChem's published 5/s and 400/min. */
  limits?: Partial<PubchemLimits>;
  /** Answer ANY positive CID, with a copy of a real structure marked StrandSynthetic (scale tests). */
  syntheticCids?: boolean;
  now?: () => number;
  random?: () => number;
}

export interface PubchemStandinStats {
  requests: number;
  /** Most requests that ARRIVED in any 1-second / 60-second interval (refused ones included). */
  maxPerSecond: number;
  maxPerMinute: number;
  /** 503 ServerBusy answers because the client went over a limit, because it was blocked, or injected as a fault. */
  busyRateLimited: number;
  busyBlocked: number;
  busyInjected: number;
  statuses: Record<number, number>;
  byPath: Record<string, number>;
  injected: Record<string, number>;
  log: RequestLogEntry[];
}

export interface PubchemStandin {
  url: string;
  close(): Promise<void>;
  setFaults(faults: Faults): void;
  stats(): PubchemStandinStats;
}

function buildLookup(records: PubchemRecord[], syntheticCids: boolean): RecordLookup {
  const byCid = new Map(records.map((r) => [r.cid, r]));
  const byName = new Map<string, PubchemRecord[]>();
  const bySmiles = new Map<string, PubchemRecord[]>();
  const add = (map: Map<string, PubchemRecord[]>, key: string, r: PubchemRecord): void => {
    const list = map.get(key) ?? [];
    if (!list.includes(r)) list.push(r);
    map.set(key, list);
  };
  for (const r of records) {
    for (const n of r.names) add(byName, n.toLowerCase(), r);
    for (const key of ['SMILES', 'ConnectivitySMILES', 'CanonicalSMILES', 'IsomericSMILES']) {
      const s = r.properties[key];
      if (typeof s === 'string') add(bySmiles, s, r);
    }
  }
  return {
    byCid: (cid) => byCid.get(cid) ?? (syntheticCids && cid > 0 && records.length > 0 ? syntheticRecordFor(cid, records) : undefined),
    byName: (name) => byName.get(name.toLowerCase()) ?? [],
    bySmiles: (smiles) => bySmiles.get(smiles) ?? [],
  };
}

/** A local stand-in for PubChem PUG REST on 127.0.0.1, enforcing PubChem's limits itself. */
export async function startPubchemStandin(opts: PubchemStandinOptions): Promise<PubchemStandin> {
  const now = opts.now ?? Date.now;
  const throttle = new PubchemThrottle({ ...PUBCHEM_LIMITS, ...opts.limits });
  const faults = new FaultInjector(opts.faults, opts.random);
  const stats = new RequestStats();
  const lookup = buildLookup(opts.records, opts.syntheticCids ?? false);
  const busy = { 'rate-limit': 0, blocked: 0, injected: 0 };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const t = now();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    stats.arrive(t, url.pathname);
    const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const form = method === 'POST' ? new URLSearchParams(await readBody(req)) : new URLSearchParams();
    const answer = (status: number, reason?: string): void => stats.answer({ t, method, path: url.pathname, status, ...(reason ? { reason } : {}) });

    if (segments[0] !== 'rest' || segments[1] !== 'pug') {
      answer(404);
      return send(res, fault(404, 'PUGREST.NotFound', `No such path: ${url.pathname}`), t);
    }
    const admission = throttle.admit(t);
    if (!admission.admitted) {
      busy[admission.reason]++;
      answer(503, admission.reason);
      return send(res, SERVER_BUSY(), t);
    }
    if (faults.take('timeout')) return answer(0, 'timeout');
    if (faults.take('status503')) {
      busy.injected++;
      answer(503, 'status503');
      return send(res, SERVER_BUSY(), t);
    }
    if (faults.take('status429')) {
      answer(429, 'status429');
      return send(res, fault(429, 'PUGREST.ServerBusy', 'Too many requests or server too busy'), t);
    }
    if (faults.take('status500')) {
      answer(500, 'status500');
      return send(res, fault(500, 'PUGREST.ServerError', 'Internal server error'), t);
    }
    throttle.inFlight++;
    try {
      const result = routePugRest(segments.slice(2), form, lookup);
      answer(result.status);
      await send(res, result, t, true);
    } finally {
      throttle.inFlight--;
      throttle.recordRuntime(t, now() - t);
    }
  }

  async function send(res: ServerResponse, result: PugResponse, t: number, bodyFaults = false): Promise<void> {
    const headers: Record<string, string> = { 'Content-Type': result.contentType };
    if (!faults.take('missingHeader')) headers['X-Throttling-Control'] = throttle.header(t);
    const body = withBadUtf8(Buffer.from(result.body), result.contentType, faults.badUtf8Cid);
    const truncate = bodyFaults && result.status === 200 && result.contentType === 'application/json' && faults.take('truncateJson');
    return sendBody(res, {
      status: result.status,
      headers,
      body: bufferSource(body),
      ...(truncate ? { truncateTo: Math.floor(body.length / 2) } : {}),
      reset: bodyFaults && faults.take('reset'),
      slowBodyMs: bodyFaults ? faults.slowBodyMs : 0,
    });
  }

  /** The `badUtf8Cid` fault: the first byte of that CID's SD record (its title line) becomes 0xFF. */
  function withBadUtf8(body: Buffer, contentType: string, cid: number | undefined): Buffer {
    if (cid === undefined || !contentType.includes('chemical/x-mdl-sdfile')) return body;
    const text = body.toString('latin1');
    const tag = text.indexOf(`<PUBCHEM_COMPOUND_CID>\n${cid}\n`);
    if (tag < 0) return body;
    const start = text.lastIndexOf('$$$$\n', tag);
    const recordStart = start < 0 ? 0 : start + 5;
    faults.injected.badUtf8Cid = (faults.injected.badUtf8Cid ?? 0) + 1;
    const out = Buffer.from(body);
    out[recordStart] = 0xff;
    return out;
  }

  const server = await listenLocal(opts.port ?? 0, handle);
  return {
    url: server.url,
    close: server.close,
    setFaults: (f) => faults.set(f),
    stats: () => ({
      requests: stats.requests,
      maxPerSecond: stats.arrivals.maxInAnyWindow(1000),
      maxPerMinute: stats.arrivals.maxInAnyWindow(60_000),
      busyRateLimited: busy['rate-limit'],
      busyBlocked: busy.blocked,
      busyInjected: busy.injected,
      statuses: { ...stats.statuses },
      byPath: { ...stats.byPath },
      injected: { ...faults.injected },
      log: [...stats.log],
    }),
  };
}
