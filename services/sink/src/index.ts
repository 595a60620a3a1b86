export { genbankRowsStage, toGenbankRows, sequenceColumns, featureColumns, referenceColumns } from './genbank-rows.js';
export type { GenbankRows } from './genbank-rows.js';
export { genbankWriter } from './genbank-writer.js';
export { compoundRowsStage, toCompoundRow, compoundRowKey, compoundColumns, mergedColumns } from './compound-rows.js';
export type { CompoundRow } from './compound-rows.js';
export { compoundWriter } from './compound-writer.js';
