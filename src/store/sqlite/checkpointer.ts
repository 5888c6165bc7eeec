/**
 * WAL checkpoints on a second thread, off the writer's path.
 *
 * In WAL mode every commit appends the pages it changed to the -wal file, and by default the committing
 * connection itself copies them back into the database file (a checkpoint) once the log holds 1,000
 * pages. In a large archive an arrival dirties some 390 pages scattered over the file (candidate lists,
 * postings, near-duplicate bands, entity rows, rails: `npm run bench -- related` at 100k articles), few of
 * them shared with the next arrival, so that copy is a third of what each arrival costs: commits took 11.3
 * ms on average, with a checkpoint of ~34 ms every third arrival. SQLite lets another connection run the
 * checkpoint while the writer goes on appending (a PASSIVE checkpoint never blocks the writer), and the
 * machine has a second core: this runs it there.
 *
 * Written here because no library does it: better-sqlite3 gives the pragmas, the scheduling is ours. The
 * worker starts only once the log first reaches SQLite's own checkpoint size, so a command that writes
 * little never starts a thread. From then on the writer's own automatic checkpoint stays armed at fifty
 * times that size: if the thread falls behind or fails, SQLite checkpoints as it always did.
 */
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Db } from './store.ts';

/** SQLite's default wal_autocheckpoint, in pages: when the log is this long the thread starts. */
export const CHECKPOINT_PAGES = 1000;
/**
 * The writer's own automatic checkpoint while the thread runs: the fallback if it falls behind (200 MB of
 * 4 KB pages). The thread copies while the writer appends, so the log swings above SQLite's default: up
 * to 12,000 pages at 100k articles, one arrival a transaction. At ten times the default the writer still
 * checkpointed for itself now and then (commit p99 129 ms); at fifty it did not (6.7 ms).
 */
export const FALLBACK_CHECKPOINT_PAGES = 50 * CHECKPOINT_PAGES;
/**
 * At most one checkpoint per this many ms (each one syncs the files). At 250 ms each copy was longer and
 * the writer's commits a third slower than at 50 (mean 3.2 against 2.4 ms, same bench).
 */
const CHECKPOINT_INTERVAL_MS = 50;

/** What one PRAGMA wal_checkpoint reports: frames in the log and frames copied into the database. */
export interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}

/**
 * The worker (plain CommonJS, so that it starts without the TypeScript loader): on 'dirty' it runs a
 * passive checkpoint, at most one per interval; on 'stop' it closes its connection and ends.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
let timer;
let last = 0;
function checkpoint() {
  timer = undefined;
  last = Date.now();
  const [result] = db.pragma('wal_checkpoint(PASSIVE)');
  parentPort.postMessage(result);
}
parentPort.on('message', (message) => {
  if (message === 'stop') {
    clearTimeout(timer);
    db.close();
    parentPort.close();
  } else if (timer === undefined) {
    timer = setTimeout(checkpoint, Math.max(0, last + workerData.intervalMs - Date.now()));
  }
});
`;

export class BackgroundCheckpointer {
  private worker: Worker | undefined;
  private failed = false;
  /** Checkpoints the thread has run, and the last one's result. */
  checkpoints = 0;
  lastResult: CheckpointResult | undefined;

  /** Log size at which the thread starts: SQLite's checkpoint size in this file's pages (read once, not per commit). */
  private readonly startBytes: number;

  constructor(
    private readonly db: Db,
    private readonly file: string,
  ) {
    this.startBytes = CHECKPOINT_PAGES * (db.pragma('page_size', { simple: true }) as number);
  }

  /** Called after each commit of the writer: starts the thread once the log is long enough, then wakes it. */
  afterCommit(): void {
    if (this.failed) return;
    if (!this.worker) {
      if (this.walBytes() < this.startBytes) return;
      this.start();
    }
    this.worker!.postMessage('dirty');
  }

  /** Stops the thread (its connection closed first, so the writer's close is the last and removes the log). */
  async stop(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    // Held until it has closed its connection: an unreferenced thread alone would let the process end first.
    worker.ref();
    worker.postMessage('stop');
    await exited;
  }

  private start(): void {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(WORKER, { eval: true, workerData: { driver, file: this.file, intervalMs: CHECKPOINT_INTERVAL_MS } });
    // Never what keeps a process alive: a process that exits without closing the store leaves a log
    // that the next open checkpoints, as after any crash.
    worker.unref();
    worker.on('message', (result: CheckpointResult) => {
      this.checkpoints++;
      this.lastResult = result;
    });
    worker.on('error', () => {
      // The writer checkpoints for itself again, as it did before the thread started.
      this.failed = true;
      this.worker = undefined;
      if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${CHECKPOINT_PAGES}`);
    });
    this.db.pragma(`wal_autocheckpoint = ${FALLBACK_CHECKPOINT_PAGES}`);
    this.worker = worker;
  }

  /** Size of the -wal file: before SQLite first reuses it from the start, the log's length. */
  private walBytes(): number {
    try {
      return statSync(`${this.file}-wal`).size;
    } catch {
      return 0;
    }
  }
}
