export { genbankEnrichStage } from './genbank-enrich-stage.js';
export { sequenceSha256, gcContent } from './sequence-stats.js';
