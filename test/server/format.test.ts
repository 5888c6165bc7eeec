import { describe, expect, it } from 'vitest';
import { formatDateTime } from '../../src/server/format.ts';

describe('formatDateTime', () => {
  it('shows the time of a dated article, and only the day of a date that came without a time', () => {
    expect(formatDateTime('2021-12-02T14:05:00.000Z')).toBe('2 Dec 2021, 14:05 UTC');
    expect(formatDateTime('2021-12-02T12:00:00.000Z')).toBe('2 Dec 2021');
    expect(formatDateTime('2021-12-02T12:00:01.000Z')).toBe('2 Dec 2021, 12:00 UTC');
    expect(formatDateTime('not a date')).toBe('not a date');
  });
});
