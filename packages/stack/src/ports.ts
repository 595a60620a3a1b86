import { createConnection } from 'node:net';

/** Whether something accepts TCP connections at host:port (within `timeoutMs`). */
export function isPortOpen(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (open: boolean) => { socket.destroy(); resolve(open); };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export function hostPort(address: string, defaultPort: number): { host: string; port: number } {
  const [host, port] = address.split(':');
  return { host: host || '127.0.0.1', port: port ? Number(port) : defaultPort };
}

/** Whether an HTTP endpoint answers 2xx within 3 s (a closed port is a quick false). */
export async function httpAnswers(url: string): Promise<boolean> {
  const u = new URL(url);
  if (!(await isPortOpen(u.hostname, Number(u.port || (u.protocol === 'https:' ? 443 : 80))))) return false;
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(3000) })).ok;
  } catch {
    return false;
  }
}
