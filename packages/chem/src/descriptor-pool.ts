import { Worker } from 'node:worker_threads';
import { ChemError, ChemErrorCodes } from './chem-error.js';
import type { RdkitDescriptors, StructureInput } from './rdkit-descriptors.js';

export type PoolResult = RdkitDescriptors | { error: { code: string; message: string } };

export interface DescriptorPoolOptions {
  /** Inputs sent to a worker per message. Smaller spreads work more evenly; larger costs fewer messages. Default 32. */
  chunkSize?: number;
  /** Most time a worker may spend on one molecule (STRAND_RDKIT_TIMEOUT_MS); past it the worker is terminated and replaced. Default 30 s. */
  timeoutMs?: number;
  /** JavaScript heap of each worker (resourceLimits.maxOldGenerationSizeMb, STRAND_RDKIT_MAX_MEMORY_MB). Default 512. RDKit's WebAssembly memory is not counted. */
  maxMemoryMb?: number;
}

/** One chunk of inputs; answered molecule by molecule, so a worker lost mid-chunk loses no finished result. */
interface Job {
  id: number;
  inputs: StructureInput[];
  results: PoolResult[];
  /** Index of the first input not answered yet: the one the worker is on. */
  next: number;
  resolve: (results: PoolResult[]) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  /** In the order they were sent, which is the order the worker answers them. */
  jobs: Map<number, Job>;
  /** Inputs sent and not yet answered: the least loaded worker gets the next chunk. */
  load: number;
  /** RDKit is loaded: from then on, every molecule has `timeoutMs`. */
  ready: boolean;
  timer?: NodeJS.Timeout;
  /** Terminated on purpose (a limit): its exit is not a death to handle. */
  retired: boolean;
}

/** Worker messages: RDKit loaded, one molecule's result, or RDKit could not load. */
type WorkerMessage = { ready: true } | { id: number; index: number; result: PoolResult; broken?: true } | { id: number; failure: string };

const DEFAULT_CHUNK_SIZE = 32;
const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_MEMORY_MB = 512;
const WORKER_URL = new URL('./descriptor-worker.js', import.meta.url);

/**
 * A fixed pool of worker threads, each with its own RDKit WebAssembly instance, so descriptor
 * computation can use every core. Results come back in input order; a structure RDKit cannot read
 * gives `{error}` in its slot and never fails the batch.
 *
 * Limits (issue 11): a worker that spends more than `timeoutMs` on one molecule, or runs out of
 * heap (`maxMemoryMb`), is terminated and replaced; that molecule gets an RDKIT_LIMIT_EXCEEDED
 * error naming the limit and its setting, and the molecules after it are sent to the new worker.
 * A worker that dies otherwise fails its in-flight batches with CHEM_WORKER_FAILED (retriable).
 */
export class DescriptorPool {
  private readonly slots: Slot[] = [];
  private readonly chunkSize: number;
  private readonly timeoutMs: number;
  private readonly maxMemoryMb: number;
  private readonly wanted: number;
  private nextId = 0;
  private closed = false;

