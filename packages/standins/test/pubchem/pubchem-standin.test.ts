import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPubchemFixtures, startPubchemStandin, SYNTHETIC_CID_BASE } from '@strand/standins';
import type { PubchemRecord, PubchemStandin, PubchemStandinOptions } from '@strand/standins';

const PUBCHEM = fileURLToPath(new URL('../../../../test-data/pubchem/', import.meta.url));
const SOLUBILITY = fileURLToPath(new URL('../../../../test-data/molecules/solubility.test.sdf', import.meta.url));
const PUG = '/rest/pug/compound';

let records: PubchemRecord[];
let standin: PubchemStandin;

beforeAll(async () => {
  records = await loadPubchemFixtures({ pubchemDir: PUBCHEM, syntheticSdf: SOLUBILITY });
  standin = await startPubchemStandin({ records, limits: { perSecond: 10_000, perMinute: 100_000 } });
});
afterAll(() => standin.close());

const get = (path: string, init?: RequestInit): Promise<Response> => fetch(`${standin.url}${path}`, init);
const form = (body: Record<string, string>): RequestInit => ({ method: 'POST', body: new URLSearchParams(body) });

/** A stand-in on a hand-moved clock, for exact limits; closed by the caller. */
async function withClock(opts: Partial<PubchemStandinOptions>, run: (s: PubchemStandin, clock: { t: number }) => Promise<void>): Promise<void> {
  const clock = { t: 1_700_000_000_000 };
  const s = await startPubchemStandin({ records, now: () => clock.t, ...opts });
  try {
    await run(s, clock);
  } finally {
    await s.close();
  }
}

describe('PubChem stand-in: PUG REST URL shapes', () => {
  it('GET cid/{cids}/property/{props}/JSON returns a PropertyTable in request order', async () => {
    const res = await get(`${PUG}/cid/2244,4/property/MolecularFormula,MolecularWeight,XLogP/JSON`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({
      PropertyTable: {
        Properties: [
          { CID: 2244, MolecularFormula: 'C9H8O4', MolecularWeight: '180.16', XLogP: 1.2 },
          { CID: 4, MolecularFormula: 'C3H9NO', MolecularWeight: '75.11', XLogP: -1 },
        ],
      },
    });
  });

  it('POST cid/property/{props}/JSON takes cid= in a form body', async () => {
    const res = await get(`${PUG}/cid/property/MolecularWeight/JSON`, form({ cid: '241,702,2244' }));
    const rows = ((await res.json()) as { PropertyTable: { Properties: Record<string, unknown>[] } }).PropertyTable.Properties;
    // 702's 3D record carries no weight, so the property is left out, as PubChem does for missing values.
    expect(rows).toEqual([{ CID: 241, MolecularWeight: '78.11' }, { CID: 702 }, { CID: 2244, MolecularWeight: '180.16' }]);
  });

  it('serves full records as JSON and SDF', async () => {
    const json = await (await get(`${PUG}/cid/4/JSON`)).json();
    expect(json).toEqual(JSON.parse(readFileSync(`${PUBCHEM}Structure2D_COMPOUND_CID_4.json`, 'utf8')));
    const sdfRes = await get(`${PUG}/cid/4/SDF`);
    expect(sdfRes.headers.get('content-type')).toBe('chemical/x-mdl-sdfile');
    const sdf = await sdfRes.text();
    expect(sdf).toBe(readFileSync(`${PUBCHEM}Structure2D_COMPOUND_CID_4.sdf`, 'utf8'));
  });

  it('looks up CIDs by name and by SMILES (GET and POST)', async () => {
    expect(await (await get(`${PUG}/name/aspirin/cids/JSON`)).json()).toEqual({ IdentifierList: { CID: [2244] } });
    expect(await (await get(`${PUG}/name/cids/JSON`, form({ name: 'Benzene' }))).json()).toEqual({ IdentifierList: { CID: [241] } });
    expect(await (await get(`${PUG}/smiles/${encodeURIComponent('CCC(C)CC')}/cids/JSON`)).json()).toEqual({ IdentifierList: { CID: [SYNTHETIC_CID_BASE + 1] } });
    expect(await (await get(`${PUG}/smiles/cids/JSON`, form({ smiles: 'CC(=O)OC1=CC=CC=C1C(=O)O' }))).json()).toEqual({ IdentifierList: { CID: [2244] } });
    expect(await (await get(`${PUG}/smiles/cids/JSON`, form({ smiles: 'C1CCCCCCCCCCCCC1N' }))).json()).toEqual({ IdentifierList: { CID: [0] } });
  });

  it('answers unknown CIDs and names with 404 PUGREST.NotFound, bad input with 400', async () => {
    const missing = await get(`${PUG}/cid/999999/property/MolecularWeight/JSON`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ Fault: { Code: 'PUGREST.NotFound', Message: 'No CID found' } });
    expect((await get(`${PUG}/name/notacompoundxyz/cids/JSON`)).status).toBe(404);
    const badProp = await get(`${PUG}/cid/2244/property/Colour/JSON`);
    expect(badProp.status).toBe(400);
    expect(await badProp.json()).toMatchObject({ Fault: { Code: 'PUGREST.BadRequest' } });
    expect((await get(`${PUG}/cid/abc/JSON`)).status).toBe(400);
  });

  it('marks synthetic records in every payload', async () => {
    const cid = SYNTHETIC_CID_BASE + 2;
    const rows = ((await (await get(`${PUG}/cid/${cid}/property/SMILES/JSON`)).json()) as { PropertyTable: { Properties: Record<string, unknown>[] } }).PropertyTable.Properties;
    expect(rows[0]).toMatchObject({ CID: cid, StrandSynthetic: true });
    expect(await (await get(`${PUG}/cid/${cid}/SDF`)).text()).toContain('> <STRAND_SYNTHETIC>');
    const json = (await (await get(`${PUG}/cid/${cid}/JSON`)).json()) as { PC_Compounds: { props: { urn: { label: string } }[] }[] };
    expect(json.PC_Compounds[0]!.props.some((p) => p.urn.label === 'Strand')).toBe(true);
  });

  it('with syntheticCids answers any CID with a marked copy of a real structure', async () => {
    await withClock({ syntheticCids: true }, async (s) => {
      const res = await fetch(`${s.url}${PUG}/cid/55555555,2244/property/MolecularFormula/JSON`);
      const rows = ((await res.json()) as { PropertyTable: { Properties: Record<string, unknown>[] } }).PropertyTable.Properties;
      expect(rows[0]).toMatchObject({ CID: 55555555, StrandSynthetic: true });
      expect(rows[1]).toEqual({ CID: 2244, MolecularFormula: 'C9H8O4' });
    });
  });
});

