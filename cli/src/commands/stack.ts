import type { Command } from 'commander';
import { stackUp, stackDown, stackStatus } from '@strand/stack';
import { loadConfig, redact } from '@strand/runtime';
import { note, writeOut } from '../output.js';
import { action, examples, jsonOption } from '../command-kit.js';

/** `strand stack up|down|status`: the local Kafka, schema registry, PostgreSQL and Redis. */
export function register(program: Command): void {
  const stack = program.command('stack').description('the local Kafka, schema registry, PostgreSQL and Redis (on 127.0.0.1)');
  examples(stack, ['strand stack up', 'strand stack status --json', 'strand stack down']);

  examples(stack.command('up').description('start what is not running (the first run downloads Kafka and Apicurio from Maven Central)')
    .option('--observability', 'also start Prometheus (Debian\'s package, scraping the services of `strand demo` on ports 9464-9467) and Zipkin (traces; a Maven Central jar)'),
  ['strand stack up', 'strand stack up --observability   # then: Prometheus at STRAND_PROMETHEUS_URL, Zipkin at STRAND_ZIPKIN_URL'])
    .action(action(async (opts: { observability?: boolean }) => {
      for (const line of await stackUp({ config: loadConfig(), log: (l) => note(`  ${l}`), observability: opts.observability === true })) note(line);
      return 0;
    }));

  examples(stack.command('down').description('stop the components `stack up` started (data stays in the state folder)'), ['strand stack down'])
    .action(action(async () => {
      for (const line of await stackDown({ config: loadConfig() })) note(line);
      return 0;
    }));

  examples(stack.command('status').description('whether each component answers; exit 1 if a required one does not (Prometheus and Zipkin are optional)').addOption(jsonOption()), ['strand stack status', 'strand stack status --json'])
    .action(action(async (opts: { json?: boolean }) => {
      const statuses = await stackStatus({ config: loadConfig() });
      if (opts.json) await writeOut(`${JSON.stringify(statuses.map((s) => ({ ...s, address: redact(s.address) })))}\n`);
      else for (const s of statuses) await writeOut(`${s.name.padEnd(16)} ${s.up ? 'up  ' : s.optional ? 'off ' : 'DOWN'}  ${redact(s.address)}${s.optional && !s.up ? '  (optional: stack up --observability)' : ''}\n`);
      return statuses.every((s) => s.up || s.optional) ? 0 : 1;
    }));
}
