import { PROPERTY_NAMES } from './pc-properties.js';
import type { PropertyValue } from './pc-properties.js';
import type { PubchemRecord } from './pubchem-record.js';

export interface PugResponse {
  status: number;
  contentType: string;
  body: string;
}

const JSON_TYPE = 'application/json';
const SDF_TYPE = 'chemical/x-mdl-sdfile';
const VALID_PROPERTIES = new Set<string>([...PROPERTY_NAMES, 'StrandSynthetic', 'StrandSource']);

function json(status: number, value: unknown): PugResponse {
  return { status, contentType: JSON_TYPE, body: `${JSON.stringify(value, null, 2)}\n` };
}

/** PubChem's error envelope, e.g. {"Fault":{"Code":"PUGREST.NotFound","Message":"No CID found",...}}. */
export function fault(status: number, code: string, message: string, details?: string[]): PugResponse {
  return json(status, { Fault: { Code: code, Message: message, ...(details ? { Details: details } : {}) } });
}

export const SERVER_BUSY = (): PugResponse => fault(503, 'PUGREST.ServerBusy', 'Too many requests or server too busy');

export interface RecordLookup {
  byCid(cid: number): PubchemRecord | undefined;
  byName(name: string): PubchemRecord[];
  bySmiles(smiles: string): PubchemRecord[];
}

function parseCids(list: string): number[] | null {
  const parts = list.split(',').map((s) => s.trim()).filter(Boolean);
  if (parts.length === 0 || !parts.every((p) => /^\d+$/.test(p))) return null;
  return parts.map(Number);
}

/**
 * The PUG REST routes the stand-in serves, after /rest/pug/. `input` is the POST body's value
 * (cid=, name=, smiles=) when the identifier is not in the URL.
 */
export function routePugRest(segments: string[], form: URLSearchParams, lookup: RecordLookup): PugResponse {
  if (segments[0] !== 'compound') return fault(400, 'PUGREST.BadRequest', `Unrecognized domain: ${segments[0] ?? ''}`);
  const namespace = segments[1];
  const output = segments[segments.length - 1];

  if (namespace === 'cid') {
    // GET cid/{cids}/property/{props}/JSON, POST cid/property/{props}/JSON (body cid=), cid/{cids}/JSON|SDF, POST cid/JSON|SDF
    const inUrl = segments[2] !== undefined && /^[\d,\s]+$/.test(segments[2]) ? segments[2] : undefined;
    const cidText = inUrl ?? form.get('cid') ?? '';
    const rest = segments.slice(inUrl !== undefined ? 3 : 2, -1);
    const cids = parseCids(cidText);
    if (!cids) return fault(400, 'PUGREST.BadRequest', 'Unable to interpret CID list', [`CID list "${cidText}" is not a comma-separated list of integers`]);
    const records = cids.map((c) => lookup.byCid(c)).filter((r): r is PubchemRecord => r !== undefined);
    if (rest[0] === 'property' && rest.length === 2 && output === 'JSON') return properties(records, rest[1]!);
    if (rest.length === 0 && output === 'JSON') {
      if (records.length === 0) return notFound('CID');
      return json(200, { PC_Compounds: records.map((r) => r.compound) });
    }
    if (rest.length === 0 && output === 'SDF') {
      if (records.length === 0) return notFound('CID');
      return { status: 200, contentType: SDF_TYPE, body: records.map((r) => r.sdf).join('') };
    }
    return fault(400, 'PUGREST.BadRequest', `Unsupported operation: ${segments.join('/')}`);
  }

  if (namespace === 'name' || namespace === 'smiles') {
    // GET name/{name}/cids/JSON, POST name/cids/JSON (body name=); same for smiles
    if (segments[segments.length - 2] !== 'cids' || output !== 'JSON') return fault(400, 'PUGREST.BadRequest', `Unsupported operation: ${segments.join('/')}`);
    const identifier = segments.length > 4 ? segments.slice(2, -2).join('/') : (form.get(namespace) ?? '');
    if (identifier === '') return fault(400, 'PUGREST.BadRequest', `No ${namespace} given`);
    const found = namespace === 'name' ? lookup.byName(identifier) : lookup.bySmiles(identifier);
    if (found.length === 0) {
      // PubChem answers a valid but unknown SMILES with CID 0, and an unknown name with 404.
      if (namespace === 'smiles') return json(200, { IdentifierList: { CID: [0] } });
      return notFound('name');
    }
    return json(200, { IdentifierList: { CID: found.map((r) => r.cid) } });
  }
  return fault(400, 'PUGREST.BadRequest', `Unrecognized namespace: ${namespace ?? ''}`);
}

function notFound(what: string): PugResponse {
  return fault(404, 'PUGREST.NotFound', 'No CID found', [`No CID found that matches the given ${what}`]);
}

function properties(records: PubchemRecord[], propList: string): PugResponse {
  const wanted = propList.split(',').map((s) => s.trim()).filter(Boolean);
  const invalid = wanted.filter((p) => !VALID_PROPERTIES.has(p));
  if (wanted.length === 0 || invalid.length > 0) return fault(400, 'PUGREST.BadRequest', 'Invalid property', invalid.map((p) => `Invalid property: ${p}`));
  if (records.length === 0) return notFound('CID');
  const rows = records.map((r) => {
    const row: Record<string, PropertyValue> = { CID: r.cid };
    for (const p of wanted) if (r.properties[p] !== undefined) row[p] = r.properties[p]!;
    // Synthetic records always say so, whatever was asked.
    if (r.synthetic) {
      row.StrandSynthetic = true;
      row.StrandSource = r.properties.StrandSource ?? r.source;
    }
    return row;
  });
  return json(200, { PropertyTable: { Properties: rows } });
}
