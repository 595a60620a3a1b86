import { StrandError } from './errors.js';

/** Runs `work` and fails with a StrandError of `code` naming `what` if it has not settled within `ms`. */
export async function withDeadline<T>(work: Promise<T>, ms: number, code: string, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StrandError(code, `${what}: no answer within ${Math.round(ms / 1000)} s`, { retriable: true })), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
  });
}
