import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Redis } from 'ioredis';
import { startNcbiStandin, type NcbiStandin } from '@strand/standins';
import { EutilsClient } from '../../src/genbank/eutils-client.js';

const testData = (p: string) => fileURLToPath(new URL(`../../../../test-data/${p}`, import.meta.url));
const redis = new Redis(process.env.STRAND_REDIS_URL ?? 'redis://127.0.0.1:6379');
const budgetKey = `test-eutils-${randomBytes(4).toString('hex')}`;
let ncbi: NcbiStandin;

beforeAll(async () => { ncbi = await startNcbiStandin({ dataDir: testData('genbank') }); });
afterAll(async () => {
  await ncbi?.close();
  const keys = await redis.keys(`strand:ratelimit:{${budgetKey}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

const readAll = async (stream: AsyncIterable<Buffer | Uint8Array>) => {
  let bytes = 0;
  for await (const chunk of stream) bytes += chunk.length;
  return bytes;
};

describe('EutilsClient.fetchGenbank against the NCBI stand-in (real Redis)', () => {
  it('streams an efetch answer within maxAnswerBytes, and refuses one over it as INPUT_TOO_LARGE naming no URL (it carries the API key)', async () => {
    const client = (maxAnswerBytes?: number) => new EutilsClient({ baseUrl: `${ncbi.url}/entrez/eutils`, apiKey: 'SECRET-KEY-123', redis, budgetKey, ...(maxAnswerBytes ? { maxAnswerBytes } : {}) });
    const whole = await readAll(await client().fetchGenbank(['EU851978']));
    expect(whole).toBeGreaterThan(1000);
    const err = await (async () => readAll(await client(500).fetchGenbank(['EU851978'])))().catch((e: unknown) => e as { code?: string; message: string });
    expect(err).toMatchObject({ code: 'INPUT_TOO_LARGE' });
    expect(err.message).toMatch(/efetch of 1 ids \(EU851978\.\.\.\)/);
    expect(err.message).not.toContain('SECRET-KEY-123');
  });
});
