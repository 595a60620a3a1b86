/**
 * Reads a byte stream whole, but stops (destroying the stream, so a gunzip stops inflating) as soon
 * as it passes `maxBytes`: the bytes, or null when there were more. At most maxBytes plus one chunk
 * is ever held, however far the input would inflate.
 */
export async function readCapped(stream: AsyncIterable<Buffer>, maxBytes: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    total += chunk.length;
    if (total > maxBytes) return null; // leaving the loop ends the stream
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total);
}
