import { describe, expect, it } from 'vitest';
import { renderToString } from 'preact-render-to-string';
import { StorySpan } from '../../src/server/pages/components.tsx';

const text = (html: string) => html.replace(/<[^>]+>/g, '');

describe('StorySpan', () => {
  it('shows a story that spans days as a range, and one that fits in a day as that one day', () => {
    const weeks = { firstPublishedAt: '2024-04-08T09:00:00.000Z', lastPublishedAt: '2024-05-27T13:10:00.000Z' };
    const day = { firstPublishedAt: '2024-04-03T08:30:00.000Z', lastPublishedAt: '2024-04-03T19:00:00.000Z' };
    expect(text(renderToString(<StorySpan story={weeks} />))).toBe('8 Apr 2024 – 27 May 2024');
    expect(text(renderToString(<StorySpan story={weeks} prose />))).toBe(' from 8 Apr 2024 to 27 May 2024');
    expect(text(renderToString(<StorySpan story={day} />))).toBe('3 Apr 2024');
    expect(text(renderToString(<StorySpan story={day} prose />))).toBe(' on 3 Apr 2024');
    expect(renderToString(<StorySpan story={{}} />)).toBe('');
  });
});
