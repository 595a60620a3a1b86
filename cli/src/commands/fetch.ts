import { loadConfig } from '@strand/runtime';
import { connectPipeline, UsageError } from '@strand/pipeline';
import { loadSources } from '@strand/sources';

/** `strand fetch <source> ...`: the fetch verb of a source, as the source declares it. */
export async function fetchCommand(args: string[]): Promise<number> {
  const config = loadConfig();
  const sources = await loadSources(config);
  const withFetch = sources.filter((s) => s.commands?.fetch);
  const source = withFetch.find((s) => s.name === args[0]);
  if (!source) throw new UsageError(`usage: strand fetch (${withFetch.map((s) => s.name).join('|')}) ...\n${withFetch.map((s) => `  ${s.commands!.fetch!.usage}`).join('\n')}`);
  return source.commands!.fetch!.run(args.slice(1), () => connectPipeline('cli', { config, sources }));
}
