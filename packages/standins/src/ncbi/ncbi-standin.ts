import type { IncomingMessage, ServerResponse } from 'node:http';
import { FaultInjector } from '../faults.js';
import type { Faults } from '../faults.js';
import { listenLocal, requestParams } from '../http-server.js';
import { RequestStats, type RequestLogEntry } from '../request-stats.js';
import { bufferSource, sendBody } from '../send-body.js';
import { efetch, indexRecords } from './efetch.js';
import { esearch } from './esearch.js';
import { EutilsRateLimit } from './eutils-rate-limit.js';
import type { EutilsResponse } from './eutils-response.js';
import { loadGenbankFixtures } from './genbank-fixtures.js';
import { collectServedFiles, directoryListing, fileSource, parseRange } from './genbank-files.js';
import { SearchHistory } from './search-history.js';

export interface NcbiStandinOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** GenBank fixture folder, e.g. test-data/genbank: its records answer esearch/efetch; its files are served under /genbank/. */
  dataDir: string;
  /** Extra files under /genbank/: served name -> local path, e.g. {'gbbct1.seq.gz': 'test-data/genbank/sample-division.gbff.gz'}. */
  divisionFiles?: Record<string, string>;
  faults?: Faults;
  /** E-utilities requests per second without api_key (default 3, NCBI's limit). */
  rateLimitPerSec?: number;
  /** ... and with api_key (default 10). */
  rateLimitPerSecWithKey?: number;
  now?: () => number;
  random?: () => number;
}

export interface NcbiStandinStats {
  requests: number;
  byPath: Record<string, number>;
  statuses: Record<number, number>;
  requestTimes: number[];
  /** Most requests that arrived in any 1-second interval. */
  maxPerSecond: number;
  rateLimited: number;
  injected: Record<string, number>;
  /** Every answered request, in order. */
  log: RequestLogEntry[];
}

export interface NcbiStandin {
  url: string;
  close(): Promise<void>;
  setFaults(faults: Faults): void;
  stats(): NcbiStandinStats;
}

