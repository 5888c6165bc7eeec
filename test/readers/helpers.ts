/** Test helpers for the readers: fixtures, the optional ../shared data, and collecting outcomes. */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ArticleDraftInput } from '../../src/model.ts';
import type { Input, ReadOutcome, Reader } from '../../src/ingest/readers/reader.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/readers/', import.meta.url));
/** The project's shared data, beside the repository (never copied into it). */
export const SHARED = fileURLToPath(new URL('../../../shared/', import.meta.url));
export const hasShared = existsSync(SHARED);
if (!hasShared) console.warn(`skipping shared-data reader tests: ${SHARED} (../shared) not found`);

export function fixture(name: string, extra: Partial<Input> = {}): Input {
  return { name, bytes: readFileSync(FIXTURES + name), ...extra };
}

export function shared(path: string): Input {
  return { name: path, bytes: readFileSync(SHARED + path) };
}

export function textInput(name: string, text: string | Uint8Array): Input {
  return { name, bytes: typeof text === 'string' ? Buffer.from(text) : text };
}

export function readAll(reader: Reader, input: Input): ReadOutcome[] {
  return [...reader.read(input)];
}

/** The drafts of a read, failing the test if any item was an error. */
export function drafts(outcomes: ReadOutcome[]): ArticleDraftInput[] {
  return outcomes.map((o) => {
    if (!o.ok) throw new Error(`${o.label}: ${o.error}`);
    return o.draft;
  });
}
