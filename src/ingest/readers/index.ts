/**
 * The reader registry: which reader takes an input, and reading an input into outcomes.
 *
 * Detection looks at the decoded first 4 KB only. Order matters: the specific JSON shapes (Guardian API,
 * JSON Feed) before generic JSON/JSONL, XML feeds before HTML, plain text last.
 */
import { gunzipSync } from 'node:zlib';
import { InputError } from '../../errors.ts';
import { decodeBytes } from '../decode.ts';
import { headStart, looksBinary } from './common.ts';
import { jsonFeedReader, xmlFeedReader } from './feed.ts';
import { guardianReader } from './guardian.ts';
import { jsonlReader } from './jsonl.ts';
import type { Input, ReadOutcome, Reader } from './reader.ts';
import { textReader } from './text.ts';
import { htmlReader } from './html.ts';

/** The largest input Storyline reads (the CLI and server enforce it before reading, too). */
export const MAX_INPUT_BYTES = 20 * 1024 * 1024;
const HEAD_BYTES = 4096;

/** Every reader, in detection order. */
export const readers: Reader[] = [
  guardianReader,
  jsonFeedReader,
  jsonlReader,
  xmlFeedReader,
  htmlReader,
  textReader,
];

/** The decoded, BOM-less start of an input. */
function headOf(input: Input): string {
  return headStart(decodeBytes(input.bytes.subarray(0, HEAD_BYTES), input.contentType));
}

/**
 * Formats a caller may name (the write API's `format` parameter and Content-Type): the readers that may
 * take an input of that format, in detection order. One reader is used whatever its detection says.
 */
export const FORMATS: Record<string, readonly Reader[]> = {
  json: [guardianReader, jsonFeedReader, jsonlReader],
  jsonl: [jsonlReader],
  ndjson: [jsonlReader],
  guardian: [guardianReader],
  jsonfeed: [jsonFeedReader],
  rss: [xmlFeedReader],
  atom: [xmlFeedReader],
  feed: [xmlFeedReader, jsonFeedReader],
  html: [htmlReader],
  text: [textReader],
};

/** The reader for an input (among `candidates`, all by default). Throws InputError when none claims it. */
export function detectReader(input: Input, candidates: readonly Reader[] = readers): Reader {
  const head = headOf(input);
  if (looksBinary(head)) throw new InputError('binary data, not text');
  const reader = candidates.length === 1 ? candidates[0] : candidates.find((r) => r.detect(head, input));
  if (!reader) throw new InputError(candidates === readers ? 'unrecognised format' : `not ${candidates.map((r) => r.name).join(' or ')}`);
  return reader;
}

/**
 * The input itself, or what it decompresses to when it is gzip data (saved pages and crawls are often
 * kept as .html.gz). The decompressed size is capped like any input, so a small file that would expand
 * to gigabytes (a gzip bomb) is refused without ever being expanded beyond the cap.
 */
function gunzipped(input: Input): Input {
  const b = input.bytes;
  if (b.length < 2 || b[0] !== 0x1f || b[1] !== 0x8b) return input;
  try {
    return { ...input, bytes: gunzipSync(b, { maxOutputLength: MAX_INPUT_BYTES }) };
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (e.code === 'ERR_BUFFER_TOO_LARGE') throw new InputError(`compressed input expands beyond ${MAX_INPUT_BYTES / 1024 / 1024} MB`);
    throw new InputError(`malformed gzip data: ${e.message}`);
  }
}

/**
 * Everything one input holds: a draft or an error per item. A document that cannot be read at all
 * (empty, too large, binary, unrecognised, malformed) is one { ok: false } outcome labelled with the
 * input's name. Only InputError is converted; anything else is a bug and propagates.
 */
export function readInput(given: Input, candidates: readonly Reader[] = readers): ReadOutcome[] {
  const fail = (error: string): ReadOutcome[] => [{ ok: false, label: given.name, error }];
  if (given.bytes.length > MAX_INPUT_BYTES) return fail(`input too large: ${given.bytes.length} bytes (limit ${MAX_INPUT_BYTES})`);
  try {
    const input = gunzipped(given);
    if (input.bytes.length === 0 || !headOf(input).trim()) return fail('empty input');
    const outcomes = [...detectReader(input, candidates).read(input)];
    return outcomes.length ? outcomes : fail('no articles found');
  } catch (error) {
    if (error instanceof InputError) return fail(error.message);
    throw error;
  }
}
