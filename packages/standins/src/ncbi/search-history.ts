import { randomUUID } from 'node:crypto';

/** esearch usehistory=y results, so efetch can page through them by WebEnv + query_key. */
export class SearchHistory {
  private readonly envs = new Map<string, string[][]>();

  /** Stores the full id list of a search; returns its WebEnv and query_key. */
  store(ids: string[], webEnv?: string): { webEnv: string; queryKey: string } {
    const env = webEnv && this.envs.has(webEnv) ? webEnv : `MCID_${randomUUID().replace(/-/g, '')}`;
    const searches = this.envs.get(env) ?? [];
    searches.push(ids);
    this.envs.set(env, searches);
    return { webEnv: env, queryKey: String(searches.length) };
  }

  lookup(webEnv: string, queryKey: string): string[] | undefined {
    return this.envs.get(webEnv)?.[Number(queryKey) - 1];
  }
}
