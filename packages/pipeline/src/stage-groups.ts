import { sourceTopic } from './catalog.js';
import { roles, stageName, type Role, type SourceDefinition } from './source.js';

/** A consumer stage of the pipeline: its source and role, its name (`<source>.<role>`), its group (`<prefix>.<name>`) and the topic it reads. */
export interface StageGroup {
  source: string;
  role: Role;
  stage: string;
  groupId: string;
  topic: string;
}

/** Every stage of the given sources, source by source in flow order (fetcher, parser, enricher, sink). */
export function stageGroups(prefix: string, sources: readonly SourceDefinition[]): StageGroup[] {
  const groups: StageGroup[] = [];
  for (const source of sources) {
    for (const role of roles) {
      const decl = source.stages.find((s) => s.role === role);
      if (!decl) continue;
      const stage = stageName(source, role);
      groups.push({ source: source.name, role, stage, groupId: `${prefix}.${stage}`, topic: sourceTopic(prefix, source, decl.input) });
    }
  }
  return groups;
}
