import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const runtimeDist = fileURLToPath(new URL('../dist/index.js', import.meta.url));

/** Runs `code` in a fresh Node process (its own module cache, as a service has), after importing the built runtime. */
function inFreshProcess(code: string): unknown {
  const script = `const runtime = await import(${JSON.stringify(runtimeDist)});
    const { createRequire } = await import('node:module');
    const require = createRequire(${JSON.stringify(runtimeDist)});
    ${code}`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }));
}

describe('kafkajs with the native CRC-32C', () => {
  it('is in place in a process that imports the runtime, and computes CRC-32C (check value of "123456789")', () => {
    const result = inFreshProcess(`
      const crc = require('kafkajs/src/protocol/recordBatch/crc32C/index.js');
      console.log(JSON.stringify({ native: runtime.nativeCrc32c, check: crc(Buffer.from('123456789')).toString(16), big: crc(Buffer.alloc(1 << 20, 7)) }));`);
    // 0xe3069283 is CRC-32C's published check value; the 1 MB value is kafkajs' own JavaScript implementation's.
    expect(result).toEqual({ native: true, check: 'e3069283', big: 2098669674 });
  });

  it('produces record batches the real broker accepts (it checks every batch CRC, and refuses a wrong one as corrupt)', () => {
    const result = inFreshProcess(`
      const config = runtime.loadConfig();
      const kafka = runtime.createKafka(config, runtime.createLogger('error'), 'crc-test');
      const admin = await runtime.connectAdmin(kafka, config);
      const topic = 'strand-test-crc-' + process.pid + '-' + Date.now();
      await runtime.ensureTopics(admin, [{ topic, numPartitions: 1 }]);
      const producer = kafka.producer();
      await producer.connect();
      const value = Buffer.alloc(300_000, 'ACGT');
      await producer.send({ topic, acks: -1, messages: [{ key: 'k', value }, { key: 'k2', value: Buffer.from('small') }] });
      const offsets = await admin.fetchTopicOffsets(topic);
      await producer.disconnect();
      await admin.deleteTopics({ topics: [topic] });
      await admin.disconnect();
      console.log(JSON.stringify({ native: runtime.nativeCrc32c, high: offsets[0].high }));`);
    expect(result).toEqual({ native: true, high: '2' });
  });
});
