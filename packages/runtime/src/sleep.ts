/**
 * The one sleep: resolves after `ms`, or rejects with the signal's reason as soon as `signal`
 * aborts (at once if it already has). Rejecting, not resolving early, is deliberate: code after
 * an aborted wait must not carry on as if the time had passed, and the abort reason (e.g. a
 * STOPPING error or a membership error) says why it stopped. The timer keeps the process alive
 * while it runs, as any pending work does.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
