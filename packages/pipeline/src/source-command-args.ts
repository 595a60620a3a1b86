import { parseArgs } from 'node:util';
import type { SourceCommandOption } from './source.js';

/** The values of a source verb's options as parsed: a string, a list (`multiple`), or true for a flag given. */
export type SourceArgValues = Record<string, string | string[] | boolean | undefined>;

/**
 * Reads a source verb's arguments by its declared options (the same list `strand` builds the
 * verb's help from), so the declaration is the one place an option is named. Unknown options and
 * missing values throw node's ERR_PARSE_ARGS_* errors, which `strand` reports as usage errors.
 */
export function parseSourceArgs(options: readonly SourceCommandOption[], args: string[]): SourceArgValues {
  const spec = Object.fromEntries(options.map((o) => [o.name, {
    type: o.value === undefined ? 'boolean' as const : 'string' as const,
    ...(o.multiple ? { multiple: true } : {}),
    ...(o.default !== undefined ? { default: o.multiple ? [o.default] : o.default } : {}),
  }]));
  return parseArgs({ args, options: spec, allowPositionals: false, strict: true }).values as SourceArgValues;
}
