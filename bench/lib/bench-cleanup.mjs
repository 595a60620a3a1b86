// Removal of what one benchmark run made: Kafka topics and consumer groups under its topic
// prefixes, their registry subjects, its Postgres schemas and its folders. Same steps as
// test/stack-cleanup.ts (which is TypeScript outside every package, so not importable from here),
// limited to the exact prefixes and schemas this run created.
import { rmSync, existsSync } from 'node:fs';

const belongs = (name, prefixes) => prefixes.some((p) => name.startsWith(`${p}.`) || name.startsWith(`${p}-`));

/** What a run created, to remove in a finally block (idempotent: a second call removes whatever the first could not). */
export class BenchArtifacts {
  constructor() {
    this.prefixes = new Set();
    this.schemas = new Set();
    this.paths = new Set();
  }

  /**
   * Deletes the consumer groups, topics and registry subjects (`<topic>-value`) of `prefixes`, drops
   * `schemas`, removes `paths`. Run it after the services are stopped (a group with members is not
   * deleted). Each step runs even if an earlier one failed; the errors are returned.
   */
  async remove({ runtime, db, config, prefixes = [...this.prefixes], schemas = [...this.schemas], paths = [...this.paths] }) {
    const errors = [];
    const step = async (what, fn) => {
      try {
        await fn();
      } catch (err) {
        errors.push(`${what}: ${err?.message ?? err}`);
      }
    };
    if (prefixes.length > 0) {
      const admin = await runtime.connectAdmin(runtime.createKafka(config, runtime.createLogger('error'), 'bench-cleanup'), config);
      try {
        await step('delete consumer groups', async () => {
          // Every stage group is `<prefix>.<source>.<role>` (stageGroups()); the broker lists those that exist.
          // A group whose member has not left yet (a consumer stopped without LeaveGroup stays until its
          // session times out) is NON_EMPTY_GROUP: retry those for up to 40 s.
          const deadline = Date.now() + 40_000;
          for (;;) {
            const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => belongs(g, prefixes));
            if (groups.length === 0) return;
            try {
              await admin.deleteGroups(groups);
              return;
            } catch (err) {
              const failed = (err.groups ?? []).filter((g) => g.errorCode !== 0);
              const why = failed.map((g) => `${g.groupId}: ${g.error?.type ?? g.errorCode}`).join(', ') || err.message;
              const passing = failed.every((g) => g.error?.type === 'NON_EMPTY_GROUP' || g.error?.type === 'GROUP_ID_NOT_FOUND');
              if (Date.now() > deadline || !passing) throw new Error(why);
              await new Promise((r) => setTimeout(r, 1000));
            }
          }
        });
        await step('delete topics', async () => {
          const topics = (await admin.listTopics()).filter((t) => belongs(t, prefixes));
          for (let i = 0; i < topics.length; i += 100) await admin.deleteTopics({ topics: topics.slice(i, i + 100), timeout: 30_000 });
        });
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
      await step('delete registry subjects', async () => {
        const subjects = await (await fetch(`${config.registryUrl}/subjects`)).json();
        for (const subject of subjects.filter((s) => belongs(s, prefixes))) {
          const url = `${config.registryUrl}/subjects/${encodeURIComponent(subject)}`;
          await fetch(url, { method: 'DELETE' });
          await fetch(`${url}?permanent=true`, { method: 'DELETE' });
        }
      });
    }
    if (schemas.length > 0) {
      await step('drop schemas', async () => {
        const pool = await db.connectPool(config, { max: 1 });
        try {
          for (const schema of schemas) await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        } finally {
          await pool.end();
        }
      });
    }
    for (const path of paths) await step(`remove ${path}`, async () => rmSync(path, { recursive: true, force: true }));
    return errors;
  }
}

/** What is left under `prefixes` and `schemas` and at `paths`: topics, groups, subjects, schemas, paths (all empty when clean). */
export async function leftovers({ runtime, config, db, prefixes, schemas, paths }) {
  const admin = await runtime.connectAdmin(runtime.createKafka(config, runtime.createLogger('error'), 'bench-check'), config);
  let topics;
  let groups;
  try {
    topics = (await admin.listTopics()).filter((t) => belongs(t, prefixes));
    groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => belongs(g, prefixes));
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
  // GET /subjects lists live subjects; ?deleted=true adds soft-deleted ones (a permanent delete that failed).
  const listed = await Promise.all(['', '?deleted=true'].map(async (q) => (await (await fetch(`${config.registryUrl}/subjects${q}`)).json())));
  const subjects = [...new Set(listed.flat())].filter((s) => belongs(s, prefixes));
  const pool = await db.connectPool(config, { max: 1 });
  let leftSchemas;
  try {
    const { rows } = await pool.query('SELECT schema_name AS name FROM information_schema.schemata WHERE schema_name = ANY($1)', [schemas]);
    leftSchemas = rows.map((r) => r.name);
  } finally {
    await pool.end();
  }
  return { topics, groups, subjects, schemas: leftSchemas, paths: paths.filter((p) => existsSync(p)) };
}
