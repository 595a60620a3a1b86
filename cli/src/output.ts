import { once } from 'node:events';

/** Writes to stdout respecting backpressure (await when the pipe is full). */
export async function writeOut(text: string): Promise<void> {
  if (!process.stdout.write(text)) await once(process.stdout, 'drain');
}

/** Progress and notes go to stderr so stdout stays machine-readable. */
export function note(line: string): void {
  process.stderr.write(`${line}\n`);
}

export class UsageError extends Error {
  readonly code = 'USAGE';
}
