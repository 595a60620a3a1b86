import type { AnyStage, StageOutput } from '@strand/runtime';
import type { PipelineContext } from './pipeline-context.js';

/** The four roles; each service runs its role for every source. */
export const roles = ['fetcher', 'parser', 'enricher', 'sink'] as const;
export type Role = (typeof roles)[number];

/** A topic a source owns: `<prefix>.<source>.<name>`, with its value schema and settings. */
export interface SourceTopic {
  name: string;
  /** Avro schema of the values: a file name in schemas/, or an absolute path (plug-in sources). */
  schemaFile: string;
  /** Default 3. */
  partitions?: number;
  configEntries?: { name: string; value: string }[];
}

/** A source's stage, built by its service from the process' shared clients. */
export interface BuiltStage<In = any, Out = any> {
  stage: AnyStage<In, Out>;
  output: StageOutput<Out>;
  /** Input messages per durable write and commit (message stages; default STRAND_STAGE_CHUNK_SIZE). */
  chunkSize?: number;
  sessionTimeoutMs?: number;
  /** Releases what `create` opened (worker pools, clients). */
  close?(): Promise<void>;
}

/** What a source's stage factory gets: the process' one set of clients, plus this source's topic names. */
export interface SourceContext extends PipelineContext {
  source: SourceDefinition;
  /** The full name of one of this source's topics. */
  topic(name: string): string;
}

/** One stage of a source: the role (service) that runs it, the topic it reads, how to build it. */
export interface StageDeclaration {
  role: Role;
  /** Name of the source topic it consumes. */
  input: string;
  create(ctx: SourceContext): BuiltStage | Promise<BuiltStage>;
}

/** An option of a source's CLI verb: `--<name> <VALUE>`, or a flag when `value` is absent. */
export interface SourceCommandOption {
  /** Long name without the dashes, e.g. `url`. */
  name: string;
  /** Placeholder of its value in the help (`URL`); absent for a flag. */
  value?: string;
  description: string;
  /** Default value, shown in the help. */
  default?: string;
  /** May be given more than once (the values come as a list). */
  multiple?: boolean;
}

/** A CLI verb a source adds, e.g. `strand fetch genbank ...`. */
export interface SourceCommand {
  /** One line for `strand --help`. */
  summary: string;
  usage: string;
  /**
   * Its options: `strand` builds the verb's `--help` from them and refuses an unknown option or a
   * missing value (exit 2) before `run` is called; `run` then gets them as `--name=value` (read
   * them with `parseSourceArgs`). Without them the arguments reach `run` unchecked, as typed.
   */
  options?: SourceCommandOption[];
  /** Example command lines for the verb's `--help`. */
  examples?: string[];
  /** Runs the verb with the arguments after `strand <verb> <source>`; resolves to the exit code. */
  run(args: string[], ctx: () => Promise<PipelineContext>): Promise<number>;
}

/** A local server that answers like the source's upstream, from bundled data (demo, tests, benchmarks). */
export interface SourceStandin {
  /** Starts it on a free port of 127.0.0.1, serving the data under `testDataDir` (the repository's test-data/). */
  start(testDataDir: string): Promise<{ url: string; close(): Promise<void> }>;
  /** The STRAND_* variables that point the fetcher at a running stand-in. */
  env(url: string): Record<string, string>;
}

/**
 * A data source, declared once: its topics, its stages (at most one per role), the tables its
 * sink writes, its CLI verbs and its local stand-in. The topic catalog, consumer groups, every
 * service's wiring, `strand lag/replay/demo` and the test helpers are derived from the list of these.
 */
export interface SourceDefinition {
  /** Lower-case name: topics are `<prefix>.<name>.<topic>`, stages `<name>.<role>`. */
  name: string;
  description: string;
  topics: SourceTopic[];
  stages: StageDeclaration[];
  /** Tables its sink writes (for summaries and docs). */
  tables: string[];
  /** Folder of the source's own SQL migrations (NNN_name.sql), applied in the Strand schema. */
  migrationsDir?: string;
  /**
   * Consumer groups (without the prefix) the source's stages used before stages were named
   * `<source>.<role>`; their committed offsets are adopted once, when the new group has none.
   */
  legacyGroups?: Partial<Record<Role, string>>;
  /** CLI verbs, by verb: `fetch` gives `strand fetch <name> ...`. */
  commands?: { fetch?: SourceCommand };
  /** Its upstream's local stand-in (NCBI and PubChem cannot be reached from every machine). */
  standin?: SourceStandin;
}

/** `<source>.<role>`: the stage's name in logs, metrics and spans, and the suffix of its consumer group. */
export function stageName(source: SourceDefinition, role: Role): string {
  return `${source.name}.${role}`;
}

/** Checks a list of sources once at start-up: unique names, one stage per role, inputs among the source's topics. */
export function validateSources(sources: readonly SourceDefinition[]): void {
  const names = new Set<string>();
  for (const s of sources) {
    if (!/^[a-z][a-z0-9-]*$/.test(s.name)) throw new Error(`source name "${s.name}" must be lower-case letters, digits and dashes`);
    if (names.has(s.name)) throw new Error(`source "${s.name}" is declared twice`);
    names.add(s.name);
    const topics = new Set(s.topics.map((t) => t.name));
    const seen = new Set<Role>();
    for (const st of s.stages) {
      if (seen.has(st.role)) throw new Error(`source "${s.name}" declares two ${st.role} stages`);
      seen.add(st.role);
      if (!topics.has(st.input)) throw new Error(`source "${s.name}": the ${st.role} stage reads "${st.input}", which is not one of its topics (${[...topics].join(', ')})`);
    }
  }
}
