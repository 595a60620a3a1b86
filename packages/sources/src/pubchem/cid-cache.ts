import type { Redis } from 'ioredis';
import { StrandError, dependencyErrorCode } from '@strand/runtime';
import { upstreamInstruments } from '@strand/resilience';
import type { PubchemPayloadFormat } from '@strand/pipeline';

export interface CidCacheOptions {
  /** Key prefix; instances that should share cached payloads use the same one. */
  prefix: string;
  /** How long a payload stays cached (PubChem records change rarely). */
  ttlSeconds: number;
}

/**
 * Per-CID payloads in Redis, read with one MGET per batch and written with one pipeline of
 * SET ... EX per batch, so a CID fetched once costs no PubChem request until its TTL runs out.
 * Redis failures are retriable (the request is retried, not dead-lettered).
 */
export class CidCache {
  constructor(private readonly redis: Redis, private readonly opts: CidCacheOptions) {}

  key(format: PubchemPayloadFormat, cid: number): string {
    return `${this.opts.prefix}:${format}:${cid}`;
  }

  /** The cached payloads among `cids` (one MGET). */
  async getMany(format: PubchemPayloadFormat, cids: number[]): Promise<Map<number, string>> {
    const found = new Map<number, string>();
    if (cids.length === 0) return found;
    const values = await this.call('MGET', () => this.redis.mget(cids.map((cid) => this.key(format, cid))));
    values.forEach((value, i) => { if (value !== null) found.set(cids[i]!, value); });
    const { cacheLookups } = upstreamInstruments();
    // Both series from the first lookup on (a hit ratio needs both), at 0 until counted.
    cacheLookups.add(found.size, { service: 'pubchem', format, result: 'hit' });
    cacheLookups.add(cids.length - found.size, { service: 'pubchem', format, result: 'miss' });
    return found;
  }

  /** Stores payloads (one pipeline of SET EX). */
  async setMany(format: PubchemPayloadFormat, payloads: Map<number, string>): Promise<void> {
    if (payloads.size === 0) return;
    const pipeline = this.redis.pipeline();
    for (const [cid, text] of payloads) pipeline.set(this.key(format, cid), text, 'EX', this.opts.ttlSeconds);
    const results = await this.call('SET pipeline', () => pipeline.exec());
    const failed = (results ?? []).find(([err]) => err);
    if (failed) throw new StrandError(dependencyErrorCode(failed[0], 'REDIS_UNREACHABLE'), `PubChem cache: SET failed: ${(failed[0] as Error).message}`, { cause: failed[0] });
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw new StrandError(dependencyErrorCode(err, 'REDIS_UNREACHABLE'), `PubChem cache: ${what} failed: ${(err as Error).message}`, { cause: err });
    }
  }
}
