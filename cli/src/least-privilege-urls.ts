import { connectPool, strandRoles } from '@strand/db';
import type { StrandConfig } from '@strand/runtime';

/**
 * The database URLs of the schema's writer and reader roles (docs/security.md), as the configured
 * URL with only the user changed and no password, when such a login works (a local PostgreSQL with
 * trust or peer authentication, as `strand stack up` uses); null for a role that cannot log in
 * so, and for one the configured URLs already name. `strand demo` runs its services and reads its
 * counts with them, so the demo shows least privilege at work.
 */
export async function leastPrivilegeUrls(config: StrandConfig): Promise<{ writer: string | null; reader: string | null }> {
  const roles = strandRoles(config.dbSchema);
  const tryRole = async (role: string, configured: string | null): Promise<string | null> => {
    if (configured && decodeURIComponent(new URL(configured).username) === role) return null;
    const url = new URL(config.databaseUrl);
    url.username = role;
    url.password = '';
    try {
      const pool = await connectPool({ ...config, databaseUrl: url.toString(), connectTimeoutMs: 3000 }, { max: 1, name: 'demo-probe' });
      await pool.end();
      return url.toString();
    } catch {
      return null;
    }
  };
  return { writer: await tryRole(roles.writer, config.databaseUrl), reader: await tryRole(roles.reader, config.databaseReaderUrl) };
}
