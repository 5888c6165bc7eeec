/** What every format reader takes and gives. */
import type { ArticleDraftInput } from '../../model.ts';

/** One input as it reached Storyline: a file, a fetched page, a request body. */
export interface Input {
  /** How to name this input in messages: a path, a URL, "stdin". */
  name: string;
  bytes: Uint8Array;
  /** The Content-Type the transport declared, if any. */
  contentType?: string;
  /** Where the input came from on the web, if it did (resolves relative links). */
  url?: string;
}

/** One item a reader found in an input: an article draft, or the reason the item could not be read. */
export type ReadOutcome =
  | {
      ok: true;
      label: string;
      draft: ArticleDraftInput;
      /**
       * The day the input's name names ("guardian-2021-12-02-biden-putin-talks.txt"), from readers whose
       * input is one article: its date when the article carries none. Not part of its identity (the id).
       */
      pathDate?: string;
    }
  | { ok: false; label: string; error: string };

export interface Reader {
  /** Short format name: "html", "feed", "guardian", "jsonl", "text". */
  name: string;
  /** Cheap check on the decoded start of the input (and its declared type / file name). */
  detect(head: string, input: Input): boolean;
  /**
   * Every item of the input. A malformed document throws InputError; a malformed item inside a good
   * document (one bad JSONL line, one feed entry without a title) is yielded as { ok: false }.
   */
  read(input: Input): Iterable<ReadOutcome>;
}
