import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectPipeline, produceValues, type PubchemRawValue } from '@strand/pipeline';
import { builtInSources } from '@strand/sources';
import { connectPool, migrate } from '@strand/db';
import type { DeadLetter } from '@strand/runtime';
import { isolatedConfig, readTopic, spawnServices, testData, topicsOf, type ServiceProcesses } from './helpers.js';

// Issue 11, item 3: RDKit work is bounded and the pipeline's PubChem parser honours the SD limits.
// The real parser, enricher (two RDKit workers) and sink services, fed raw payloads on the raw topic:
// the 341-byte V3000 molfile declaring 100,000,000 atoms and its 20,000-atom chain (refused
// by STRAND_RDKIT_MAX_ATOMS at its default before RDKit sees them), a molecule within the atom limit
// that RDKit spends minutes on (201 benzene rings in a row; the time limit lowered to 2 s), and an SD
// record with a 20,000-character line (STRAND_SDF_MAX_LINE_CHARS lowered to 4096), between good
// compounds, which land.

/** The molfile: 345 bytes of SD record (341 of them in the issue) declaring 100,000,000 atoms. */
function hundredMillionAtoms(cid: number): string {
  const lines = [String(cid), '  Strand          2D', '', '  0  0  0     0  0            999 V3000', 'M  V30 BEGIN CTAB', 'M  V30 COUNTS 100000000 0 0 0 0', 'M  V30 BEGIN ATOM'];
  for (let i = 1; i <= 5; i++) lines.push(`M  V30 ${i} C ${i}.0 0.0 0.0 0`);
  lines.push('M  V30 END ATOM', 'M  V30 END CTAB', 'M  END', '> <PUBCHEM_COMPOUND_CID>', String(cid), '', '$$$$', '');
  return lines.join('\n');
}

const smilesTable = (cid: number, smiles: string) => JSON.stringify({ PropertyTable: { Properties: [{ CID: cid, SMILES: smiles }] } });

describe('RDKit limits and the pipeline parser\'s SD limits on the real services', () => {
  const config = isolatedConfig({ STRAND_RDKIT_TIMEOUT_MS: '2000', STRAND_SDF_MAX_LINE_CHARS: '4096' });
  let pool: Awaited<ReturnType<typeof connectPool>>;
  let services: ServiceProcesses;
  beforeAll(async () => {
    pool = await connectPool(config);
    await migrate(pool, config.dbSchema);
    services = spawnServices(config, ['parser', 'enricher', 'sink']);
  });
  afterAll(async () => {
    await services?.stop();
    await pool?.query(`DROP SCHEMA IF EXISTS ${config.dbSchema} CASCADE`);
    await pool?.end();
  });

  it('dead-letters each bad compound with the limit, the setting and its CID; the compounds around them land and the workers keep serving', async () => {
    const aspirin = readFileSync(testData('pubchem', 'Structure2D_CID_2244.sdf'), 'utf8');
    const ethanol = readFileSync(testData('pubchem', 'ethanol_CID702_3d.sdf'), 'utf8');
    const longLine = aspirin
      .replace(/^2244\n/, '900000004\n')
      .replace('> <PUBCHEM_COMPOUND_CID>\n2244\n', `> <PUBCHEM_COMPOUND_CID>\n900000004\n\n> <NOTE>\n${'x'.repeat(20_000)}\n`);
    const raw = (cid: number, format: PubchemRawValue['format'], text: string): PubchemRawValue => ({
      requestId: randomUUID(), batch: 0, format, uri: `http://pubchem.test/${cid}`, cids: [cid], fromCache: false, text, firstLine: 1, recordIndex: 0, fetchedAt: Date.now(),
    });
    const payloads = [
      raw(2244, 'sdf', aspirin),
      raw(900000001, 'sdf', hundredMillionAtoms(900000001)),
      raw(900000002, 'property-table', smilesTable(900000002, 'C'.repeat(20_000))),
      raw(900000003, 'property-table', smilesTable(900000003, `c1ccc(cc1)${'-c1ccc(cc1)'.repeat(200)}`)),
      raw(900000004, 'sdf', longLine),
      raw(702, 'sdf', ethanol),
      raw(900000005, 'property-table', smilesTable(900000005, 'CC(=O)Nc1ccc(O)cc1')),
    ];
    const topics = topicsOf(config);
    const ctx = await connectPipeline('test', { config, sources: builtInSources });
    try {
      await produceValues(ctx, topics.pubchemRaw, payloads, (v) => String(v.cids[0]));
    } finally {
      await ctx.close();
    }

    const dead = (await readTopic<DeadLetter>(config, topics.deadLetter, 4)).map((d) => d.value).sort((a, b) => a.reason.localeCompare(b.reason));
    expect(dead.map((d) => [d.stage, d.errorCode])).toEqual([
      ['pubchem.enricher', 'INPUT_TOO_LARGE'],
      ['pubchem.enricher', 'INPUT_TOO_LARGE'],
      ['pubchem.enricher', 'RDKIT_LIMIT_EXCEEDED'],
      ['pubchem.parser', 'INPUT_TOO_LARGE'],
    ]);
    expect(dead[0]!.reason).toBe('CID 900000001: the structure declares 100000000 atoms (V3000 COUNTS line), more than 2000; it was not handed to RDKit (raise STRAND_RDKIT_MAX_ATOMS to accept it)');
    expect(dead[1]!.reason).toBe('CID 900000002: the structure declares 20000 atoms (SMILES), more than 2000; it was not handed to RDKit (raise STRAND_RDKIT_MAX_ATOMS to accept it)');
    expect(dead[2]!.reason).toBe('CID 900000003: RDKit spent more than 2000 ms on this molecule; its worker was terminated and replaced (raise STRAND_RDKIT_TIMEOUT_MS to allow more)');
    expect(dead[3]!.reason).toMatch(/^SD line \d+ is longer than 4096 characters; the record is refused without being read whole \(raise STRAND_SDF_MAX_LINE_CHARS to accept it\) \(http:\/\/pubchem\.test\/900000004, record \d+, line \d+\)/);

    // The good compounds, the one after the slow molecule included, were enriched and stored.
    let stored: number[] = [];
    while (stored.length < 3) {
      stored = (await pool.query<{ cid: string }>(`SELECT cid FROM ${config.dbSchema}.compounds ORDER BY cid`)).rows.map((r) => Number(r.cid));
      if (stored.length < 3) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(stored).toEqual([702, 2244, 900000005]);
    const { rows } = await pool.query<{ rdkit: { formula: string } | null }>(`SELECT rdkit FROM ${config.dbSchema}.compounds WHERE cid = 900000005`);
    expect(rows[0]?.rdkit?.formula).toBe('C8H9NO2');
    expect(services.children.every((c) => c.child.exitCode === null)).toBe(true);
  });
});
