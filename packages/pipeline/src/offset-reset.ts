import type { Admin } from 'kafkajs';
import { StrandError } from '@strand/runtime';

/** Where `strand offsets reset` moves a group's committed offsets (the modes of kafka-consumer-groups --reset-offsets). */
export type ResetTarget =
  | { kind: 'earliest' }
  | { kind: 'latest' }
  | { kind: 'datetime'; at: number }
  | { kind: 'duration'; ms: number }
  | { kind: 'offset'; offset: bigint }
  | { kind: 'shift'; by: bigint };

/** One partition: its committed offset (null: none yet), its log start and end, and the offset it moves to. */
export interface PartitionOffsets {
  partition: number;
  committed: bigint | null;
  earliest: bigint;
  latest: bigint;
  target: bigint;
}

const clamp = (v: bigint, lo: bigint, hi: bigint): bigint => (v < lo ? lo : v > hi ? hi : v);

/** The group's committed offset, log start and log end of every partition of `topic` (or of `partitions`). */
export async function currentOffsets(admin: Admin, groupId: string, topic: string, partitions?: readonly number[]): Promise<Omit<PartitionOffsets, 'target'>[]> {
  const ends = await admin.fetchTopicOffsets(topic);
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  const byPartition = new Map((committed?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]));
  const known = new Set(ends.map((e) => e.partition));
  for (const p of partitions ?? []) {
    if (!known.has(p)) throw new StrandError('CONFIG_INVALID', `${topic} has no partition ${p} (it has ${[...known].sort((a, b) => a - b).join(', ')})`);
  }
  return ends
    .filter((e) => !partitions || partitions.includes(e.partition))
    .sort((a, b) => a.partition - b.partition)
    .map((e) => {
      const c = byPartition.get(e.partition);
      return { partition: e.partition, committed: c === undefined || c < 0n ? null : c, earliest: BigInt(e.low), latest: BigInt(e.high) };
    });
}

/**
 * The offsets a reset would commit, per partition, always within [log start, log end]: a time
 * after the last message gives the log end; a shift moves from the committed offset (from the log
 * start when nothing is committed).
 */
export async function planReset(admin: Admin, groupId: string, topic: string, target: ResetTarget, partitions?: readonly number[], now = Date.now()): Promise<PartitionOffsets[]> {
  const current = await currentOffsets(admin, groupId, topic, partitions);
  let byTime: Map<number, bigint> | undefined;
  if (target.kind === 'datetime' || target.kind === 'duration') {
    const at = target.kind === 'datetime' ? target.at : now - target.ms;
    byTime = new Map((await admin.fetchTopicOffsetsByTimestamp(topic, at)).map((o) => [o.partition, BigInt(o.offset)]));
  }
  return current.map((p) => {
    let target_: bigint;
    switch (target.kind) {
      case 'earliest': target_ = p.earliest; break;
      case 'latest': target_ = p.latest; break;
      case 'offset': target_ = target.offset; break;
      case 'shift': target_ = (p.committed ?? p.earliest) + target.by; break;
      default: {
        const found = byTime!.get(p.partition);
        target_ = found === undefined || found < 0n ? p.latest : found;
      }
    }
    return { ...p, target: clamp(target_, p.earliest, p.latest) };
  });
}

/** Refuses (GROUP_ACTIVE, naming the members) while the group has live members: Kafka will not move an active group's offsets. */
export async function assertGroupIdle(admin: Admin, groupId: string, what: string): Promise<void> {
  const { groups } = await admin.describeGroups([groupId]);
  const members = groups[0]?.members ?? [];
  if (members.length === 0) return;
  const names = members.map((m) => `${m.clientId}@${m.clientHost.replace(/^\//, '')} (${m.memberId})`).join(', ');
  throw new StrandError('GROUP_ACTIVE', `Consumer group ${groupId} has ${members.length} live member(s): ${names}; stop the ${what} service(s) first (Kafka refuses to move an active group's offsets)`);
}

/** Commits the planned offsets for the group. */
export async function applyReset(admin: Admin, groupId: string, topic: string, plan: readonly PartitionOffsets[]): Promise<void> {
  await admin.setOffsets({ groupId, topic, partitions: plan.map((p) => ({ partition: p.partition, offset: p.target.toString() })) });
}

/** A duration as ISO 8601 (PT15M, P1DT2H) or short form (90s, 15m, 2h, 7d), in milliseconds; undefined when it is neither. */
export function parseDuration(text: string): number | undefined {
  const short = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(text.trim());
  if (short) return Number(short[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[short[2] as 'ms' | 's' | 'm' | 'h' | 'd'];
  const iso = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(text.trim());
  if (!iso || text.trim().toUpperCase() === 'P' || /T$/i.test(text.trim())) return undefined;
  const [, d, h, m, s] = iso;
  return (Number(d ?? 0) * 86_400 + Number(h ?? 0) * 3_600 + Number(m ?? 0) * 60 + Number(s ?? 0)) * 1000;
}