/** A local stand-in for NCBI: the GenBank FTP tree over HTTP and E-utilities esearch/efetch, on 127.0.0.1. */
export async function startNcbiStandin(opts: NcbiStandinOptions): Promise<NcbiStandin> {
  const now = opts.now ?? Date.now;
  const records = await loadGenbankFixtures(opts.dataDir);
  const index = indexRecords(records);
  const files = await collectServedFiles(opts.dataDir, opts.divisionFiles);
  const faults = new FaultInjector(opts.faults, opts.random);
  const stats = new RequestStats();
  const limiter = new EutilsRateLimit(opts.rateLimitPerSec ?? 3, opts.rateLimitPerSecWithKey ?? 10);
  const history = new SearchHistory();
  let rateLimited = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const t = now();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    stats.arrive(t, url.pathname);
    const range = req.headers.range;
    const answer = (status: number, reason?: string): void => stats.answer({ t, method, path: url.pathname, status, ...(reason ? { reason } : {}), ...(range ? { range } : {}) });

    if (faults.take('timeout')) return answer(0, 'timeout');
    for (const status of [503, 500, 429] as const) {
      if (faults.take(`status${status}`)) {
        answer(status, `status${status}`);
        const body = status === 429 ? '{"error":"API rate limit exceeded"}\n' : `<html><body><h1>${status} Service Error</h1></body></html>\n`;
        const headers: Record<string, string> = { 'Content-Type': status === 429 ? 'application/json' : 'text/html', ...(status === 429 ? { 'Retry-After': '1' } : {}) };
        return sendBody(res, { status, headers, body: bufferSource(Buffer.from(body)) });
      }
    }

    if (url.pathname === '/genbank' || url.pathname === '/genbank/') {
      answer(200);
      return sendBody(res, { status: 200, headers: { 'Content-Type': 'text/html' }, body: bufferSource(Buffer.from(directoryListing(files.values()))), head: method === 'HEAD' });
    }
    if (url.pathname.startsWith('/genbank/')) return serveFile(req, res, decodeURIComponent(url.pathname.slice('/genbank/'.length)), answer);
    if (url.pathname === '/entrez/eutils/esearch.fcgi' || url.pathname === '/entrez/eutils/efetch.fcgi') {
      const params = await requestParams(req, url);
      const apiKey = params.get('api_key');
      const who = apiKey ?? req.socket.remoteAddress ?? 'unknown';
      const decision = limiter.check(who, apiKey !== null, t);
      const rateHeaders = { 'X-RateLimit-Limit': String(decision.limit), 'X-RateLimit-Remaining': String(Math.max(0, decision.limit - decision.count)) };
      if (!decision.allowed) {
        rateLimited++;
        answer(429, 'rate-limit');
        const body = JSON.stringify({ error: 'API rate limit exceeded', 'api-key': who, count: String(decision.count), limit: String(decision.limit) });
        const headers = { 'Content-Type': 'application/json', 'Retry-After': String(Math.ceil(decision.retryAfterMs / 1000)), ...rateHeaders };
        return sendBody(res, { status: 429, headers, body: bufferSource(Buffer.from(body)) });
      }
      const result: EutilsResponse = url.pathname.endsWith('esearch.fcgi') ? esearch(params, records, history) : efetch(method, params, index, history);
      answer(result.status);
      const isJson = result.contentType.startsWith('application/json');
      const truncateTo = isJson && result.status === 200 && faults.take('truncateJson') ? Math.floor(Buffer.byteLength(result.body) / 2) : undefined;
      return sendBody(res, {
        status: result.status,
        headers: { 'Content-Type': result.contentType, ...rateHeaders },
        body: bufferSource(Buffer.from(result.body)),
        ...(truncateTo !== undefined ? { truncateTo } : {}),
        reset: faults.take('reset'),
        slowBodyMs: faults.slowBodyMs,
      });
    }
    answer(404);
    return sendBody(res, { status: 404, headers: { 'Content-Type': 'text/plain' }, body: bufferSource(Buffer.from(`Not Found: ${url.pathname}\n`)) });
  }

  async function serveFile(req: IncomingMessage, res: ServerResponse, name: string, answer: (status: number, reason?: string) => void): Promise<void> {
    const file = files.get(name);
    if (!file) {
      answer(404);
      return sendBody(res, { status: 404, headers: { 'Content-Type': 'text/plain' }, body: bufferSource(Buffer.from(`Not Found: /genbank/${name}\n`)) });
    }
    const headers: Record<string, string> = {
      'Content-Type': name.endsWith('.gz') ? 'application/x-gzip' : 'application/octet-stream',
      'Accept-Ranges': 'bytes',
      ETag: file.etag,
      'Last-Modified': file.lastModified,
    };
    if (req.headers['if-none-match'] === file.etag) {
      answer(304);
      res.writeHead(304, headers);
      res.end();
      return;
    }
    const ifRange = req.headers['if-range'];
    const range = ifRange !== undefined && ifRange !== file.etag && ifRange !== file.lastModified ? { kind: 'full' as const } : parseRange(req.headers.range, file.size);
    if (range.kind === 'unsatisfiable') {
      answer(416);
      return sendBody(res, { status: 416, headers: { ...headers, 'Content-Range': `bytes */${file.size}` }, body: bufferSource(Buffer.alloc(0)) });
    }
    const [status, start, end] = range.kind === 'partial' ? [206, range.start, range.end] : [200, 0, file.size - 1];
    if (status === 206) headers['Content-Range'] = `bytes ${start}-${end}/${file.size}`;
    const head = req.method === 'HEAD';
    const truncate = !head && name.endsWith('.gz') && faults.take('truncateGzip');
    answer(status, truncate ? 'truncateGzip' : undefined);
    return sendBody(res, {
      status,
      headers,
      body: fileSource(file),
      start,
      end,
      head,
      ...(truncate ? { truncateTo: Math.floor((end - start + 1) / 2) } : {}),
      reset: !head && faults.take('reset'),
      stall: !head && faults.take('stall'),
      slowBodyMs: faults.slowBodyMs,
      ...(faults.announceBytes !== undefined ? { announceBytes: faults.announceBytes } : {}),
    });
  }

  const server = await listenLocal(opts.port ?? 0, handle);
  return {
    url: server.url,
    close: server.close,
    setFaults: (f) => faults.set(f),
    stats: () => ({
      requests: stats.requests,
      byPath: { ...stats.byPath },
      statuses: { ...stats.statuses },
      requestTimes: [...stats.arrivals.all],
      maxPerSecond: stats.arrivals.maxInAnyWindow(1000),
      rateLimited,
      injected: { ...faults.injected },
      log: [...stats.log],
    }),
  };
}
