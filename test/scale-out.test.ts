import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type pg from 'pg';
import { connectPool, migrate } from '@strand/db';
import { roles, stageGroups, waitForDrain } from '@strand/pipeline';
import { builtInSources } from '@strand/sources';
import { createKafka, createLogger, connectAdmin, type DeadLetter } from '@strand/runtime';
import { startNcbiStandin, type NcbiStandin, type PubchemStandin } from '@strand/standins';
import { isolatedConfig, spawnServices, runCli, testData, storedSequences, topicsOf, readTopic, type ServiceProcesses } from './helpers.js';
import { startStandin, clearRedisKeys, storedCompounds } from './pubchem-helpers.js';

const until = async (check: () => Promise<boolean>) => { while (!(await check())) await new Promise((r) => setTimeout(r, 200)); };

/**
 * Operators add instances for throughput. Two more instances of every service join while a GenBank
 * division download and a large PubChem request are in flight, and leave again: every record
 * lands once, nothing is dead-lettered that a run without them would not, and no process exits on its own.
 */
describe('adding and removing instances of every service in the middle of long fetches', () => {
  let ncbi: NcbiStandin;
  let pubchem: PubchemStandin;
  let config: ReturnType<typeof isolatedConfig>;
  let pool: pg.Pool;
  const instances: ServiceProcesses[] = [];
  const stateDirs: string[] = [];
  const stateDir = () => { const d = mkdtempSync(join(tmpdir(), 'strand-scale-')); stateDirs.push(d); return d; };

  beforeAll(async () => {
    ncbi = await startNcbiStandin({ dataDir: testData('genbank'), divisionFiles: { 'gbsmp1.seq.gz': testData('genbank', 'sample-division.gbff.gz') } });
    pubchem = await startStandin();
    config = isolatedConfig({ STRAND_PUBCHEM_URL: `${pubchem.url}/rest/pug`, STRAND_NCBI_EUTILS_URL: `${ncbi.url}/entrez/eutils` });
    pool = await connectPool(config);
    await migrate(pool, config.dbSchema);
  });
  afterAll(async () => {
    for (const i of instances) await i.stop();
    await pool?.query(`DROP SCHEMA IF EXISTS ${config.dbSchema} CASCADE`);
    await pool?.end();
    await clearRedisKeys(config);
    await ncbi?.close();
    await pubchem?.close();
    for (const d of stateDirs) rmSync(d, { recursive: true, force: true });
  });

  it('lands every GenBank record and every compound exactly once, with no extra dead letter and no process exit', async () => {
    // Slow answers, so both requests are still being fetched when the new instances join.
    ncbi.setFaults({ slowBodyMs: 20_000 });
    pubchem.setFaults({ slowBodyMs: 700 });
    const first = spawnServices(config, roles, { STRAND_STATE_DIR: stateDir() });
    instances.push(first);
    const cids = '2244,4,241,702';
    const queued = [
      await runCli(['fetch', 'genbank', '--url', `${ncbi.url}/genbank/gbsmp1.seq.gz`], config),
      await runCli(['fetch', 'pubchem', '--cids', cids, '--cid-range', '900000001-900000257', '--formats', 'property-table,sdf'], config),
    ];
    for (const q of queued) expect(q.code, q.stderr).toBe(0);
    // Both fetches have published part of their records.
    await until(async () => (await pool.query('SELECT 1 FROM fetch_checkpoints')).rowCount! > 0);
    await until(async () => (await storedCompounds(pool)).size > 0);

    const extra = [1, 2].map(() => spawnServices(config, roles, { STRAND_STATE_DIR: stateDir(), STRAND_LOG_LEVEL: 'info' }));
    instances.push(...extra);
    await new Promise((r) => setTimeout(r, 12_000)); // let the group settle with nine... twelve members and work move around
    for (const e of extra) await e.stop();
    for (const e of extra) for (const c of e.children) expect(c.child.exitCode, `${c.name} instance stopped cleanly:\n${c.stderr.join('')}`).toBe(0);
    ncbi.setFaults({});
    pubchem.setFaults({});

    const admin = await connectAdmin(createKafka(config, createLogger('error'), 'test'), config);
    try {
      await waitForDrain(admin, stageGroups(config.topicPrefix, builtInSources), { timeoutMs: 240_000 });
    } finally {
      await admin.disconnect();
    }
    expect((await storedSequences(pool)).size).toBe(11);
    const { rows: counts } = await pool.query<{ n: string }>('SELECT count(*) AS n FROM features');
    expect(Number(counts[0]!.n)).toBe(128);
    const compounds = await storedCompounds(pool);
    expect(compounds.size).toBe(4 + 257);
    const dlqEnd = await (async () => {
      const a = await connectAdmin(createKafka(config, createLogger('error'), 'test'), config);
      try { return await a.fetchTopicOffsets(topicsOf(config).deadLetter); } finally { await a.disconnect(); }
    })();
    const deadCount = dlqEnd.reduce((n, p) => n + Number(p.high), 0);
    const dead = deadCount === 0 ? [] : await readTopic<DeadLetter>(config, topicsOf(config).deadLetter, deadCount);
    // The only dead letters are those a run without extra instances gives too: four solubility-set
    // SMILES that RDKit cannot read (their SDF payloads; the property tables of the same CIDs land).
    const deadKeys = new Set(dead.map((d) => `${d.value.stage} ${d.value.errorCode} ${d.value.key}`));
    expect([...deadKeys].sort(), dead.map((d) => d.value.reason).join('\n')).toEqual(
      ['900000120', '900000141', '900000188', '900000230'].map((cid) => `pubchem.enricher RDKIT_UNPARSEABLE ${cid}`));
    for (const c of first.children) expect(c.child.exitCode, `${c.name} still running:\n${c.stderr.join('')}`).toBeNull();
  });
});
