import { sniffGenbank } from '@strand/genbank';
import { StrandError } from '@strand/runtime';

/**
 * Passes a decompressed stream through after checking its first bytes look like GenBank, so input
 * that is not GenBank is rejected (INPUT_INVALID, naming the file and line) before anything is
 * published or printed.
 */
export async function* requireGenbank(stream: AsyncIterable<Buffer | string>, uri: string): AsyncGenerator<Buffer> {
  const iterator = stream[Symbol.asyncIterator]();
  let head = Buffer.alloc(0);
  let ended = false;
  while (head.length < 8192) {
    const next = await iterator.next();
    if (next.done) { ended = true; break; }
    head = Buffer.concat([head, Buffer.from(next.value)]);
  }
  const verdict = sniffGenbank(head.toString('utf8'));
  if (!verdict.ok) throw new StrandError('INPUT_INVALID', `${uri}: line ${verdict.line}: not a GenBank flat file (${verdict.reason})`, { details: { uri, line: verdict.line } });
  yield head;
  if (ended) return;
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield Buffer.from(next.value);
}
