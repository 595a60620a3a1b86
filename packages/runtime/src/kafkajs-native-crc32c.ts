import { createRequire } from 'node:module';

/**
 * kafkajs computes the CRC-32C of every record batch it produces in JavaScript, a byte at a time
 * (about 5.6 ms per MB here: 0.1 ms per 19 KB GenBank record, most of a hop's budget). This module
 * puts the native SSE4.2 implementation of @node-rs/crc32 (0.4 ms per MB) in its place, in
 * Node's module cache, before kafkajs loads. It must therefore be imported before 'kafkajs':
 * kafka.ts, the only module importing kafkajs values, imports it first. Where the native binary is
 * missing (another platform), kafkajs keeps its own implementation; `nativeCrc32c` says which runs.
 */
const require = createRequire(import.meta.url);

function install(): boolean {
  const recordBatch = require.resolve('kafkajs/src/protocol/recordBatch/v0/index.js');
  if (require.cache[recordBatch] !== undefined) return false; // kafkajs already captured its own
  let crc32c: (input: Buffer) => number;
  try {
    crc32c = (require('@node-rs/crc32') as { crc32c: (input: Buffer) => number }).crc32c;
  } catch {
    return false;
  }
  const path = require.resolve('kafkajs/src/protocol/recordBatch/crc32C/index.js');
  const exports = (buffer: Buffer): number => crc32c(buffer) >>> 0;
  require.cache[path] = { id: path, filename: path, path, loaded: true, exports, children: [], paths: [] } as unknown as NodeJS.Module;
  return true;
}

/** Whether kafkajs checksums record batches with the native CRC-32C. */
export const nativeCrc32c: boolean = install();
