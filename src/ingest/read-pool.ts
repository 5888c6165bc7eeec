/**
 * Reads inputs on worker threads, so HTML extraction (the costly part of ingest) uses every core while
 * the main thread stores articles. Results come back per input; order is the caller's business.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Input, ReadOutcome } from './readers/reader.ts';
import type { ReadRequest, ReadResponse } from './read-worker.ts';

/**
 * Worker bootstrap: registers tsx's loader in the worker (loader hooks are per thread, and Node 20 does
 * not take --import in a worker's execArgv) with Storyline's tsconfig whatever the working directory,
 * then loads the TypeScript worker module.
 */
const BOOTSTRAP = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
  .then((tsx) => { tsx.register({ tsconfig: ${JSON.stringify(fileURLToPath(new URL('../../tsconfig.json', import.meta.url)))} }); return import(${JSON.stringify(new URL('./read-worker.ts', import.meta.url).href)}); })`;

export class ReadPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly waiting: { request: ReadRequest; resolve: (o: ReadOutcome[]) => void; reject: (e: Error) => void }[] = [];
  private readonly pending = new Map<number, { resolve: (o: ReadOutcome[]) => void; reject: (e: Error) => void; worker: Worker }>();
  private nextId = 0;

  constructor(readonly size = Math.max(1, Math.min(availableParallelism(), 4))) {
    for (let i = 0; i < size; i++) this.spawn();
  }

  private spawn(): void {
    const worker = new Worker(BOOTSTRAP, { eval: true });
    worker.unref();
    worker.on('message', (response: ReadResponse) => {
      const job = this.pending.get(response.id);
      if (!job) return;
      this.pending.delete(response.id);
      job.resolve(response.outcomes);
      this.release(worker);
    });
    worker.on('error', (err) => {
      // A crashed worker fails its job and is replaced; the pool keeps going.
      for (const [id, job] of this.pending) {
        if (job.worker !== worker) continue;
        this.pending.delete(id);
        job.reject(err);
      }
      this.workers.splice(this.workers.indexOf(worker), 1);
      this.spawn();
    });
    this.workers.push(worker);
    this.release(worker);
  }

  private release(worker: Worker): void {
    const next = this.waiting.shift();
    if (next) this.dispatch(worker, next.request, next.resolve, next.reject);
    else this.idle.push(worker);
  }

  private dispatch(worker: Worker, request: ReadRequest, resolve: (o: ReadOutcome[]) => void, reject: (e: Error) => void): void {
    this.pending.set(request.id, { resolve, reject, worker });
    worker.postMessage(request);
  }

  read(input: Input): Promise<ReadOutcome[]> {
    return new Promise((resolve, reject) => {
      const request = { id: this.nextId++, input };
      const worker = this.idle.pop();
      if (worker) this.dispatch(worker, request, resolve, reject);
      else this.waiting.push({ request, resolve, reject });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
