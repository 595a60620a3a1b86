import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { resumableDownload } from '../../src/download/resumable-download.js';

const FILE = Buffer.from(Array.from({ length: 50_000 }, (_, i) => i % 251));
const RETRY = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 };

/** What the server does with GET number `n` (1-based) starting at byte `start`. */
type Behaviour = (n: number, start: number, res: ServerResponse) => void;

let server: Server;
let url = '';
let behaviour: Behaviour;
let gets: { n: number; range: string | undefined }[] = [];
const dir = mkdtempSync(join(tmpdir(), 'strand-resumable-'));
let spool = 0;

/** Answers the range with `bytes` of it, then resets the connection (or ends it when that is all). */
function sendPart(res: ServerResponse, start: number, bytes: number): void {
  res.writeHead(206, { 'content-length': FILE.length - start, 'content-range': `bytes ${start}-${FILE.length - 1}/${FILE.length}`, etag: '"v1"' });
  if (bytes <= 0) res.flushHeaders();
  else res.write(FILE.subarray(start, start + bytes));
  if (start + bytes >= FILE.length) res.end();
  else setTimeout(() => res.socket?.destroy(), 20);
}

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'HEAD') {
      res.writeHead(200, { 'content-length': FILE.length, etag: '"v1"', 'accept-ranges': 'bytes' });
      res.end();
      return;
    }
    gets.push({ n: gets.length + 1, range: req.headers.range });
    behaviour(gets.length, Number(/bytes=(\d+)-/.exec(req.headers.range ?? '')?.[1] ?? 0), res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/file.gz`;
});
afterEach(() => { gets = []; });
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

async function download(signal?: AbortSignal, retry = RETRY): Promise<Buffer> {
  const out: Buffer[] = [];
  const policy = signal ? { timeoutMs: 5000, retry, signal } : { timeoutMs: 5000, retry };
  for await (const chunk of resumableDownload({ url, spoolPath: join(dir, `spool-${++spool}`), policy })) out.push(chunk);
  return Buffer.concat(out);
}

describe('resumableDownload', () => {
  it('reconnects with Range after every reset that brought bytes, however many (progress resets the count)', async () => {
    behaviour = (_n, start, res) => sendPart(res, start, 7_000);
    expect((await download()).equals(FILE)).toBe(true);
    expect(gets.length).toBe(Math.ceil(FILE.length / 7_000)); // 8 requests, more than maxAttempts
    expect(gets.map((g) => g.range)).toEqual(gets.map((_, i) => `bytes=${i * 7_000}-`));
  });

  it('retries 503s and bodies that bring nothing, and gives up after maxAttempts fruitless requests in a row', async () => {
    behaviour = (n, start, res) => {
      if (n === 1) sendPart(res, start, 10_000);
      else if (n === 2) res.writeHead(503).end();
      else if (n === 3) sendPart(res, start, 0);
      else sendPart(res, start, FILE.length);
    };
    expect((await download()).equals(FILE)).toBe(true);
    expect(gets.length).toBe(4);

    behaviour = (n, start, res) => (n === 1 ? sendPart(res, start, 10_000) : sendPart(res, start, 0));
    gets = [];
    await expect(download()).rejects.toMatchObject({ code: 'DOWNLOAD_FAILED', message: expect.stringContaining('request 3 in a row brought no bytes (at 10000 of 50000)') });
    expect(gets.length).toBe(1 + RETRY.maxAttempts);
  });

  it('does not retry a Range request answered with the whole file (it changed): INPUT_CHANGED', async () => {
    behaviour = (n, start, res) => {
      if (n === 1) sendPart(res, start, 10_000);
      else res.writeHead(200, { 'content-length': FILE.length }).end(FILE);
    };
    await expect(download()).rejects.toMatchObject({ code: 'INPUT_CHANGED' });
    expect(gets.length).toBe(2);
  });

  it('stops at once when its signal aborts, mid-body or while backing off', async () => {
    const abortAfter = async (ms: number, retry = RETRY): Promise<number> => {
      const controller = new AbortController();
      const started = Date.now();
      setTimeout(() => controller.abort(new Error('stop')), ms);
      await expect(download(controller.signal, retry)).rejects.toThrow('stop');
      return Date.now() - started;
    };
    // A stalled body: some bytes, then nothing (the 5 s per-request timeout is far off).
    behaviour = (_n, start, res) => {
      res.writeHead(206, { 'content-length': FILE.length - start, etag: '"v1"' });
      res.write(FILE.subarray(start, start + 1000));
    };
    expect(await abortAfter(100)).toBeLessThan(1_000);
    // Fruitless requests and a long backoff between them.
    behaviour = (_n, start, res) => sendPart(res, start, 0);
    expect(await abortAfter(300, { maxAttempts: 10, baseDelayMs: 30_000, maxDelayMs: 30_000 })).toBeLessThan(1_000);
  });

  it('does not follow redirects (their target was never checked against the fetch allow-list): FETCH_REFUSED', async () => {
    let followed = 0;
    const redirecting = createServer((req, res) => {
      if (req.url === '/moved') { res.writeHead(302, { location: url }); res.end(); return; }
      followed++;
      res.writeHead(200, { 'content-length': 2 });
      res.end('ok');
    });
    await new Promise<void>((resolve) => redirecting.listen(0, '127.0.0.1', resolve));
    try {
      const from = `http://127.0.0.1:${(redirecting.address() as AddressInfo).port}/moved`;
      const run = async () => { for await (const _ of resumableDownload({ url: from, spoolPath: join(dir, `spool-${++spool}`), policy: { timeoutMs: 5000, retry: RETRY } })) void _; };
      await expect(run()).rejects.toMatchObject({ code: 'FETCH_REFUSED', message: expect.stringContaining('answered HTTP 302 (a redirect); redirects are not followed') });
      expect(followed).toBe(0);
      expect(gets).toEqual([]);
    } finally {
      await new Promise((resolve) => redirecting.close(resolve));
    }
  });

  it('leaves exactly the file in its spool', async () => {
    behaviour = (_n, start, res) => sendPart(res, start, 20_000);
    await download();
    expect(readFileSync(join(dir, `spool-${spool}`)).equals(FILE)).toBe(true);
  });
});
