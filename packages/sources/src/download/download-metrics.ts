import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { meter } from '@strand/runtime';
import type { DownloadProgress } from './resumable-download.js';

interface Active { held: number; expected: number; requests: number }

const active = new Map<string, Active>();
/** Files kept in the per-file gauges (the most recent; finished ones show held = expected). */
const KEEP_FILES = 20;
const spoolDirs = new Set<string>();
let counters: { received: ReturnType<ReturnType<typeof meter>['createCounter']>; resumes: ReturnType<ReturnType<typeof meter>['createCounter']> } | undefined;

/** Bytes of the files in a spool folder (0 when it does not exist yet). */
function spoolBytes(dir: string): number {
  try {
    return readdirSync(dir).reduce((sum, name) => { try { return sum + statSync(join(dir, name)).size; } catch { return sum; } }, 0);
  } catch {
    return 0;
  }
}

function instruments() {
  if (counters) return counters;
  const m = meter();
  m.createObservableGauge('strand.download.held.bytes', { unit: 'By', description: 'Bytes of a file downloaded so far, per file (the last 20 files; a finished one shows all its bytes)' })
    .addCallback((result) => { for (const [file, a] of active) result.observe(a.held, { file }); });
  m.createObservableGauge('strand.download.expected.bytes', { unit: 'By', description: 'Bytes a file being downloaded has in all (its Content-Length), per file' })
    .addCallback((result) => { for (const [file, a] of active) result.observe(a.expected, { file }); });
  m.createObservableGauge('strand.download.spool.bytes', { unit: 'By', description: 'Bytes on disk in the download spool (partial and finished downloads kept for resuming)' })
    .addCallback((result) => { for (const dir of spoolDirs) result.observe(spoolBytes(dir), { dir }); });
  counters = {
    received: m.createCounter('strand.download.received.bytes', { unit: 'By', description: 'Bytes received from upstream downloads, per source' }),
    resumes: m.createCounter('strand.download.resumes', { description: 'Download requests that resumed a file with an HTTP Range after a reset, stall or restart' }),
  };
  return counters;
}

/**
 * Follows one download for the strand.download.* metrics: `onProgress` goes to resumableDownload,
 * `follow` wraps its chunks; the per-file gauges keep the last KEEP_FILES files. Bytes
 * already in the spool (`spoolPath`) from an earlier attempt are not counted as received again; a
 * download that starts from them, and every further request for the rest of a file, is a resume.
 */
export function downloadObserver(source: string, file: string, spoolPath: string) {
  const { received, resumes } = instruments();
  received.add(0, { source });
  resumes.add(0, { source });
  spoolDirs.add(dirname(spoolPath));
  const state: Active = { held: existsSync(spoolPath) ? statSync(spoolPath).size : 0, expected: 0, requests: 0 };
  return {
    onProgress(p: DownloadProgress): void {
      if (active.get(file) !== state) {
        active.delete(file);
        active.set(file, state);
        if (state.held > 0 && p.downloaded > state.held) resumes.add(1, { source });
      }
      // Fewer bytes than were spooled: the file changed and the spool started over.
      received.add(p.downloaded >= state.held ? p.downloaded - state.held : p.downloaded, { source });
      if (p.requests > Math.max(1, state.requests)) resumes.add(p.requests - Math.max(1, state.requests), { source });
      state.requests = p.requests;
      state.held = p.downloaded;
      state.expected = p.total;
    },
    async *follow(chunks: AsyncGenerator<Buffer>): AsyncGenerator<Buffer> {
      yield* chunks;
      // A finished file stays in the gauges (held = expected) until newer ones push it out.
      while (active.size > KEEP_FILES) active.delete(active.keys().next().value!);
    },
  };
}
