import { loadConfig, createKafka, createLogger, connectAdmin } from '@strand/runtime';

/** Prefixes the tests give their topics, groups and subjects: `test-<8 hex>`, `runner-<8 hex>`, `legacy-<8 hex>`. */
export const testPrefix = /^(test|runner|legacy)-[0-9a-f]{8}[.-]/;

/**
 * Deletes the Kafka topics, consumer groups and registry subjects the tests made, so the local
 * broker does not accumulate thousands of partitions run after run (each slows the next).
 */
export async function removeTestArtifacts(log: (line: string) => void): Promise<void> {
  const config = loadConfig();
  const admin = await connectAdmin(createKafka(config, createLogger('error'), 'test-cleanup'), config);
  try {
    const topics = (await admin.listTopics()).filter((t) => testPrefix.test(t));
    for (let i = 0; i < topics.length; i += 100) await admin.deleteTopics({ topics: topics.slice(i, i + 100), timeout: 30_000 });
    const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => testPrefix.test(g));
    for (let i = 0; i < groups.length; i += 100) await admin.deleteGroups(groups.slice(i, i + 100)).catch(() => undefined); // a group still in use stays
    log(`removed ${topics.length} test topics and ${groups.length} test consumer groups`);
  } finally {
    await admin.disconnect();
  }
  const subjects = (await (await fetch(`${config.registryUrl}/subjects`)).json()) as string[];
  let removed = 0;
  for (const subject of subjects.filter((s) => testPrefix.test(s))) {
    const url = `${config.registryUrl}/subjects/${encodeURIComponent(subject)}`;
    if ((await fetch(url, { method: 'DELETE' })).ok) removed++;
    await fetch(`${url}?permanent=true`, { method: 'DELETE' });
  }
  log(`removed ${removed} test registry subjects`);
  // Postgres schemas a test left behind (a service it started migrated one after the test's own cleanup, say).
  const { connectPool } = await import('@strand/db');
  const pool = await connectPool(config);
  try {
    const { rows } = await pool.query<{ name: string }>("SELECT schema_name AS name FROM information_schema.schemata WHERE schema_name ~ '^(test|payloads)_[0-9a-f]{8}$'");
    for (const { name } of rows) await pool.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
    log(`removed ${rows.length} test Postgres schemas`);
    // The roles `migrate` made for them (<schema>_owner, _writer, _reader; docs/security.md), unless a schema of theirs is still there.
    const { rows: roles } = await pool.query<{ name: string }>(
      "SELECT rolname AS name FROM pg_roles WHERE rolname ~ '^(test|payloads)_[0-9a-f]{8}_(owner|writer|reader)$' AND NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = substring(rolname from '^(.*)_[a-z]+$'))",
    );
    for (const { name } of roles) {
      await pool.query(`DROP OWNED BY "${name}"`).then(() => pool.query(`DROP ROLE IF EXISTS "${name}"`)).catch(() => undefined); // in use by a running test: the next cleanup
    }
    log(`removed ${roles.length} test Postgres roles`);
  } finally {
    await pool.end();
  }
}
