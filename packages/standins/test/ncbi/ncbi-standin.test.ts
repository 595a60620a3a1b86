import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNcbiStandin } from '@strand/standins';
import type { NcbiStandin } from '@strand/standins';

const GENBANK = fileURLToPath(new URL('../../../../test-data/genbank/', import.meta.url));
const DIVISION = `${GENBANK}sample-division.gbff.gz`;
const fixture = (name: string): string => readFileSync(`${GENBANK}${name}`, 'utf8');

/** A clock the test moves by hand, so rate limits are exact. */
let clock = 1_700_000_000_000;
let standin: NcbiStandin;

beforeAll(async () => {
  standin = await startNcbiStandin({ dataDir: GENBANK, divisionFiles: { 'gbbct1.seq.gz': DIVISION }, now: () => clock, rateLimitPerSec: 1000, rateLimitPerSecWithKey: 1000 });
});
afterAll(() => standin.close());

const get = (path: string, init?: RequestInit): Promise<Response> => fetch(`${standin.url}${path}`, init);

describe('NCBI stand-in: GenBank FTP tree', () => {
  it('lists the files and serves a division file whole with NCBI-like headers', async () => {
    const listing = await (await get('/genbank/')).text();
    expect(listing).toContain('href="gbbct1.seq.gz"');
    expect(listing).toContain('href="NC_005816.gb"');

    const res = await get('/genbank/gbbct1.seq.gz');
    const body = Buffer.from(await res.arrayBuffer());
    const local = readFileSync(DIVISION);
    expect(res.status).toBe(200);
    expect(body.equals(local)).toBe(true);
    expect(res.headers.get('content-length')).toBe(String(local.length));
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('etag')).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
    expect(Date.parse(res.headers.get('last-modified') ?? '')).not.toBeNaN();
    expect(gunzipSync(body).toString('utf8')).toContain('LOCUS');
  });

  it('answers byte ranges with 206 and Content-Range', async () => {
    const local = readFileSync(DIVISION);
    const res = await get('/genbank/gbbct1.seq.gz', { headers: { Range: 'bytes=100-199' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes 100-199/${local.length}`);
    expect(Buffer.from(await res.arrayBuffer()).equals(local.subarray(100, 200))).toBe(true);

    const tail = await get('/genbank/gbbct1.seq.gz', { headers: { Range: 'bytes=-10' } });
    expect(tail.status).toBe(206);
    expect(Buffer.from(await tail.arrayBuffer()).equals(local.subarray(local.length - 10))).toBe(true);

    const open = await get('/genbank/gbbct1.seq.gz', { headers: { Range: `bytes=${local.length - 5}-` } });
    expect(open.headers.get('content-range')).toBe(`bytes ${local.length - 5}-${local.length - 1}/${local.length}`);
    expect((await open.arrayBuffer()).byteLength).toBe(5);
  });

  it('answers 416 for a range past the end, and the full file when If-Range does not match', async () => {
    const size = readFileSync(DIVISION).length;
    const res = await get('/genbank/gbbct1.seq.gz', { headers: { Range: `bytes=${size}-` } });
    expect(res.status).toBe(416);
    expect(res.headers.get('content-range')).toBe(`bytes */${size}`);
    await res.arrayBuffer();
    const stale = await get('/genbank/gbbct1.seq.gz', { headers: { Range: 'bytes=0-9', 'If-Range': '"stale"' } });
    expect(stale.status).toBe(200);
    expect((await stale.arrayBuffer()).byteLength).toBe(size);
  });

  it('answers HEAD with the length and no body, and 404 for unknown files', async () => {
    const head = await get('/genbank/gbbct1.seq.gz', { method: 'HEAD' });
    expect(head.headers.get('content-length')).toBe(String(readFileSync(DIVISION).length));
    expect((await get('/genbank/gbnope1.seq.gz')).status).toBe(404);
  });

  it('truncateGzip serves a well-formed HTTP response holding a truncated gzip', async () => {
    standin.setFaults({ truncateGzip: 1 });
    const local = readFileSync(DIVISION);
    const res = await get('/genbank/gbbct1.seq.gz');
    const body = Buffer.from(await res.arrayBuffer());
    expect(res.status).toBe(200);
    expect(Number(res.headers.get('content-length'))).toBe(body.length);
    expect(body.length).toBe(Math.floor(local.length / 2));
    expect(body.equals(local.subarray(0, body.length))).toBe(true);
    expect(() => gunzipSync(body)).toThrow(/unexpected end of file/);
    // The count is used up: the next download is whole.
    expect((await (await get('/genbank/gbbct1.seq.gz')).arrayBuffer()).byteLength).toBe(local.length);
    standin.setFaults({});
  });
});

describe('NCBI stand-in: E-utilities', () => {
  const gbFiles = readdirSync(GENBANK).filter((n) => /\.(gb|gbk)$/.test(n));
  const locusCount = gbFiles.map((n) => fixture(n).split('\n').filter((l) => l.startsWith('LOCUS ')).length).reduce((a, b) => a + b, 0);

  it('esearch term=ALL returns every fixture record as accession.version, NCBI JSON shape', async () => {
    const res = await get('/entrez/eutils/esearch.fcgi?db=nuccore&term=ALL&retmax=100&retmode=json&idtype=acc');
    const json = (await res.json()) as { header: { type: string }; esearchresult: { count: string; retmax: string; retstart: string; idlist: string[] } };
    expect(json.header.type).toBe('esearch');
    expect(json.esearchresult.count).toBe(String(locusCount));
    expect(json.esearchresult.idlist).toHaveLength(locusCount);
    expect(json.esearchresult.idlist).toContain('NC_005816.1');
    expect(json.esearchresult.idlist).toContain('J02482.1');
    expect(json.esearchresult.retstart).toBe('0');
  });

  it('esearch matches organism words and accessions, pages with retstart/retmax, and speaks XML', async () => {
    const byOrganism = (await (await get('/entrez/eutils/esearch.fcgi?db=nuccore&term=Yersinia+pestis[orgn]&retmode=json')).json()) as { esearchresult: { idlist: string[] } };
    expect(byOrganism.esearchresult.idlist).toEqual(['NC_005816.1']);
    const byAccession = (await (await get('/entrez/eutils/esearch.fcgi?db=nuccore&term=EU851978&retmode=json')).json()) as { esearchresult: { idlist: string[] } };
    expect(byAccession.esearchresult.idlist).toEqual(['EU851978.1']);
    const page = (await (await get('/entrez/eutils/esearch.fcgi?db=nuccore&term=all&retstart=2&retmax=3&retmode=json')).json()) as { esearchresult: { idlist: string[]; retmax: string } };
    expect(page.esearchresult.idlist).toHaveLength(3);
    const xml = await (await get('/entrez/eutils/esearch.fcgi?db=nuccore&term=EU851978')).text();
    expect(xml).toContain('<eSearchResult><Count>1</Count>');
    expect(xml).toContain('<Id>EU851978.1</Id>');
    const bad = (await (await get('/entrez/eutils/esearch.fcgi?db=nowhere&term=x&retmode=json')).json()) as { esearchresult: { ERROR: string } };
    expect(bad.esearchresult.ERROR).toContain('Invalid db name');
  });

  it('efetch returns the fixture records byte for byte, in request order, by accession or accession.version', async () => {
    const res = await get('/entrez/eutils/efetch.fcgi?db=nuccore&id=NC_005816.1,J02482&rettype=gb&retmode=text');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(`${fixture('NC_005816.gb')}\n${fixture('PX1CG.gb')}\n`);
  });

  it('efetch over POST returns all six records of a multi-record file', async () => {
    const search = (await (await get('/entrez/eutils/esearch.fcgi', {
      method: 'POST',
      body: new URLSearchParams({ db: 'nuccore', term: 'ALL', retmax: '100', retmode: 'json' }),
    })).json()) as { esearchresult: { idlist: string[] } };
    const fromCor = fixture('cor6_6.gb').split('\n').filter((l) => l.startsWith('VERSION ')).map((l) => l.split(/\s+/)[1]!);
    expect(fromCor).toHaveLength(6);
    expect(search.esearchresult.idlist).toEqual(expect.arrayContaining(fromCor));
    const text = await (await get('/entrez/eutils/efetch.fcgi', { method: 'POST', body: new URLSearchParams({ db: 'nuccore', id: fromCor.join(','), rettype: 'gb', retmode: 'text' }) })).text();
    expect(text.replace(/\/\/\n\n/g, '//\n')).toBe(fixture('cor6_6.gb'));
  });

  it('efetch pages through a usehistory search by WebEnv and query_key', async () => {
    const search = (await (await get('/entrez/eutils/esearch.fcgi?db=nuccore&term=thaliana&usehistory=y&retmode=json')).json()) as { esearchresult: { webenv: string; querykey: string; idlist: string[] } };
    expect(search.esearchresult.webenv).toMatch(/^MCID_/);
    const ids = search.esearchresult.idlist;
    expect(ids.length).toBeGreaterThan(1);
    const text = await (await get(`/entrez/eutils/efetch.fcgi?db=nuccore&WebEnv=${search.esearchresult.webenv}&query_key=${search.esearchresult.querykey}&retstart=0&retmax=1&rettype=gb&retmode=text`)).text();
    expect(text.match(/^LOCUS /gm)).toHaveLength(1);
    expect(text).toContain(ids[0]!.split('.')[0]!);
  });

  it('refuses more than 200 ids in a GET but takes them by POST', async () => {
    const ids = ['NC_005816.1', ...Array.from({ length: 200 }, (_, i) => `XX${i}.1`)];
    const viaGet = await get(`/entrez/eutils/efetch.fcgi?db=nuccore&id=${ids.join(',')}&rettype=gb&retmode=text`);
    expect(viaGet.status).toBe(400);
    expect(await viaGet.text()).toContain('Too many UIDs');
    const viaPost = await get('/entrez/eutils/efetch.fcgi', { method: 'POST', body: new URLSearchParams({ db: 'nuccore', id: ids.join(','), rettype: 'gb', retmode: 'text' }) });
    expect(viaPost.status).toBe(200);
    expect(await viaPost.text()).toBe(`${fixture('NC_005816.gb')}\n`);
  });
});

describe('NCBI stand-in: rate limit and faults', () => {
  it('answers 429 with NCBI JSON and Retry-After past 3/s without a key and 10/s with one', async () => {
    const limited = await startNcbiStandin({ dataDir: GENBANK, now: () => clock });
    try {
      const url = `${limited.url}/entrez/eutils/esearch.fcgi?db=nuccore&term=ALL&retmode=json`;
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await fetch(url)).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const over = await fetch(url);
      expect(over.status).toBe(429);
      expect(over.headers.get('retry-after')).toBe('1');
      expect(await over.json()).toEqual({ error: 'API rate limit exceeded', 'api-key': '127.0.0.1', count: '4', limit: '3' });

      const keyed = [];
      for (let i = 0; i < 11; i++) keyed.push((await fetch(`${url}&api_key=abc`)).status);
      expect(keyed.filter((s) => s === 200)).toHaveLength(10);
      expect(keyed[10]).toBe(429);

      clock += 1000; // the window has passed
      expect((await fetch(url)).status).toBe(200);
      expect(limited.stats().rateLimited).toBe(3);
      expect(limited.stats().statuses[429]).toBe(3);
    } finally {
      await limited.close();
    }
  });

  it('injects 503, 500 and 429 for the next N requests, then answers normally', async () => {
    standin.setFaults({ status503: 2, status500: 1 });
    const url = '/entrez/eutils/esearch.fcgi?db=nuccore&term=ALL&retmode=json';
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await get(url)).status);
    expect(statuses).toEqual([503, 503, 500, 200]);
    standin.setFaults({ status429: { next: 1 } });
    const r = await get(url);
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('1');
    standin.setFaults({});
  });

  it('reset destroys the socket mid-body', async () => {
    standin.setFaults({ reset: 1 });
    const res = await get('/genbank/gbbct1.seq.gz');
    await expect(res.arrayBuffer()).rejects.toThrow();
    standin.setFaults({});
  });

  it('timeout never answers', async () => {
    standin.setFaults({ timeout: 1 });
    await expect(get('/entrez/eutils/esearch.fcgi?db=nuccore&term=ALL', { signal: AbortSignal.timeout(300) })).rejects.toThrow(/abort|timeout/i);
    expect(standin.stats().injected.timeout).toBe(1);
    standin.setFaults({});
  });

  it('truncateJson cuts a JSON body short with a matching Content-Length', async () => {
    standin.setFaults({ truncateJson: 1 });
    const res = await get('/entrez/eutils/esearch.fcgi?db=nuccore&term=ALL&retmode=json');
    const text = await res.text();
    expect(Number(res.headers.get('content-length'))).toBe(Buffer.byteLength(text));
    expect(() => JSON.parse(text)).toThrow();
    standin.setFaults({});
  });

  it('slowBodyMs dribbles the body in pieces but delivers all of it', async () => {
    standin.setFaults({ slowBodyMs: 100 });
    const res = await get('/genbank/NC_005816.gb');
    const reader = res.body!.getReader();
    let pieces = 0;
    let bytes = 0;
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      pieces++;
      bytes += r.value.length;
    }
    expect(pieces).toBeGreaterThan(1);
    expect(bytes).toBe(Buffer.byteLength(fixture('NC_005816.gb')));
    standin.setFaults({});
  });

  it('counts requests by path and status', () => {
    const s = standin.stats();
    expect(s.requests).toBe(s.requestTimes.length);
    expect(s.byPath['/genbank/gbbct1.seq.gz']).toBeGreaterThan(3);
    expect(s.statuses[206]).toBeGreaterThanOrEqual(3);
    expect(s.statuses[416]).toBe(1);
  });
});
