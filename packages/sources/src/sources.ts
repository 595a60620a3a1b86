import { pathToFileURL } from 'node:url';
import { isAbsolute, resolve } from 'node:path';
import { StrandError, type StrandConfig } from '@strand/runtime';
import { validateSources, type SourceDefinition } from '@strand/pipeline';
import { genbankSource } from './genbank/source.js';
import { pubchemSource } from './pubchem/source.js';

/** The list of sources. Registering a source is one line here (its module is one folder next to this file). */
export const builtInSources: readonly SourceDefinition[] = [
  genbankSource(),
  pubchemSource(),
];

/**
 * The sources a process serves: the built-in list, or the `sources` export of the module named by
 * STRAND_SOURCES_MODULE (plug-in sources; the tests use it for a fixture source).
 */
export async function loadSources(config: StrandConfig): Promise<readonly SourceDefinition[]> {
  if (!config.sourcesModule) return builtInSources;
  const path = isAbsolute(config.sourcesModule) ? config.sourcesModule : resolve(config.sourcesModule);
  let mod: { sources?: unknown };
  try {
    mod = (await import(pathToFileURL(path).href)) as { sources?: unknown };
  } catch (err) {
    throw new StrandError('CONFIG_INVALID', `STRAND_SOURCES_MODULE: cannot load ${path}: ${(err as Error).message}`, { cause: err });
  }
  if (!Array.isArray(mod.sources)) throw new StrandError('CONFIG_INVALID', `STRAND_SOURCES_MODULE: ${path} has no \`sources\` array export`);
  const sources = mod.sources as SourceDefinition[];
  try {
    validateSources(sources);
  } catch (err) {
    throw new StrandError('CONFIG_INVALID', `STRAND_SOURCES_MODULE: ${path}: ${(err as Error).message}`, { cause: err });
  }
  return sources;
}
