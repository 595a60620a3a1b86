import type { SourceMigrations } from '@strand/db';
import type { SourceDefinition } from './source.js';

/** The migrations folders of the sources that have tables of their own (SourceDefinition.migrationsDir). */
export function sourceMigrationsOf(sources: readonly SourceDefinition[]): SourceMigrations[] {
  return sources.filter((s) => s.migrationsDir).map((s) => ({ source: s.name, dir: s.migrationsDir! }));
}
