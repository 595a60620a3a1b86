import { lstat, realpath } from 'node:fs/promises';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { StrandError, urlWithoutPassword, type StrandConfig } from '@strand/runtime';
import { addressKind } from './address-kind.js';

/** What a fetch request may name. */
export interface FetchRules {
  /** Absolute folders (STRAND_FETCH_FILE_ROOTS); files are fetched only under them. */
  fileRoots: string[];
  /** `host` (its scheme's default port) or `host:port` entries URLs may name. */
  urlHosts: string[];
  /** Hosts allowed to resolve to loopback, private, link-local or unspecified addresses. */
  privateHosts: string[];
}

/** A checked fetch source: a real path (symlinks resolved) under a root, or a URL on an allowed host with only allowed addresses. */
export type AllowedSource = { kind: 'file'; path: string } | { kind: 'url'; url: string };

const httpUrl = /^https?:\/\//i;
const anyScheme = /^[a-z][a-z0-9+.-]*:/i;
const defaultPort = (protocol: string) => (protocol === 'https:' ? '443' : '80');

/** `host:port` of a base URL, e.g. https://ftp.ncbi.nlm.nih.gov/genbank -> ftp.ncbi.nlm.nih.gov:443. */
function hostAndPort(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || defaultPort(u.protocol)}`;
}

/**
 * The rules from the configuration: the fetch roots, the allowed hosts (STRAND_FETCH_URL_HOSTS plus
 * the host and port of the NCBI FTP and E-utilities URLs and of the PubChem URL, which Strand talks
 * to anyway) and the hosts allowed private addresses.
 */
export function fetchRulesOf(config: StrandConfig): FetchRules {
  const derived = [config.ncbiFtpUrl, config.ncbiEutilsUrl, config.pubchemUrl].map(hostAndPort);
  return { fileRoots: config.fetchFileRoots, urlHosts: [...new Set([...config.fetchUrlHosts, ...derived])], privateHosts: config.fetchAllowPrivateHosts };
}

const refused = (message: string, details: Record<string, unknown>) => new StrandError('FETCH_REFUSED', message, { details });

/**
 * The allow-list of what a fetch request (the fetch topic, `strand fetch genbank --file/--url`)
 * may make a fetcher read. Everything else is refused with FETCH_REFUSED, whose message names the
 * rule and its setting and never anything read from the source:
 * - a file only under a fetch root, judged on its real path (symlinks and `..` resolved; a missing
 *   file by its nearest existing folder), so a link cannot lead out of a root;
 * - a URL only with http or https, only to an allowed host and port, and only if every address its
 *   host resolves to (all of them, as dns.lookup gives them) is public, unless the host is listed
 *   in STRAND_FETCH_ALLOW_PRIVATE_HOSTS: a DNS name pointing at 127.0.0.1 or 169.254.169.254 is refused.
 * The checked form is what is opened: the real path, the URL as given.
 */
export class FetchGuard {
  constructor(private readonly rules: FetchRules) {}

  static fromConfig(config: StrandConfig): FetchGuard {
    return new FetchGuard(fetchRulesOf(config));
  }

  /** A URL if `source` starts with a scheme (only http and https pass), else a file path (relative to the working directory). */
  async check(source: string): Promise<AllowedSource> {
    if (httpUrl.test(source) || anyScheme.test(source)) return { kind: 'url', url: await this.checkUrl(source) };
    return { kind: 'file', path: await this.checkFile(source) };
  }

  async checkFile(path: string): Promise<string> {
    const asked = resolve(path);
    const real = await realPathOf(asked);
    const setting = `STRAND_FETCH_FILE_ROOTS=${this.rules.fileRoots.join(',')}`;
    if (this.rules.fileRoots.length === 0) {
      throw refused(`file ${asked} is refused: no fetch roots are configured (set STRAND_FETCH_FILE_ROOTS to the folders fetch requests may read)`, { rule: 'file-roots', path: asked });
    }
    const roots = await Promise.all(this.rules.fileRoots.map((r) => realPathOf(resolve(r))));
    if (!roots.some((root) => real === root || real.startsWith(root.endsWith(sep) ? root : `${root}${sep}`))) {
      const via = real === asked ? '' : ` (it resolves to ${real})`;
      throw refused(`file ${asked}${via} is outside the fetch roots (${setting})`, { rule: 'file-roots', path: asked });
    }
    return real;
  }

  async checkUrl(text: string): Promise<string> {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw refused(`${urlWithoutPassword(text)} is refused: not a valid URL`, { rule: 'url-scheme' });
    }
    const shown = urlWithoutPassword(url.toString());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw refused(`URL ${shown} is refused: only http and https URLs are fetched, not ${url.protocol}`, { rule: 'url-scheme', url: shown });
    }
    const port = url.port || defaultPort(url.protocol);
    const allowed = this.rules.urlHosts.includes(`${url.hostname}:${port}`) || (port === defaultPort(url.protocol) && this.rules.urlHosts.includes(url.hostname));
    if (!allowed) {
      throw refused(`URL ${shown} is refused: host ${url.hostname}:${port} is not an allowed fetch host (allowed: ${this.rules.urlHosts.join(', ')}; add it to STRAND_FETCH_URL_HOSTS)`, { rule: 'url-hosts', url: shown });
    }
    if (this.rules.privateHosts.includes(url.hostname)) return url.toString();
    for (const address of await addressesOf(url.hostname)) {
      const kind = addressKind(address);
      if (kind === 'public') continue;
      const via = isIP(address) && address === url.hostname.replace(/^\[|\]$/g, '') ? '' : ` resolves to ${address}, which`;
      throw refused(`URL ${shown} is refused: ${url.hostname}${via} is a ${kind} address (list the host in STRAND_FETCH_ALLOW_PRIVATE_HOSTS to allow it)`, { rule: 'private-addresses', url: shown, address, kind });
    }
    return url.toString();
  }
}

/** Every address of a host: itself for an IP literal, else all that dns.lookup gives (a lookup failure is a retriable NETWORK error). */
async function addressesOf(hostname: string): Promise<string[]> {
  const bare = hostname.replace(/^\[|\]$/g, '');
  if (isIP(bare)) return [bare];
  try {
    const found = await lookup(bare, { all: true, verbatim: true });
    if (found.length === 0) throw new StrandError('NETWORK', `resolving ${bare} gave no address`);
    return found.map((a) => a.address);
  } catch (err) {
    if (err instanceof StrandError) throw err;
    throw new StrandError('NETWORK', `resolving ${bare} failed: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * The real path of `path`; for a path where nothing exists (not even a dangling link), the real
 * path of its nearest existing folder joined with the rest. Anything else that cannot be resolved
 * (a dangling or looping link, a folder we may not search) is INPUT_UNREADABLE.
 */
async function realPathOf(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch (err) {
    const nothingThere = (err as NodeJS.ErrnoException).code === 'ENOENT' && (await lstat(path).then(() => false, (e: NodeJS.ErrnoException) => e.code === 'ENOENT'));
    if (!nothingThere) throw new StrandError('INPUT_UNREADABLE', `cannot resolve ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { cause: err });
    const parent = dirname(path);
    if (parent === path) return path;
    return join(await realPathOf(parent), basename(path));
  }
}
