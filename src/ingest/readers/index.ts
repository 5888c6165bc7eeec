// TEMPORARY (replaced when the readers branch lands): JSONL only, enough to run the pipeline and evals.
import type { ArticleDraftInput } from '../../model.ts';
import { decodeBytes } from '../decode.ts';
import { textOrHtmlToParagraphs } from '../html-text.ts';
import type { Input, ReadOutcome } from './reader.ts';

export const MAX_INPUT_BYTES = 20 * 1024 * 1024;

export function readInput(input: Input): ReadOutcome[] {
  const out: ReadOutcome[] = [];
  decodeBytes(input.bytes).split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const label = `${input.name}:${i + 1}`;
    try {
      const o = JSON.parse(line) as Record<string, unknown>;
      const draft: ArticleDraftInput = {
        sourceId: typeof o.id === 'string' ? o.id : undefined,
        headline: String(o.headline ?? o.title ?? ''),
        body: Array.isArray(o.body) ? (o.body as string[]) : textOrHtmlToParagraphs(String(o.body ?? '').replace(/\n/g, '\n\n')),
        url: typeof o.url === 'string' ? o.url : undefined,
        publisher: typeof o.source === 'string' ? o.source : undefined,
        publishedAt: typeof o.published === 'string' ? new Date(o.published).toISOString() : undefined,
      };
      out.push({ ok: true, label, draft });
    } catch (err) {
      out.push({ ok: false, label, error: (err as Error).message });
    }
  });
  return out;
}
