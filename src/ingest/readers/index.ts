/**
 * The reader registry: which reader takes an input, and reading an input into outcomes.
 *
 * Detection looks at the decoded first 4 KB only. Order matters: the specific JSON shapes (Guardian API,
 * JSON Feed) before generic JSON/JSONL, XML feeds before HTML, plain text last.
 */
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
 * Everything one input holds: a draft or an error per item. A document that cannot be read at all
 * (empty, too large, binary, unrecognised, malformed) is one { ok: false } outcome labelled with the
 * input's name. Only InputError is converted; anything else is a bug and propagates.
 */
export function readInput(input: Input, candidates: readonly Reader[] = readers): ReadOutcome[] {
  const fail = (error: string): ReadOutcome[] => [{ ok: false, label: input.name, error }];
  if (input.bytes.length > MAX_INPUT_BYTES) return fail(`input too large: ${input.bytes.length} bytes (limit ${MAX_INPUT_BYTES})`);
  try {
    if (input.bytes.length === 0 || !headOf(input).trim()) return fail('empty input');
    const outcomes = [...detectReader(input, candidates).read(input)];
    return outcomes.length ? outcomes : fail('no articles found');
  } catch (error) {
    if (error instanceof InputError) return fail(error.message);
    throw error;
  }
}
