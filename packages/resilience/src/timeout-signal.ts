import { TimeoutError } from './errors.js';

/**
 * A signal that aborts after `ms` with a retriable TimeoutError, or earlier when `parent` aborts
 * (with the parent's reason). Use one per request attempt. The timer is unref'd, so it never keeps
 * the process alive.
 */
export function timeoutSignal(ms: number, parent?: AbortSignal, what = 'request'): AbortSignal {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new TimeoutError(what, ms)), ms);
  timer.unref();
  return parent === undefined ? controller.signal : AbortSignal.any([controller.signal, parent]);
}
