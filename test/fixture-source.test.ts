import { fileURLToPath } from 'node:url';
import { describe, it, expect, afterAll } from 'vitest';
import type pg from 'pg';
import { connectPool } from '@strand/db';
import { roles } from '@strand/pipeline';
import { isolatedConfig, spawnServices, runCli, readTopic, type ServiceProcesses } from './helpers.js';

/** The fixture source's module and the list that registers it: both live only in test/fixture-source/. */
const fixtureList = fileURLToPath(new URL('./fixture-source/sources.mjs', import.meta.url));

describe('a source declared outside the built-in list (test/fixture-source)', () => {
  const config = isolatedConfig({ STRAND_SOURCES_MODULE: fixtureList });
  let services: ServiceProcesses | undefined;
  let pool: pg.Pool | undefined;
  afterAll(async () => {
    await services?.stop();
    if (pool) {
      await pool.query(`DROP SCHEMA IF EXISTS ${config.dbSchema} CASCADE`);
      await pool.end();
    }
  });

  it('runs end to end through the four real services: its CLI fetch verb, its stages, its own table, lag and dead letters', async () => {
    services = spawnServices(config, roles);
    const hello = await runCli(['fetch', 'greetings', '--word', 'hello', '--count', '25', '--wait'], config);
    expect(hello.code, hello.stderr).toBe(0);
    // A poison fetch request and two poison records, then a good request: the bad ones are dead-lettered, the good one lands.
    for (const word of ['poison', 'bad', 'after']) {
      const r = await runCli(['fetch', 'greetings', '--word', word, '--count', word === 'bad' ? '2' : '3', '--wait'], config);
      expect(r.code, r.stderr).toBe(0);
    }
    pool = await connectPool(config);
    const { rows } = await pool.query<{ text: string; upper: string; length: number }>('SELECT text, upper, length FROM greetings ORDER BY text');
    expect(rows).toHaveLength(28);
    expect(rows.filter((r) => r.text.startsWith('hello'))).toHaveLength(25);
    expect(rows.filter((r) => r.text.startsWith('after'))).toHaveLength(3);
    expect(rows.find((r) => r.text === 'hello #7')).toEqual({ text: 'hello #7', upper: 'HELLO #7', length: 8 });

    const dead = await readTopic<{ stage: string; errorCode: string; reason: string }>(config, `${config.topicPrefix}.dlq`, 3);
    expect(dead.map((d) => `${d.value.stage} ${d.value.errorCode}`).sort()).toEqual([
      'greetings.fetcher INPUT_INVALID', 'greetings.parser RECORD_INVALID', 'greetings.parser RECORD_INVALID',
    ]);

    const lag = await runCli(['lag'], config);
    expect(lag.code, lag.stderr).toBe(0);
    for (const source of ['greetings', 'genbank', 'pubchem']) for (const role of roles) expect(lag.stdout).toContain(`${config.topicPrefix}.${source}.${role}`);
    expect(services.children.every((c) => c.child.exitCode === null)).toBe(true);
  });
});
