import { createReadStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { gunzipSync, createGunzip } from 'node:zlib';
import type { CompoundRecord } from './compound-record.js';
import { parsePubchemJson } from './parse-pubchem-json.js';
import { parseSdf } from './parse-sdf.js';
import { PubchemErrorCodes, PubchemParseError } from './pubchem-parse-error.js';

const GZIP_MAGIC = [0x1f, 0x8b];

/**
 * Parses a PubChem file, telling the format from the content rather than the name: gzip by its magic
 * bytes, then JSON when the first non-blank character is `{` or `[`, else SDF (streamed).
 */
export async function* parsePubchemFile(path: string): AsyncIterable<CompoundRecord> {
  const head = await readHead(path, 4096);
  const gzipped = head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
  if (looksLikeJson(gzipped ? await gunzippedHead(path) : head)) {
    const bytes = await readFile(path).catch((cause: unknown) => unreadable(path, cause));
    const text = (gzipped ? gunzipSync(bytes) : bytes).toString('utf8');
    yield* parsePubchemJson(text, { source: path });
    return;
  }
  const file = createReadStream(path);
  yield* parseSdf(gzipped ? file.pipe(createGunzip()) : file, { source: path });
}

async function readHead(path: string, size: number): Promise<Buffer> {
  try {
    const handle = await open(path, 'r');
    try {
      const buffer = Buffer.alloc(size);
      const { bytesRead } = await handle.read(buffer, 0, size, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (cause) {
    return unreadable(path, cause);
  }
}

/** The first bytes of a gzip file's content, read without inflating the whole file. */
async function gunzippedHead(path: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  const stream = createReadStream(path).pipe(createGunzip());
  try {
    for await (const chunk of stream) {
      chunks.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      if (size >= 4096) break;
    }
  } catch (cause) {
    unreadable(path, cause);
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks);
}

/** JSON starts with `{` or `[`; an SD title line may too, but then a molfile counts line follows. */
function looksLikeJson(head: Buffer): boolean {
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  const first = /\S/.exec(text)?.[0];
  return (first === '{' || first === '[') && !/V[23]000/.test(text);
}

function unreadable(path: string, cause: unknown): never {
  const reason = cause instanceof Error ? cause.message : String(cause);
  throw new PubchemParseError(PubchemErrorCodes.INPUT_UNREADABLE, `cannot read ${path}: ${reason}`, { source: path }, { cause });
}
