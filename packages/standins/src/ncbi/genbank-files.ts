import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { BodySource } from '../send-body.js';

/** A file served under /genbank/<name>, like NCBI's FTP tree over HTTPS. */
export interface ServedFile {
  name: string;
  path: string;
  size: number;
  etag: string;
  lastModified: string;
}

/** Every file directly in `dataDir` by its own name, plus `divisionFiles` (served name -> local path). */
export async function collectServedFiles(dataDir: string, divisionFiles: Record<string, string> = {}): Promise<Map<string, ServedFile>> {
  const entries: [string, string][] = [];
  for (const name of await readdir(dataDir)) entries.push([name, join(dataDir, name)]);
  entries.push(...Object.entries(divisionFiles));
  const files = new Map<string, ServedFile>();
  for (const [name, path] of entries) {
    const info = await stat(path);
    if (!info.isFile()) continue;
    files.set(name, {
      name: basename(name),
      path,
      size: info.size,
      etag: `"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`,
      lastModified: info.mtime.toUTCString(),
    });
  }
  return files;
}

export function fileSource(file: ServedFile): BodySource {
  return { length: file.size, open: (start, end) => createReadStream(file.path, { start, end }) };
}

export type RangeResult = { kind: 'full' } | { kind: 'partial'; start: number; end: number } | { kind: 'unsatisfiable' };

/**
 * Interprets a Range header for a body of `size` bytes (RFC 9110 14.2): one range of the form
 * a-b, a- or -n. A header we do not understand, or several ranges, gets the full body (allowed).
 */
export function parseRange(header: string | undefined, size: number): RangeResult {
  if (!header) return { kind: 'full' };
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return { kind: 'full' };
  let start: number;
  let end: number;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return { kind: 'unsatisfiable' };
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
    if (m[2] !== '' && Number(m[2]) < start) return { kind: 'full' };
  }
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start, end };
}

/** An Apache-style index page, as https://ftp.ncbi.nlm.nih.gov/genbank/ serves. */
export function directoryListing(files: Iterable<ServedFile>): string {
  const rows = [...files]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((f) => `<a href="${f.name}">${f.name}</a> ${f.lastModified} ${f.size}`)
    .join('\n');
  return `<html><head><title>Index of /genbank</title></head><body><h1>Index of /genbank</h1><pre>\n${rows}\n</pre></body></html>\n`;
}