  constructor(size: number, options: DescriptorPoolOptions = {}) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`DescriptorPool size must be a positive integer, got ${size}`);
    this.chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxMemoryMb = options.maxMemoryMb ?? DEFAULT_MAX_MEMORY_MB;
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
    for (const slot of this.slots) clearTimeout(slot.timer);
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
    for (const slot of this.slots) this.failJobs(slot, new ChemError(ChemErrorCodes.POOL_CLOSED, 'DescriptorPool closed with work in flight'));
  }

  private send(inputs: StructureInput[]): Promise<PoolResult[]> {
    return new Promise<PoolResult[]>((resolve, reject) => {
      this.dispatch({ id: this.nextId++, inputs, results: new Array<PoolResult>(inputs.length), next: 0, resolve, reject });
    });
  }

  /** Sends a job's unanswered inputs to the least loaded worker. */
  private dispatch(job: Job): void {
    while (this.slots.length < this.wanted) this.slots.push(this.startWorker());
    const slot = this.slots.reduce((best, candidate) => (candidate.load < best.load ? candidate : best));
    slot.jobs.set(job.id, job);
    if (slot.jobs.size === 1) slot.worker.ref();
    slot.load += job.inputs.length - job.next;
    slot.worker.postMessage({ id: job.id, offset: job.next, inputs: job.inputs.slice(job.next) });
    if (slot.timer === undefined) this.arm(slot);
  }

  private startWorker(): Slot {
    const worker = new Worker(WORKER_URL, { resourceLimits: { maxOldGenerationSizeMb: this.maxMemoryMb } });
    const slot: Slot = { worker, jobs: new Map(), load: 0, ready: false, retired: false };
    worker.on('message', (message: WorkerMessage) => this.onMessage(slot, message));
    const onDeath = (reason: string, outOfMemory: boolean): void => {
      if (this.closed || slot.retired) return;
      slot.retired = true;
      clearTimeout(slot.timer);
      if (outOfMemory) {
        this.replace(slot, `its worker ran out of memory (over ${this.maxMemoryMb} MB of heap); the worker was replaced (raise STRAND_RDKIT_MAX_MEMORY_MB to allow more)`);
        return;
      }
      this.failJobs(slot, new ChemError(ChemErrorCodes.WORKER_FAILED, `descriptor worker died: ${reason}`));
      const index = this.slots.indexOf(slot);
      if (index >= 0) this.slots[index] = this.startWorker();
    };
    worker.on('error', (error: Error & { code?: string }) => onDeath(error.message, error.code === 'ERR_WORKER_OUT_OF_MEMORY'));
    worker.on('exit', (code) => onDeath(`exit code ${code}`, false));
    // An idle worker must not keep the process alive; one with work in flight must (see dispatch()).
    worker.unref();
    return slot;
  }

  private onMessage(slot: Slot, message: WorkerMessage): void {
    if (slot.retired) return;
    if ('ready' in message) {
      slot.ready = true;
      this.arm(slot);
      return;
    }
    const job = slot.jobs.get(message.id);
    if (job === undefined) return;
    if ('failure' in message) {
      this.finish(slot, job);
      job.reject(new ChemError(ChemErrorCodes.RDKIT_LOAD_FAILED, message.failure));
      return;
    }
    job.results[message.index] = message.result;
    job.next = message.index + 1;
    slot.load--;
    // A molecule answered: the next one has its own time.
    clearTimeout(slot.timer);
    slot.timer = undefined;
    if (job.next >= job.inputs.length) {
      this.finish(slot, job);
      job.resolve(job.results);
    }
    if (message.broken) {
      // RDKit trapped on that molecule (its result says so): the instance is unusable, so the worker goes.
      slot.retired = true;
      this.replace(slot, null);
      void slot.worker.terminate();
      return;
    }
    this.arm(slot);
  }

  /** Starts the per-molecule clock of a ready worker that has work, unless it runs already. */
  private arm(slot: Slot): void {
    if (!slot.ready || slot.jobs.size === 0 || slot.timer !== undefined) return;
    slot.timer = setTimeout(() => {
      slot.timer = undefined;
      slot.retired = true;
      this.replace(slot, `RDKit spent more than ${this.timeoutMs} ms on this molecule; its worker was terminated and replaced (raise STRAND_RDKIT_TIMEOUT_MS to allow more)`);
      void slot.worker.terminate();
    }, this.timeoutMs);
    slot.timer.unref();
  }

  /**
   * A worker broke a limit on the molecule it was working on (`why`; null when that molecule has its
   * answer already): that molecule gets the error, a new worker takes the slot, and every unanswered
   * molecule is sent again.
   */
  private replace(slot: Slot, why: string | null): void {
    const jobs = [...slot.jobs.values()];
    slot.jobs.clear();
    slot.load = 0;
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots.splice(index, 1);
    const current = jobs[0];
    if (current !== undefined && why !== null) {
      current.results[current.next] = { error: { code: ChemErrorCodes.LIMIT_EXCEEDED, message: why } };
      current.next++;
    }
    if (this.closed) return;
    for (const job of jobs) {
      if (job.next >= job.inputs.length) job.resolve(job.results);
      else this.dispatch(job);
    }
    while (this.slots.length < this.wanted) this.slots.push(this.startWorker());
  }

  private finish(slot: Slot, job: Job): void {
    slot.jobs.delete(job.id);
    slot.load -= job.inputs.length - job.next;
    if (slot.jobs.size === 0) slot.worker.unref();
  }

  private failJobs(slot: Slot, error: ChemError): void {
    for (const job of slot.jobs.values()) job.reject(error);
    slot.jobs.clear();
    slot.load = 0;
  }
}
