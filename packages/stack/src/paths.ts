import { fileURLToPath } from 'node:url';
import { isAbsolute, join } from 'node:path';
import type { StrandConfig } from '@strand/runtime';

/** The repository root, found from this file in src/ or dist/. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export interface StackPaths {
  state: string;
  cache: string;
  kafkaLibs: string;
  kafkaDir: string;
  apicurioHome: string;
  apicurioDir: string;
  zipkinHome: string;
  zipkinDir: string;
  prometheusHome: string;
  prometheusDir: string;
  deploy: string;
}

/** Data and logs live under the state folder; resolved jars under .cache; both are git-ignored. */
export function stackPaths(config: StrandConfig): StackPaths {
  const state = isAbsolute(config.stateDir) ? config.stateDir : join(repoRoot, config.stateDir);
  const cache = process.env.STRAND_CACHE_DIR ?? join(repoRoot, '.cache');
  return {
    state,
    cache,
    kafkaLibs: join(cache, 'kafka-libs'),
    kafkaDir: join(state, 'kafka'),
    apicurioHome: join(cache, 'apicurio'),
    apicurioDir: join(state, 'apicurio'),
    zipkinHome: join(cache, 'zipkin'),
    zipkinDir: join(state, 'zipkin'),
    prometheusHome: join(cache, 'prometheus'),
    prometheusDir: join(state, 'prometheus'),
    deploy: join(repoRoot, 'deploy'),
  };
}
