/** Worker thread entry of ParserPool: parse each batch posted to it and post the result back. */
import { parentPort } from 'node:worker_threads';
import { parseBatch, type BatchRequest } from './parse-batch.js';

if (parentPort === null) throw new Error('parse-worker must run in a worker thread');
const port = parentPort;
port.on('message', (request: BatchRequest) => {
  try {
    const result = parseBatch(request);
    const transfer: ArrayBuffer[] = [result.tape.ops.buffer as ArrayBuffer, result.residues, result.newlines.buffer as ArrayBuffer, result.failed.buffer as ArrayBuffer];
    if (result.buffer !== null) transfer.push(result.buffer);
    port.postMessage({ ok: true, result }, transfer);
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    port.postMessage({ ok: false, id: request.id, message: e.message, stack: e.stack ?? null });
  }
});
