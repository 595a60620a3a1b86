#!/usr/bin/env node
import { loadRdkit, DescriptorPool } from '@strand/chem';
import { runUntilSignalled, startStageService } from '@strand/pipeline';
import { genbankEnrichStage } from './genbank-enrich-stage.js';
import { createPubchemEnrichStage } from './pubchem-enrich-stage.js';

const compoundKey = (v: { cid: number | null; properties: { inchiKey?: string | null } }): string | null => (v.cid !== null ? String(v.cid) : v.properties.inchiKey ?? null);

await runUntilSignalled('enricher', async (config, logger) => {
  // RDKit (WebAssembly) loads once, before the PubChem stage starts consuming.
  const rdkit = await loadRdkit();
  const pool = config.enrichWorkers > 0 ? new DescriptorPool(config.enrichWorkers) : undefined;
  // Two stage services in one process: GenBank and PubChem, each with its own consumer group.
  const genbank = await startStageService({
    serviceName: 'enricher', config, logger, stage: genbankEnrichStage,
    input: (t) => t.genbankParsed,
    output: (ctx) => ({ kind: 'topic', topic: ctx.topics.genbankEnriched, key: (v) => v.accession }),
  });
  const pubchem = await startStageService({
    serviceName: 'enricher', config, logger, stage: createPubchemEnrichStage(rdkit, { mode: config.enrichMode, ...(pool ? { pool } : {}) }),
    input: (t) => t.pubchemParsed,
    output: (ctx) => ({ kind: 'topic', topic: ctx.topics.pubchemEnriched, key: compoundKey }),
  });
  return { stop: async () => { await genbank.stop(); await pubchem.stop(); await pool?.close(); } };
});
