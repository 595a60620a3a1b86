import { StrandError, sleep, type StrandConfig } from '@strand/runtime';
import { isPortOpen } from './ports.js';
import { runToCompletion } from './processes.js';

type Log = (line: string) => void;

function address(config: StrandConfig): { host: string; port: number } {
  const url = new URL(config.redisUrl);
  return { host: url.hostname, port: Number(url.port || 6379) };
}

export async function redisAnswers(config: StrandConfig): Promise<boolean> {
  const { host, port } = address(config);
  return isPortOpen(host, port);
}

/** Makes sure Redis answers, starting a local redis-server (no persistence) when it is down. */
export async function redisUp(config: StrandConfig, log: Log): Promise<string> {
  const { host, port } = address(config);
  if (!(await isPortOpen(host, port))) {
    if (host !== '127.0.0.1' && host !== 'localhost') throw new StrandError('STACK_FAILED', `Redis at ${host}:${port} is unreachable`);
    log(`starting redis-server on ${host}:${port}`);
    try {
      await runToCompletion('redis-server', ['--daemonize', 'yes', '--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no']);
    } catch (err) {
      throw new StrandError('STACK_FAILED', `Redis is not running at ${host}:${port} and redis-server could not start it (apt-get install redis-server): ${(err as Error).message}`);
    }
    for (let i = 0; i < 40 && !(await isPortOpen(host, port)); i++) await sleep(250);
    if (!(await isPortOpen(host, port))) throw new StrandError('STACK_FAILED', `redis-server started but ${host}:${port} does not answer`);
  }
  return `Redis up at ${host}:${port}`;
}
