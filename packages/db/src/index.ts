export { connectPool, describeDatabase, isOutage, pgErrorCode, pgFailure } from './pool.js';
export { migrate, migrationsDir } from './migrate.js';
export type { SourceMigrations } from './migrate.js';
export { copyTextRow, copyTextValue, asJson } from './copy-text.js';
export { copyRows } from './copy-rows.js';
export { pgPayloadStore, expirePayloads } from './pg-payload-store.js';
