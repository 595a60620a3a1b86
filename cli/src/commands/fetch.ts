import { Option, type Command } from 'commander';
import { loadConfig, type StrandConfig } from '@strand/runtime';
import { connectPipeline, type SourceCommand, type SourceCommandOption, type SourceDefinition } from '@strand/pipeline';
import { loadSources } from '@strand/sources';
import { action, examples } from '../command-kit.js';

/** The commander option of a source verb's declared option. */
function optionOf(o: SourceCommandOption): Option {
  const option = new Option(`--${o.name}${o.value !== undefined ? ` <${o.value}>` : ''}`, o.description);
  if (o.multiple) option.argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
  if (o.default !== undefined) option.default(o.default);
  return option;
}

/** The arguments handed to the verb's `run`: each option given, as `--name=value` (so a value may start with a dash). */
function argsOf(cmd: Command, options: readonly SourceCommandOption[]): string[] {
  const args: string[] = [];
  for (const o of options) {
    const value: unknown = cmd.getOptionValue(optionOf(o).attributeName());
    if (value === undefined || value === false) continue;
    if (value === true) args.push(`--${o.name}`);
    else for (const v of Array.isArray(value) ? value : [value]) args.push(`--${o.name}=${String(v)}`);
  }
  return args;
}

function registerVerb(fetch: Command, source: SourceDefinition, verb: SourceCommand, connect: () => ReturnType<typeof connectPipeline>): void {
  const cmd = fetch.command(source.name).description(verb.summary);
  if (verb.examples) examples(cmd, verb.examples);
  if (verb.options) {
    for (const o of verb.options) cmd.addOption(optionOf(o));
    cmd.action(action(async () => verb.run(argsOf(cmd, verb.options!), connect)));
    return;
  }
  // A plug-in verb that declares no options gets its arguments as typed, unchecked.
  cmd.usage(verb.usage.replace(/^usage: strand fetch \S+ ?/, '')).allowUnknownOption().allowExcessArguments().argument('[args...]')
    .action(action(async (args: string[]) => verb.run(args, connect)));
}

/** `strand fetch <source> ...`: the fetch verb of each source, as the source declares it. */
export async function register(program: Command): Promise<void> {
  const fetch = program.command('fetch').description('queue fetch work for the fetcher service(s): one subcommand per source');
  let config: StrandConfig;
  let sources: readonly SourceDefinition[];
  try {
    config = loadConfig();
    sources = await loadSources(config);
  } catch (err) {
    // A bad configuration must not take `strand --help` down with it; `strand fetch` reports it.
    fetch.allowUnknownOption().allowExcessArguments().argument('[args...]').action(() => { throw err; });
    return;
  }
  const connect = () => connectPipeline('cli', { config, sources });
  const withFetch = sources.filter((s) => s.commands?.fetch);
  for (const source of withFetch) registerVerb(fetch, source, source.commands!.fetch!, connect);
  examples(fetch, withFetch.flatMap((s) => s.commands!.fetch!.examples?.slice(0, 1) ?? [s.commands!.fetch!.usage.replace(/^usage: /, '')]),
    'Files must lie under STRAND_FETCH_FILE_ROOTS and URLs on allowed hosts (docs/security.md).\nWith --wait: progress on stderr, then how many records were stored and dead-lettered; exit 1 if any were.');
}
