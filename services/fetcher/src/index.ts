export { openSource, maybeGunzip } from './open-source.js';
export type { OpenedSource } from './open-source.js';
export { publishGenbank } from './publish-genbank.js';
export type { PublishOptions, PublishProgress } from './publish-genbank.js';
export { runFetchWorker } from './fetch-worker.js';
export { requireGenbank } from './require-genbank.js';
export { EutilsClient, efetchMaxIds, eutilsRatePerSecond } from './ncbi/eutils-client.js';
export { resumableDownload } from './ncbi/resumable-download.js';
export { FetchCheckpoints } from './fetch-checkpoints.js';
