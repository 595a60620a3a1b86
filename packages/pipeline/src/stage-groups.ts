import { topicNames } from './catalog.js';

/** A consumer stage of the pipeline: its name (and so its group `<prefix>.<stage>`) and the topic it reads. */
export interface StageGroup {
  stage: string;
  groupId: string;
  topic: string;
}

/** The GenBank chain, in flow order. */
export function genbankStageGroups(prefix: string): StageGroup[] {
  const t = topicNames(prefix);
  return [
    { stage: 'fetcher', topic: t.genbankFetch },
    { stage: 'parser', topic: t.genbankRaw },
    { stage: 'enricher', topic: t.genbankParsed },
    { stage: 'sink', topic: t.genbankEnriched },
  ].map((s) => ({ ...s, groupId: `${prefix}.${s.stage}` }));
}

/** The PubChem chain, in flow order. */
export function pubchemStageGroups(prefix: string): StageGroup[] {
  const t = topicNames(prefix);
  return [
    { stage: 'pubchem-fetcher', topic: t.pubchemRequests },
    { stage: 'pubchem-parser', topic: t.pubchemRaw },
    { stage: 'pubchem-enricher', topic: t.pubchemParsed },
    { stage: 'pubchem-sink', topic: t.pubchemEnriched },
  ].map((s) => ({ ...s, groupId: `${prefix}.${s.stage}` }));
}
