import { fileURLToPath } from 'node:url';
import { describe, it, expect, afterAll } from 'vitest';
import type pg from 'pg';
import { connectPool } from '@strand/db';
import { roles } from '@strand/pipeline';
import { isolatedConfig, spawnServices, runCli, readTopic, type ServiceProcesses } from './helpers.js';

const fixtureList = fileURLToPath(new URL('./fixture-source/sources.mjs', import.meta.url));
const until = async (what: string, check: () => Promise<boolean>, ms = 120_000) => {
  for (const end = Date.now() + ms; Date.now() < end;) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`gave up waiting: ${what}`);
};

describe('strand dlq list|show|redrive (real services, fixture source)', () => {
  const config = isolatedConfig({ STRAND_SOURCES_MODULE: fixtureList });
  const running: ServiceProcesses[] = [];
  let pool: pg.Pool | undefined;
  afterAll(async () => {
    for (const s of running) await s.stop();
    if (pool) {
      await pool.query(`DROP SCHEMA IF EXISTS ${config.dbSchema} CASCADE`);
      await pool.end();
    }
  });
  const dlqCount = async () => (await runCli(['dlq', 'list', '--limit', '1000'], config)).stdout.trim().split('\n').filter(Boolean).length;

  it('redrives a record whose bug was fixed into Postgres exactly once, stops a still-broken one at the limit, and a dry run sends nothing', async () => {
    const services = spawnServices(config, roles);
    running.push(services);
    for (const [word, count] of [['good', 2], ['bad', 2], ['awful', 1]] as const) {
      const r = await runCli(['fetch', 'greetings', '--word', word, '--count', String(count), '--wait'], config);
      expect(r.code, r.stderr).toBe(0);
    }
    pool = await connectPool(config);
    const texts = async () => (await pool!.query<{ text: string }>('SELECT text FROM greetings ORDER BY text')).rows.map((r) => r.text);
    expect(await texts()).toEqual(['good #1', 'good #2']);
    await until('3 dead letters', async () => (await dlqCount()) === 3);

    const listed = (await runCli(['dlq', 'list', '--stage', 'greetings.parser', '--code', 'RECORD_INVALID'], config)).stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(listed.map((d) => d.key).sort()).toEqual(expect.arrayContaining([expect.stringMatching(/:1$/)]));
    expect(listed).toHaveLength(3);
    const shown = await runCli(['dlq', 'show', listed[0].dlq], config);
    expect(shown.code, shown.stderr).toBe(0);
    expect(JSON.parse(shown.stdout).original).toMatchObject({ id: listed[0].key, text: expect.stringMatching(/^(bad|awful) #\d$/) });

    // A dry run sends nothing.
    const dry = await runCli(['dlq', 'redrive', '--stage', 'greetings.parser'], config);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stderr).toContain('dry run: 3 to redrive, 0 refused');

    // The parser's bug is fixed (a new version deployed): "bad" greetings now parse, "awful" still fails.
    await services.stop();
    const fixed = spawnServices(config, roles, { GREETINGS_FIXED: '1' });
    running.push(fixed);
    const since = new Date(Date.now() - 3_600_000).toISOString();
    const first = await runCli(['dlq', 'redrive', '--stage', 'greetings.parser', '--since', since, '--execute'], config);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain('redrove 3 record(s)');
    await until('the 2 fixed greetings in Postgres', async () => (await texts()).length === 4);
    expect(await texts()).toEqual(['bad #1', 'bad #2', 'good #1', 'good #2']);
    await until('the still-broken record dead-lettered again', async () => (await dlqCount()) === 4);
    const again = await readTopic<{ stage: string; key: string }>(config, `${config.topicPrefix}.dlq`, 4);
    expect(again.filter((d) => d.value.key.startsWith('awful') || d.key?.includes(':'))).toHaveLength(4);

    // Redriving everything again: the originals go back (the sink already holds them: still once each), and the
    // still-broken one, now redriven once, is refused at --max-redrives 1 (exit 1: not everything was sent).
    const second = await runCli(['dlq', 'redrive', '--stage', 'greetings.parser', '--max-redrives', '1', '--execute'], config);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/refused \d+:\d+ \(greetings.parser RECORD_INVALID, key [^)]+\): already redriven 1 time\(s\), the limit \(--max-redrives, STRAND_DLQ_MAX_REDRIVES\) is 1/);
    expect(second.stderr).toContain('redrove 3 record(s); refused 1');
    await until('the third round drained', async () => (await dlqCount()) === 5);
    const { rows } = await pool.query<{ id: string; n: string }>('SELECT id, count(*) AS n FROM greetings GROUP BY id HAVING count(*) > 1');
    expect(rows).toEqual([]);
    expect(await texts()).toEqual(['bad #1', 'bad #2', 'good #1', 'good #2']);
  });

  it('answers --help with every subcommand and filter, and refuses bad usage with exit code 2', async () => {
    const help = await runCli(['dlq', '--help'], config);
    expect(help.code).toBe(0);
    for (const word of ['list', 'show', 'redrive', '--stage', '--code', '--since', '--until', '--execute', '--max-redrives']) expect(help.stdout).toContain(word);
    const bad = await runCli(['dlq', 'redrive', '--since', 'yesterday'], config);
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining('--since must be an ISO-8601 time')]);
    const show = await runCli(['dlq', 'show', 'x'], config);
    expect(show.code).toBe(2);
  });
});
