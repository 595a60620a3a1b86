import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capBytes, checkAnnouncedLength } from '../../src/download/download-limits.js';
import { openSource } from '../../src/download/open-source.js';

/** A server that lies: no Content-Length, and a body far longer than any limit (until the client hangs up). */
let server: Server;
let url = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/announced') {
      res.writeHead(200, { 'Content-Length': String(1e12) });
      res.end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    const piece = Buffer.alloc(16 * 1024, 'x');
    const write = (): void => { while (!res.destroyed && res.write(piece)); if (!res.destroyed) res.once('drain', write); };
    write();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('download limits (STRAND_FETCH_MAX_DOWNLOAD_BYTES)', () => {
  it('refuses an announced length over the limit, naming the URL, the limit and the setting', () => {
    expect(() => checkAnnouncedLength('http://x/f.gz', 1e12, { maxBytes: 8 * 1024 ** 3 })).toThrow(
      expect.objectContaining({ code: 'INPUT_TOO_LARGE', retriable: false, message: 'http://x/f.gz announces 1000000000000 bytes (Content-Length), more than the download limit of 8589934592 bytes; nothing was downloaded (raise STRAND_FETCH_MAX_DOWNLOAD_BYTES to accept it)' }),
    );
    expect(() => checkAnnouncedLength('http://x/f.gz', 1024, { maxBytes: 1024 })).not.toThrow();
  });

  it('capBytes stops a body as soon as it passes the limit', async () => {
    async function* body() { for (let i = 0; i < 10; i++) yield Buffer.alloc(1000); }
    const seen: number[] = [];
    await expect((async () => { for await (const c of capBytes(body(), 'http://x/y', { maxBytes: 2500 })) seen.push(c.byteLength); })()).rejects.toMatchObject({
      code: 'INPUT_TOO_LARGE', message: 'http://x/y: the body went past the download limit of 2500 bytes; reading stopped there (raise STRAND_FETCH_MAX_DOWNLOAD_BYTES to accept it)',
    });
    expect(seen).toEqual([1000, 1000]);
  });

  it('openSource refuses a URL announcing too much before reading it, and cuts off a server that sends more than the limit without announcing it', async () => {
    await expect(openSource(`${url}/announced`, { download: { maxBytes: 1 << 20 } })).rejects.toMatchObject({ code: 'INPUT_TOO_LARGE' });
    const opened = await openSource(`${url}/endless`, { download: { maxBytes: 1 << 20 } });
    let received = 0;
    await expect((async () => { for await (const c of opened.stream) received += (c as Buffer).length; })()).rejects.toMatchObject({ code: 'INPUT_TOO_LARGE', message: expect.stringContaining('went past the download limit of 1048576 bytes') });
    expect(received).toBeLessThanOrEqual(1 << 20);
  });
});
