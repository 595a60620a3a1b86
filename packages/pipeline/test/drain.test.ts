import type { Admin } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { StrandError } from '@strand/runtime';
import { waitForDrain, type DrainStep } from '../src/drain.js';

/** An admin whose group commits one more message per poll, failing on the polls listed. */
function fakeAdmin(opts: { end: number; committedAt: (poll: number) => number; failOn?: Map<number, unknown> }): Admin & { polls: number } {
  const admin = {
    polls: 0,
    async fetchTopicOffsets() {
      admin.polls++;
      const failure = opts.failOn?.get(admin.polls);
      if (failure !== undefined) throw failure;
      return [{ partition: 0, offset: String(opts.end), high: String(opts.end), low: '0' }];
    },
    async fetchOffsets() {
      return [{ topic: 't', partitions: [{ partition: 0, offset: String(opts.committedAt(admin.polls)), metadata: null }] }];
    },
  };
  return admin as unknown as Admin & { polls: number };
}

const step: DrainStep = { groupId: 'g', topic: 't' };

describe('waitForDrain', () => {
  it('polls until the group has committed everything, reporting the lag it waits for', async () => {
    const admin = fakeAdmin({ end: 3, committedAt: (poll) => poll });
    const seen: bigint[] = [];
    await waitForDrain(admin, [step], { timeoutMs: 10_000, pollMs: 5, onWait: (_, lag) => seen.push(lag) });
    expect(admin.polls).toBe(3);
    expect(seen).toEqual([2n, 1n]);
  });

  it('rides out retriable errors (a coordinator moving) and throws a non-retriable one at once', async () => {
    const moving = new StrandError('KAFKA_UNAVAILABLE', 'coordinator loading');
    const admin = fakeAdmin({ end: 1, committedAt: () => 1, failOn: new Map([[1, moving], [2, moving]]) });
    await waitForDrain(admin, [step], { timeoutMs: 10_000, pollMs: 5 });
    expect(admin.polls).toBe(3);
    const refused = fakeAdmin({ end: 1, committedAt: () => 1, failOn: new Map([[1, new StrandError('KAFKA_REJECTED', 'no')]]) });
    await expect(waitForDrain(refused, [step], { timeoutMs: 10_000, pollMs: 5 })).rejects.toMatchObject({ code: 'KAFKA_REJECTED' });
    expect(refused.polls).toBe(1);
  });

  it('throws TIMEOUT naming the group and its lag at the deadline', async () => {
    const admin = fakeAdmin({ end: 5, committedAt: () => 2 });
    await expect(waitForDrain(admin, [step], { timeoutMs: 50, pollMs: 10 })).rejects.toMatchObject({
      code: 'TIMEOUT',
      message: 'Timed out waiting for group g on t: 3 messages still unprocessed',
    });
  });
});
