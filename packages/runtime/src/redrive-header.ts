import type { IHeaders } from 'kafkajs';

/**
 * How many times a record was sent back from the dead-letter topic (`strand dlq redrive`). The
 * redriven message carries it; the runner copies it onto the record's next dead letter, so a record
 * that is still broken stops at the redrive limit instead of looping.
 */
export const redriveCountHeader = 'strand-redrive-count';

export function redriveCount(headers: IHeaders | undefined): number {
  const v = headers?.[redriveCountHeader];
  const one = Array.isArray(v) ? v[0] : v;
  const n = one === undefined ? 0 : Number(one.toString());
  return Number.isInteger(n) && n > 0 ? n : 0;
}
