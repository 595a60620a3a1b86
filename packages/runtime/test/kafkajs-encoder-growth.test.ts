import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const runtimeDist = fileURLToPath(new URL('../dist/index.js', import.meta.url));

describe("kafkajs' Encoder grows without zero-filling", () => {
  it('is in place in a process that imports the runtime, and an encoder grown many times holds exactly what was written', () => {
    const script = `await import(${JSON.stringify(runtimeDist)});
      const { createRequire } = await import('node:module');
      const Encoder = createRequire(${JSON.stringify(runtimeDist)})('kafkajs/src/protocol/encoder.js');
      const e = new Encoder(8);
      const expected = [];
      for (let i = 0; i < 2000; i++) {
        const chunk = Buffer.alloc(1 + (i % 97), i % 251);
        e.writeInt32(i).writeBytes(chunk).writeVarIntString('r' + i);
        const head = Buffer.alloc(4); head.writeInt32BE(i);
        const len = Buffer.alloc(4); len.writeInt32BE(chunk.length);
        const s = Buffer.from('r' + i);
        expected.push(head, len, chunk, new Encoder().writeVarInt(s.length).buffer, s);
      }
      console.log(JSON.stringify({ patched: Encoder.prototype.ensureAvailable.toString().includes('allocUnsafe'), equal: e.buffer.equals(Buffer.concat(expected)), bytes: e.buffer.length }));`;
    const result = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })) as { patched: boolean; equal: boolean; bytes: number };
    expect(result).toMatchObject({ patched: true, equal: true });
    expect(result.bytes).toBeGreaterThan(100_000);
  });
});
