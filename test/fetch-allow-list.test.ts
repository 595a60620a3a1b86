import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { connectPipeline, produceValues, type GenbankFetchRequest } from '@strand/pipeline';
import { builtInSources } from '@strand/sources';
import { connectPool } from '@strand/db';
import type { DeadLetter } from '@strand/runtime';
import { startNcbiStandin, type NcbiStandin } from '@strand/standins';
import { isolatedConfig, readTopic, runCli, spawnServices, testData, topicsOf, type ServiceProcesses } from './helpers.js';

/**
 * What a fetch request may make the fetcher read (docs/security.md): files under the fetch roots,
 * URLs on allowed hosts whose addresses are public (or listed as private). The attacks of issue 11
 * (/etc/passwd, /proc/self/environ, a metadata URL on a local port, a link out of a root, a DNS
 * name for 127.0.0.1) are refused at the command line, and dead-lettered as FETCH_REFUSED when put
 * on the fetch topic directly, naming the rule and never the content; the requests around them land.
 */
describe('fetch requests are allow-listed', () => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'strand-allow-')));
  const secretFile = join(dir, 'outside-secret.txt');
  const roots = `${join(dir, 'root')},${testData()}`;
  let ncbi: NcbiStandin;
  let metadata: Server;
  let metadataUrl = '';
  let metadataRequests = 0;
  let config: ReturnType<typeof isolatedConfig>;
  let services: ServiceProcesses;

  beforeAll(async () => {
    writeFileSync(secretFile, 'root:x:0:0:root:/root:/bin/bash\nAWS_SECRET_ACCESS_KEY=fake-key-value\n');
    mkdirSync(join(dir, 'root'));
    symlinkSync(secretFile, join(dir, 'root', 'division.gb'));
    // A stand-in for a cloud metadata service, on another local port: it must never be asked.
    metadata = createServer((_req, res) => { metadataRequests++; res.end('{"AccessKeyId":"FAKEKEYID","SecretAccessKey":"fake-secret"}'); });
    await new Promise<void>((resolve) => metadata.listen(0, '127.0.0.1', resolve));
    metadataUrl = `http://127.0.0.1:${(metadata.address() as { port: number }).port}/latest/meta-data/iam/security-credentials/role`;
    ncbi = await startNcbiStandin({ dataDir: testData('genbank'), divisionFiles: { 'gbsmp1.seq.gz': testData('genbank', 'sample-division.gbff.gz') } });
    const { port } = new URL(ncbi.url);
    // The stand-in (127.0.0.1, listed as private by the test helpers) is the NCBI host; `localhost` on its port is allowed as a host but not as private.
    config = isolatedConfig({ STRAND_NCBI_EUTILS_URL: `${ncbi.url}/entrez/eutils`, STRAND_NCBI_FTP_URL: `${ncbi.url}/genbank`, STRAND_FETCH_FILE_ROOTS: roots, STRAND_FETCH_URL_HOSTS: `localhost:${port}` });
    services = spawnServices(config, ['fetcher']);
  });
  afterAll(async () => {
    await services?.stop();
    const pool = await connectPool(config);
    await pool.query(`DROP SCHEMA IF EXISTS ${config.dbSchema} CASCADE`);
    await pool.end();
    await ncbi?.close();
    await new Promise((resolve) => metadata?.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('`strand fetch genbank --file/--url` refuses at the command line (exit 1, nothing queued), naming the rule', async () => {
    const refused = async (args: string[], rule: RegExp) => {
      const r = await runCli(['fetch', 'genbank', ...args], config);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toMatch(/^strand: error \[FETCH_REFUSED\]: /);
      expect(r.stderr).toMatch(rule);
      expect(r.stderr).not.toMatch(/queued|root:x:0:0|fake-secret/);
    };
    await refused(['--file', '/etc/passwd'], new RegExp(`file /etc/passwd is outside the fetch roots \\(STRAND_FETCH_FILE_ROOTS=${roots.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\)`));
    await refused(['--file', join(dir, 'root', 'division.gb')], /it resolves to .*outside-secret\.txt\) is outside the fetch roots/);
    await refused(['--url', metadataUrl], /host 127\.0\.0\.1:\d+ is not an allowed fetch host .*add it to STRAND_FETCH_URL_HOSTS/);
    await refused(['--url', 'file:///etc/passwd'], /only http and https URLs are fetched, not file:/);
    await refused(['--url', `http://localhost:${new URL(ncbi.url).port}/genbank/gbsmp1.seq.gz`], /localhost resolves to (127\.0\.0\.1|::1), which is a loopback address \(list the host in STRAND_FETCH_ALLOW_PRIVATE_HOSTS/);
    expect(metadataRequests).toBe(0);
    // Allowed ones are queued as before.
    const ok = await runCli(['fetch', 'genbank', '--url', `${ncbi.url}/genbank/gbsmp1.seq.gz`], config);
    expect(ok.code, ok.stderr).toBe(0);
  });

  it('a refused request on the fetch topic is dead-lettered as FETCH_REFUSED without reading it; the requests around it land', async () => {
    const topics = topicsOf(config);
    const attacks: [string, RegExp][] = [
      ['/etc/passwd', /file \/etc\/passwd is outside the fetch roots \(STRAND_FETCH_FILE_ROOTS=/],
      ['/proc/self/environ', /file \/proc\/self\/environ .*is outside the fetch roots/],
      [join(dir, 'root', 'division.gb'), /it resolves to .*outside-secret\.txt\) is outside the fetch roots/],
      [metadataUrl, /is not an allowed fetch host/],
      [`http://localhost:${new URL(ncbi.url).port}/genbank/gbsmp1.seq.gz`, /which is a loopback address/],
      ['file:///etc/passwd', /only http and https URLs are fetched/],
    ];
    const request = (source: string): GenbankFetchRequest => ({ requestId: randomUUID(), source, requestedAt: Date.now(), ids: [] });
    // Straight onto the topic, as anyone who may write to it could: the CLI's check is not what protects the fetcher.
    const good = request(testData('genbank', 'sample-division.gbff.gz'));
    const requests = [request(attacks[0]![0]), request(attacks[1]![0]), request(attacks[2]![0]), good, ...attacks.slice(3).map(([s]) => request(s))];
    const ctx = await connectPipeline('test', { config, sources: builtInSources });
    try {
      await produceValues(ctx, topics.genbankFetch, requests, () => 'one-partition'); // one key: one partition, in this order
    } finally {
      await ctx.close();
    }
    // One key, so one partition of the fetch topic and of the dead-letter topic: the dead letters come in request order.
    const dead = await readTopic<DeadLetter>(config, topics.deadLetter, attacks.length);
    expect(dead).toHaveLength(attacks.length);
    attacks.forEach(([source, rule], i) => {
      const d = dead[i]!.value;
      expect(d, source).toMatchObject({ stage: 'genbank.fetcher', errorCode: 'FETCH_REFUSED', sourceTopic: topics.genbankFetch });
      expect(d.reason, source).toMatch(rule);
      expect(d.reason).not.toMatch(/root:x:0:0|AWS_SECRET|fake-secret|FAKEKEYID|STRAND_TOPIC_PREFIX=/);
    });
    expect(metadataRequests).toBe(0);
    // The good file between the attacks, and the URL queued by the first test, were fetched: 11 records each.
    const raw = await readTopic<{ origin: { uri: string } }>(config, topics.genbankRaw, 22);
    expect(raw.filter((r) => r.value.origin.uri === good.source)).toHaveLength(11);
    expect(raw.filter((r) => r.value.origin.uri === `${ncbi.url}/genbank/gbsmp1.seq.gz`)).toHaveLength(11);
    expect(services.children.every((c) => c.child.exitCode === null)).toBe(true);
  });
});
