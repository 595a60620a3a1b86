export { genbankEnrichStage } from './genbank-enrich-stage.js';
export { sequenceSha256, gcContent } from './sequence-stats.js';
export { createPubchemEnrichStage } from './pubchem-enrich-stage.js';
export type { PubchemEnrichOptions } from './pubchem-enrich-stage.js';
