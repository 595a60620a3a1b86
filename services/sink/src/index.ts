export { genbankRowsStage, toGenbankRows, sequenceColumns, featureColumns, referenceColumns } from './genbank-rows.js';
export type { GenbankRows } from './genbank-rows.js';
export { genbankWriter } from './genbank-writer.js';
