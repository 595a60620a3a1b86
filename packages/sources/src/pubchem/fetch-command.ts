import { randomUUID } from 'node:crypto';
import { UsageError, queueFetchRequests, positiveOption, parseSourceArgs, type PubchemFetchRequest, type PubchemPayloadFormat, type PipelineContext, type SourceCommand, type SourceCommandOption } from '@strand/pipeline';
import { PAYLOAD_FORMATS } from './request-plan.js';

const usage = `usage: strand fetch pubchem (--cids 1,2,3 | --cid-range 1-500 | --names a,b | --smiles S) [--formats property-table,json,sdf] [--wait]`;

const options: SourceCommandOption[] = [
  { name: 'cids', value: '1,2,3', description: 'PubChem compound ids' },
  { name: 'cid-range', value: 'FROM-TO', description: 'a range of CIDs, inclusive' },
  { name: 'names', value: 'a,b', description: 'compound names, resolved to CIDs (an unknown one is dead-lettered)' },
  { name: 'smiles', value: 'S', description: 'a SMILES, resolved to its CID (repeat the option for more)', multiple: true },
  { name: 'formats', value: 'LIST', description: 'payloads per CID: property-table, json, sdf', default: 'property-table' },
  { name: 'wait', description: 'wait until every compound is in PostgreSQL or dead-lettered, showing progress; exit 1 if any was dead-lettered' },
  { name: 'timeout-s', value: 'SECONDS', description: 'give up waiting after this many seconds', default: '3600' },
];

/** CIDs per queued request: small enough that a redone request (after a crash) costs little, mostly from the cache. */
const CIDS_PER_REQUEST = 10_000;

/**
 * `strand fetch pubchem ...`: queue PubChem fetch work on the pubchem.requests topic for the
 * fetcher service(s), which expand it into batched PUG REST requests within PubChem's limits.
 * With --wait, returns once every compound reached PostgreSQL (or the dead-letter topic).
 */
async function fetchPubchem(args: string[], connect: () => Promise<PipelineContext>): Promise<number> {
  const values = parseSourceArgs(options, args) as { cids?: string; 'cid-range'?: string; names?: string; smiles?: string[]; formats: string; wait?: boolean; 'timeout-s': string };
  const timeoutS = positiveOption('--timeout-s', values['timeout-s'], { max: 30 * 24 * 3600 });
  const formats = values.formats.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = formats.filter((f) => !PAYLOAD_FORMATS.includes(f as PubchemPayloadFormat));
  if (formats.length === 0 || unknown.length > 0) throw new UsageError(`unknown format(s) ${unknown.join(', ')}; known: ${PAYLOAD_FORMATS.join(', ')}\n${usage}`);
  const requests = buildRequests({
    cids: values.cids, cidRange: values['cid-range'], names: values.names, smiles: values.smiles ?? [], formats: formats as PubchemPayloadFormat[],
  });
  if (requests.length === 0) throw new UsageError(`${usage}\n(give at least one of --cids, --cid-range, --names, --smiles)`);

  return queueFetchRequests(connect, {
    source: 'pubchem', topic: 'requests', requests, key: (r) => r.requestId, wait: values.wait === true, timeoutMs: timeoutS * 1000,
    what: 'compounds',
  });
}

/** `strand fetch pubchem ...` */
export const pubchemFetchCommand: SourceCommand = {
  summary: "queue PubChem fetch work: batched, within PubChem's 5/s and 400/min, cached per CID",
  usage,
  options,
  examples: [
    'strand fetch pubchem --cids 2244,702 --wait',
    'strand fetch pubchem --cid-range 1-500 --formats property-table,sdf',
    'strand fetch pubchem --names aspirin,caffeine --smiles "CC(CN)O" --wait',
  ],
  run: fetchPubchem,
};

interface RequestArgs {
  cids: string | undefined;
  cidRange: string | undefined;
  names: string | undefined;
  smiles: string[];
  formats: PubchemPayloadFormat[];
}

/** Splits the command's arguments into requests of at most CIDS_PER_REQUEST CIDs (names and SMILES go in the first). */
export function buildRequests(a: RequestArgs): PubchemFetchRequest[] {
  const requestedAt = Date.now();
  const make = (part: Partial<PubchemFetchRequest>): PubchemFetchRequest =>
    ({ requestId: randomUUID(), requestedAt, cids: [], cidRange: null, names: [], smiles: [], formats: a.formats, ...part });
  const requests: PubchemFetchRequest[] = [];
  if (a.cids !== undefined) {
    const cids = a.cids.split(',').map((s) => s.trim()).filter(Boolean).map((s) => {
      if (!/^\d+$/.test(s) || Number(s) < 1) throw new UsageError(`--cids: "${s}" is not a positive integer`);
      return Number(s);
    });
    if (cids.length === 0) throw new UsageError('--cids needs at least one CID');
    for (let i = 0; i < cids.length; i += CIDS_PER_REQUEST) requests.push(make({ cids: cids.slice(i, i + CIDS_PER_REQUEST) }));
  }
  if (a.cidRange !== undefined) {
    const m = /^(\d+)\s*-\s*(\d+)$/.exec(a.cidRange.trim());
    const from = Number(m?.[1]);
    const to = Number(m?.[2]);
    if (!m || from < 1 || to < from) throw new UsageError(`--cid-range: "${a.cidRange}" is not FROM-TO with 1 <= FROM <= TO`);
    for (let start = from; start <= to; start += CIDS_PER_REQUEST) requests.push(make({ cidRange: { from: start, to: Math.min(to, start + CIDS_PER_REQUEST - 1) } }));
  }
  const names = (a.names ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const smiles = a.smiles.map((s) => s.trim()).filter(Boolean);
  if (names.length > 0 || smiles.length > 0) requests.push(make({ names, smiles }));
  return requests;
}