describe('PubChem stand-in: limits and X-Throttling-Control', () => {
  const url = (s: PubchemStandin): string => `${s.url}${PUG}/cid/2244/property/MolecularWeight/JSON`;

  it('answers 8 rapid requests with 5 results and 3 PUGREST.ServerBusy 503s', async () => {
    await withClock({}, async (s) => {
      const responses = await Promise.all(Array.from({ length: 8 }, () => fetch(url(s))));
      const statuses = responses.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 200, 200, 200, 200, 503, 503, 503]);
      const busy = responses.find((r) => r.status === 503)!;
      expect(await busy.json()).toEqual({ Fault: { Code: 'PUGREST.ServerBusy', Message: 'Too many requests or server too busy' } });
      const st = s.stats();
      expect(st.busyRateLimited).toBe(3);
      expect(st.busyInjected).toBe(0);
      expect(st.maxPerSecond).toBe(8);
    });
  });

  it('enforces the per-minute limit too', async () => {
    await withClock({ limits: { perSecond: 100, perMinute: 10 } }, async (s, clock) => {
      const statuses = [];
      for (let i = 0; i < 12; i++) {
        statuses.push((await fetch(url(s))).status);
        clock.t += 1000;
      }
      expect(statuses).toEqual([...Array(10).fill(200), 503, 503]);
      clock.t += 60_000;
      expect((await fetch(url(s))).status).toBe(200);
      expect(s.stats().maxPerMinute).toBe(12);
    });
  });

  it('colours the header Green, Yellow, Red by load, and Black while a repeat offender is blocked', async () => {
    await withClock({ limits: { perSecond: 5, perMinute: 400, blockAfterViolations: 3, blockMs: 30_000 } }, async (s, clock) => {
      const headers = [];
      for (let i = 0; i < 6; i++) headers.push((await fetch(url(s))).headers.get('x-throttling-control'));
      expect(headers.slice(0, 5).map((h) => /Request Count status: (\w+) \((\d+)%\)/.exec(h ?? '')?.slice(1).join(' '))).toEqual([
        'Green 20',
        'Green 40',
        'Yellow 60',
        'Red 80',
        'Red 100',
      ]);
      expect(headers[0]).toBe('Request Count status: Green (20%), Request Time status: Green (0%), Service status: Green (10%)');
      expect(headers[5]).toContain('Request Count status: Red');
      // Two more refusals make three violations: blocked.
      await fetch(url(s));
      const blocked = await fetch(url(s));
      expect(blocked.status).toBe(503);
      expect(blocked.headers.get('x-throttling-control')).toContain('Request Count status: Black');
      clock.t += 1000; // the rate is fine again, but the block holds
      const still = await fetch(url(s));
      expect(still.status).toBe(503);
      expect(s.stats().busyBlocked).toBeGreaterThanOrEqual(1);
      clock.t += 30_000;
      const after = await fetch(url(s));
      expect(after.status).toBe(200);
      expect(after.headers.get('x-throttling-control')).toContain('Request Count status: Green');
    });
  });

  it('missingHeader leaves X-Throttling-Control out', async () => {
    await withClock({ faults: { missingHeader: 1 } }, async (s) => {
      expect((await fetch(url(s))).headers.has('x-throttling-control')).toBe(false);
      expect((await fetch(url(s))).headers.has('x-throttling-control')).toBe(true);
    });
  });
});

