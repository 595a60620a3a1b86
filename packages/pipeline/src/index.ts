export { topicNames, topicCatalog, loadSchema, schemasDir } from './catalog.js';
export type { TopicEntry, TopicNames } from './catalog.js';
export type { SourceRef, GenbankRawValue, GenbankParsedValue, GenbankEnrichedValue, GenbankFetchRequest, GenbankFetchCheckpoint } from './values.js';
export type { PubchemFetchRequest, PubchemPayloadFormat, PubchemRawValue, PubchemOrigin, PubchemCompoundProperties, PubchemParsedValue, PubchemRdkitValue, PubchemEnrichedValue } from './values.js';
export { connectPipeline, startStageService, runUntilSignalled } from './service.js';
export type { PipelineContext, StageServiceSpec, StageService } from './service.js';
export { groupLag, waitForDrain } from './drain.js';
export type { PartitionLag, DrainStep } from './drain.js';
