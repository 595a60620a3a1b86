export { openSource } from './open-source.js';
export type { OpenedSource } from './open-source.js';
export { publishGenbank } from './publish-genbank.js';
export type { PublishOptions, PublishProgress } from './publish-genbank.js';
export { runFetchWorker } from './fetch-worker.js';
export { requireGenbank } from './require-genbank.js';
