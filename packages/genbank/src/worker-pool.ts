import { Worker } from 'node:worker_threads';
import type { BatchRequest, BatchResult } from './parse-batch.js';

/** The compiled worker entry. Under vitest this module is the .ts source: use the built one (npx tsc -b packages/genbank). */
const WORKER_URL = import.meta.url.endsWith('.ts') ? new URL('../dist/parse-worker.js', import.meta.url) : new URL('./parse-worker.js', import.meta.url);

type Reply = { ok: true; result: BatchResult } | { ok: false; id: number; message: string; stack: string | null };

interface Job {
  resolve: (result: BatchResult) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  jobs: Map<number, Job>;
}

/** A fixed set of parser worker threads. Each batch goes to the least busy worker; close() ends them all. */
export class ParserPool {
  private readonly slots: Slot[] = [];
  private nextId = 0;
  private closed = false;

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`ParserPool: size must be a positive integer, got ${size}`);
    for (let i = 0; i < size; i += 1) this.slots.push(this.start());
  }

  get size(): number {
    return this.slots.length;
  }

  /** Parse a packed batch in a worker. The buffer is transferred (it is detached here afterwards). */
  parse(request: Omit<BatchRequest, 'id'>): Promise<BatchResult> {
    if (this.closed) return Promise.reject(new Error('ParserPool: closed'));
    const slot = this.slots.reduce((a, b) => (b.jobs.size < a.jobs.size ? b : a));
    const id = this.nextId++;
    return new Promise<BatchResult>((resolve, reject) => {
      slot.jobs.set(id, { resolve, reject });
      slot.worker.postMessage({ ...request, id }, [request.buffer]);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private start(): Slot {
    const worker = new Worker(WORKER_URL);
    const slot: Slot = { worker, jobs: new Map() };
    worker.on('message', (reply: Reply) => {
      const id = reply.ok ? reply.result.id : reply.id;
      const job = slot.jobs.get(id);
      if (job === undefined) return;
      slot.jobs.delete(id);
      if (reply.ok) job.resolve(reply.result);
      else {
        const error = new Error(`genbank parser worker: ${reply.message}`);
        if (reply.stack !== null) error.stack = `${error.name}: ${error.message}\n(worker) ${reply.stack}`;
        job.reject(error);
      }
    });
    const failAll = (error: Error): void => {
      for (const job of slot.jobs.values()) job.reject(error);
      slot.jobs.clear();
    };
    worker.on('error', (error) => failAll(error));
    worker.on('exit', (code) => {
      if (!this.closed) failAll(new Error(`genbank parser worker exited with code ${code}`));
    });
    return slot;
  }
}