describe('PubChem stand-in: faults', () => {
  const path = `${PUG}/cid/2244/property/MolecularWeight/JSON`;

  it('injects 503 ServerBusy, 500 and 429, counted apart from rate-limit 503s', async () => {
    standin.setFaults({ status503: 2, status500: 1, status429: 1 });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await get(path)).status);
    expect(statuses).toEqual([503, 503, 429, 500, 200]);
    expect(standin.stats().busyInjected).toBe(2);
    expect(standin.stats().busyRateLimited).toBe(0);
    standin.setFaults({});
  });

  it('injects a 503 with the given probability', async () => {
    let draws = 0;
    await withClock({ faults: { status503: 0.3 }, limits: { perSecond: 1000, perMinute: 1000 }, random: () => [0.1, 0.5, 0.9, 0.2][draws++ % 4]! }, async (s) => {
      const statuses = [];
      for (let i = 0; i < 8; i++) statuses.push((await fetch(`${s.url}${path}`)).status);
      expect(statuses).toEqual([503, 200, 200, 503, 503, 200, 200, 503]);
    });
  });

  it('truncateJson, reset, timeout and slowBodyMs', async () => {
    standin.setFaults({ truncateJson: 1 });
    const cut = await get(path);
    expect(cut.status).toBe(200);
    const cutText = await cut.text();
    expect(Number(cut.headers.get('content-length'))).toBe(Buffer.byteLength(cutText));
    expect(cutText.length).toBeGreaterThan(0);
    expect(() => JSON.parse(cutText)).toThrow();

    standin.setFaults({ reset: 1 });
    await expect((await get(path)).text()).rejects.toThrow();

    standin.setFaults({ timeout: 1 });
    await expect(get(path, { signal: AbortSignal.timeout(300) })).rejects.toThrow(/abort|timeout/i);

    standin.setFaults({ slowBodyMs: 50 });
    const slow = await get(`${PUG}/cid/4/JSON`);
    const reader = slow.body!.getReader();
    let pieces = 0;
    let text = '';
    const decoder = new TextDecoder();
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      pieces++;
      text += decoder.decode(r.value, { stream: true });
    }
    expect(pieces).toBeGreaterThan(1);
    expect(JSON.parse(text)).toEqual(JSON.parse(readFileSync(`${PUBCHEM}Structure2D_COMPOUND_CID_4.json`, 'utf8')));
    standin.setFaults({});
    expect(standin.stats().injected).toMatchObject({ truncateJson: 1, reset: 1, timeout: 1 });
  });
});
