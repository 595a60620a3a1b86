import { once } from 'node:events';

/** Writes to stdout respecting backpressure (await when the pipe is full). */
export async function writeOut(text: string): Promise<void> {
  if (!process.stdout.write(text)) await once(process.stdout, 'drain');
}

export { note, UsageError } from '@strand/pipeline';
