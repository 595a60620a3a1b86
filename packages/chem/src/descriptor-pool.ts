import { Worker } from 'node:worker_threads';
import { ChemError, ChemErrorCodes } from './chem-error.js';
import type { RdkitDescriptors, StructureInput } from './rdkit-descriptors.js';

export type PoolResult = RdkitDescriptors | { error: { code: string; message: string } };

export interface DescriptorPoolOptions {
  /** Inputs sent to a worker per message. Smaller spreads work more evenly; larger costs fewer messages. Default 32. */
  chunkSize?: number;
}

interface Job {
  resolve: (results: PoolResult[]) => void;
  reject: (error: Error) => void;
  size: number;
}

interface Slot {
  worker: Worker;
  jobs: Map<number, Job>;
  /** Inputs sent and not yet answered: the least loaded worker gets the next chunk. */
  load: number;
}

const DEFAULT_CHUNK_SIZE = 32;
const WORKER_URL = new URL('./descriptor-worker.js', import.meta.url);

/**
 * A fixed pool of worker threads, each with its own RDKit WebAssembly instance, so descriptor
 * computation can use every core. Results come back in input order; a structure RDKit cannot read
 * gives `{error}` in its slot and never fails the batch. A worker that dies fails its in-flight
 * batches with CHEM_WORKER_FAILED (retriable) and is replaced.
 */
export class DescriptorPool {
  private readonly slots: Slot[] = [];
  private readonly chunkSize: number;
  private readonly wanted: number;
  private nextId = 0;
  private closed = false;

  constructor(size: number, options: DescriptorPoolOptions = {}) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`DescriptorPool size must be a positive integer, got ${size}`);
    this.chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
    this.wanted = size;
  }

  /** Workers in the pool (they start, each loading RDKit, on the first computation: a process that never needs RDKit never pays its memory). */
  get size(): number {
    return this.wanted;
  }

  /** Workers running now (0 until the first computation). */
  get started(): number {
    return this.slots.length;
  }

  async compute(inputs: StructureInput[]): Promise<PoolResult[]> {
    if (this.closed) throw new ChemError(ChemErrorCodes.POOL_CLOSED, 'DescriptorPool is closed');
    const chunks: Promise<PoolResult[]>[] = [];
    for (let start = 0; start < inputs.length; start += this.chunkSize) {
      chunks.push(this.send(inputs.slice(start, start + this.chunkSize)));
    }
    return (await Promise.all(chunks)).flat();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
    for (const slot of this.slots) this.failJobs(slot, new ChemError(ChemErrorCodes.POOL_CLOSED, 'DescriptorPool closed with work in flight'));
  }

  private send(inputs: StructureInput[]): Promise<PoolResult[]> {
    while (this.slots.length < this.wanted) this.slots.push(this.startWorker());
    const slot = this.slots.reduce((best, candidate) => (candidate.load < best.load ? candidate : best));
    const id = this.nextId++;
    return new Promise<PoolResult[]>((resolve, reject) => {
      slot.jobs.set(id, { resolve, reject, size: inputs.length });
      if (slot.jobs.size === 1) slot.worker.ref();
      slot.load += inputs.length;
      slot.worker.postMessage({ id, inputs });
    });
  }

  private startWorker(): Slot {
    const slot: Slot = { worker: new Worker(WORKER_URL), jobs: new Map(), load: 0 };
    slot.worker.on('message', (message: { id: number; results?: PoolResult[]; failure?: string }) => {
      const job = slot.jobs.get(message.id);
      if (job === undefined) return;
      slot.jobs.delete(message.id);
      slot.load -= job.size;
      if (slot.jobs.size === 0) slot.worker.unref();
      if (message.results) job.resolve(message.results);
      else job.reject(new ChemError(ChemErrorCodes.RDKIT_LOAD_FAILED, message.failure ?? 'worker gave no results'));
    });
    const onDeath = (reason: string): void => {
      if (this.closed) return;
      this.failJobs(slot, new ChemError(ChemErrorCodes.WORKER_FAILED, `descriptor worker died: ${reason}`));
      const index = this.slots.indexOf(slot);
      if (index >= 0) this.slots[index] = this.startWorker();
    };
    slot.worker.on('error', (error) => onDeath(error.message));
    slot.worker.on('exit', (code) => onDeath(`exit code ${code}`));
    // An idle worker must not keep the process alive; one with work in flight must (see send()).
    slot.worker.unref();
    return slot;
  }

  private failJobs(slot: Slot, error: ChemError): void {
    for (const job of slot.jobs.values()) job.reject(error);
    slot.jobs.clear();
    slot.load = 0;
  }
}
