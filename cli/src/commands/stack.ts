import { stackUp, stackDown, stackStatus } from '@strand/stack';
import { loadConfig, redact } from '@strand/runtime';
import { note, UsageError } from '../output.js';

export async function stackCommand(args: string[]): Promise<number> {
  const config = loadConfig();
  switch (args[0]) {
    case 'up':
      for (const line of await stackUp({ config, log: (l) => note(`  ${l}`) })) note(line);
      return 0;
    case 'down':
      for (const line of await stackDown({ config })) note(line);
      return 0;
    case 'status': {
      const statuses = await stackStatus({ config });
      for (const s of statuses) process.stdout.write(`${s.name.padEnd(16)} ${s.up ? 'up  ' : 'DOWN'}  ${redact(s.address)}\n`);
      return statuses.every((s) => s.up) ? 0 : 1;
    }
    default:
      throw new UsageError('usage: strand stack up|down|status');
  }
}
