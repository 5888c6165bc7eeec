/** Worker thread body: reads inputs (parsing, extraction) off the main thread for the ReadPool. */
import { parentPort } from 'node:worker_threads';
import type { Input, ReadOutcome } from './readers/reader.ts';
import { readInput } from './readers/index.ts';

export interface ReadRequest {
  id: number;
  input: Input;
}
export interface ReadResponse {
  id: number;
  outcomes: ReadOutcome[];
}

parentPort?.on('message', (request: ReadRequest) => {
  let outcomes: ReadOutcome[];
  try {
    outcomes = readInput(request.input);
  } catch (err) {
    outcomes = [{ ok: false, label: request.input.name, error: `reader failed: ${(err as Error).message}` }];
  }
  parentPort!.postMessage({ id: request.id, outcomes } satisfies ReadResponse);
});
