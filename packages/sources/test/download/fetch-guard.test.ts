import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig, type StrandError } from '@strand/runtime';
import { FetchGuard, fetchRulesOf } from '../../src/download/fetch-guard.js';

const base = realpathSync(mkdtempSync(join(tmpdir(), 'strand-guard-')));
const root = join(base, 'root');
const outside = join(base, 'outside');
mkdirSync(join(root, 'sub'), { recursive: true });
mkdirSync(outside);
writeFileSync(join(root, 'sub', 'ok.gb'), 'LOCUS');
writeFileSync(join(outside, 'secret.txt'), 'root:x:0:0:root:/root:/bin/bash\n');
symlinkSync(join(outside, 'secret.txt'), join(root, 'escape.gb'));
symlinkSync(outside, join(root, 'outdir'));
symlinkSync(join(root, 'sub', 'ok.gb'), join(outside, 'into-root.gb'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

async function refusal(p: Promise<unknown>): Promise<StrandError> {
  const err = await p.then(() => null, (e: unknown) => e as StrandError);
  expect(err, 'refused').not.toBeNull();
  expect(err!.code).toBe('FETCH_REFUSED');
  expect(err!.retriable).toBe(false);
  return err!;
}

describe('FetchGuard: files', () => {
  const guard = new FetchGuard({ fileRoots: [root], urlHosts: [], privateHosts: [] });

  it('allows a file under a root, by its real path (also through a link that stays inside, or from a link outside into it)', async () => {
    await expect(guard.check(join(root, 'sub', 'ok.gb'))).resolves.toEqual({ kind: 'file', path: join(root, 'sub', 'ok.gb') });
    await expect(guard.check(join(root, 'sub', '..', 'sub', 'ok.gb'))).resolves.toMatchObject({ path: join(root, 'sub', 'ok.gb') });
    await expect(guard.check(join(outside, 'into-root.gb'))).resolves.toMatchObject({ path: join(root, 'sub', 'ok.gb') });
  });

  it('allows a missing file under a root (the fetcher then reports it missing), judged by its nearest existing folder', async () => {
    await expect(guard.check(join(root, 'sub', 'no-such.gb'))).resolves.toMatchObject({ path: join(root, 'sub', 'no-such.gb') });
    await refusal(guard.check(join(root, 'outdir', 'no-such.gb')));
  });

  it('refuses files outside the roots, symlinks and .. included, naming the rule and never the content', async () => {
    const passwd = await refusal(guard.check('/etc/passwd'));
    expect(passwd.message).toBe(`file /etc/passwd is outside the fetch roots (STRAND_FETCH_FILE_ROOTS=${root})`);
    const link = await refusal(guard.check(join(root, 'escape.gb')));
    expect(link.message).toContain(`it resolves to ${join(outside, 'secret.txt')}`);
    expect(link.message).not.toContain('root:x:0:0');
    await refusal(guard.check(join(root, 'outdir', 'secret.txt')));
    await refusal(guard.check(join(root, '..', 'outside', 'secret.txt')));
    // A sibling folder whose name starts like the root is not inside it.
    mkdirSync(`${root}-evil`, { recursive: true });
    await refusal(guard.check(join(`${root}-evil`, 'x.gb')));
  });

  it('refuses every file when no root is configured', async () => {
    const none = await refusal(new FetchGuard({ fileRoots: [], urlHosts: [], privateHosts: [] }).check(join(root, 'sub', 'ok.gb')));
    expect(none.message).toContain('no fetch roots are configured (set STRAND_FETCH_FILE_ROOTS');
  });
});

describe('FetchGuard: URLs', () => {
  const config = loadConfig({ STRAND_NCBI_FTP_URL: 'https://ftp.ncbi.nlm.nih.gov/genbank', STRAND_FETCH_URL_HOSTS: 'localhost:8080,8.8.8.8,mirror.example:9000', STRAND_FETCH_ALLOW_PRIVATE_HOSTS: '127.0.0.1' });
  const rules = fetchRulesOf(config);

  it('allows the NCBI and PubChem hosts (with their ports) and STRAND_FETCH_URL_HOSTS', () => {
    expect(rules.urlHosts).toEqual(expect.arrayContaining(['ftp.ncbi.nlm.nih.gov:443', 'eutils.ncbi.nlm.nih.gov:443', 'pubchem.ncbi.nlm.nih.gov:443', 'localhost:8080', '8.8.8.8']));
  });

  const guard = new FetchGuard({ ...rules, urlHosts: [...rules.urlHosts, '127.0.0.1:5000', '169.254.169.254', '[::1]:81', 'fd.example:80'] });

  it('allows an http(s) URL to an allowed host and port whose addresses are public (or whose host may be private)', async () => {
    await expect(guard.check('http://8.8.8.8/x')).resolves.toEqual({ kind: 'url', url: 'http://8.8.8.8/x' });
    await expect(guard.check('http://127.0.0.1:5000/genbank/gbsmp1.seq.gz')).resolves.toMatchObject({ kind: 'url' });
  });

  it('refuses other schemes', async () => {
    for (const url of ['file:///etc/passwd', 'ftp://ftp.ncbi.nlm.nih.gov/genbank/x.gz', 'gopher://x/', 'data:text/plain,hi']) {
      expect((await refusal(guard.check(url))).message).toMatch(/only http and https URLs are fetched/);
    }
  });

  it('refuses hosts and ports not on the list, naming the setting', async () => {
    const other = await refusal(guard.check('https://evil.example/x.gz'));
    expect(other.message).toMatch(/host evil\.example:443 is not an allowed fetch host \(allowed: .*ftp\.ncbi\.nlm\.nih\.gov:443.*; add it to STRAND_FETCH_URL_HOSTS\)/);
    await refusal(guard.check('http://127.0.0.1:5001/latest/meta-data/iam/credentials'));
    await refusal(guard.check('http://ftp.ncbi.nlm.nih.gov/genbank/x.gz')); // port 80, not 443
    await refusal(guard.check('https://8.8.8.8:8443/'));
  });

  it('refuses a host resolving to a loopback, link-local or private address unless listed as private, DNS names included', async () => {
    const metadata = await refusal(guard.check('http://169.254.169.254/latest/meta-data/iam/credentials'));
    expect(metadata.message).toBe('URL http://169.254.169.254/latest/meta-data/iam/credentials is refused: 169.254.169.254 is a link-local address (list the host in STRAND_FETCH_ALLOW_PRIVATE_HOSTS to allow it)');
    // localhost is a DNS name for 127.0.0.1 / ::1: every address it resolves to is checked.
    const named = await refusal(guard.check('http://localhost:8080/x'));
    expect(named.message).toMatch(/localhost resolves to (127\.0\.0\.1|::1), which is a loopback address/);
    await refusal(guard.check('http://[::1]:81/'));
    await expect(new FetchGuard({ ...rules, privateHosts: ['localhost'] }).check('http://localhost:8080/x')).resolves.toMatchObject({ kind: 'url' });
  });

  it('never shows a password of the URL', async () => {
    const err = await refusal(guard.check('https://user:Pa55word-xyz@evil.example/x'));
    expect(err.message).not.toContain('Pa55word-xyz');
    expect(err.message).toContain('https://user@evil.example/x');
  });
});
