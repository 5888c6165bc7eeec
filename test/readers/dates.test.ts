import { describe, expect, it } from 'vitest';
import { IsoTime } from '../../src/model.ts';
import { dateInPath, datelineOf, toIsoUtc } from '../../src/ingest/dates.ts';

describe('toIsoUtc', () => {
  it.each([
    ['2021-12-02T10:00:00+03:00', '2021-12-02T07:00:00.000Z'],
    ['2021-12-02T10:00:00.5-0500', '2021-12-02T15:00:00.500Z'],
    ['2012-08-19T17:38:51Z', '2012-08-19T17:38:51.000Z'],
    ['2022-02-01 19:18', '2022-02-01T19:18:00.000Z'],
    // Date only: noon UTC, as the shared demo corpus does; its own 12:00:00Z stays 12:00.
    ['2019-01-04', '2019-01-04T12:00:00.000Z'],
    ['2019-01-04T12:00:00Z', '2019-01-04T12:00:00.000Z'],
    ['Tue, 01 Feb 2022 19:18:00 GMT', '2022-02-01T19:18:00.000Z'],
    ['Tue, 1 Feb 2022 19:18:00 +0100', '2022-02-01T18:18:00.000Z'],
    ['01 Feb 2022 14:18 EST', '2022-02-01T19:18:00.000Z'],
    ['01, Feb, 2022 @7:18 PM', '2022-02-01T19:18:00.000Z'],
    ['20, Jan, 2022 @12:11 AM', '2022-01-20T00:11:00.000Z'],
    ['08, Sep, 2023 @6:00 AM', '2023-09-08T06:00:00.000Z'],
    ['May 03, 2013', '2013-05-03T12:00:00.000Z'],
    ['3 May 2013', '2013-05-03T12:00:00.000Z'],
    ['1643743080', '2022-02-01T19:18:00.000Z'],
    ['1643743080000', '2022-02-01T19:18:00.000Z'],
    ['Tuesday, February 1st, 2022 at 7pm', '2022-02-01T19:00:00.000Z'],
  ])('%s -> %s', (input, expected) => {
    expect(toIsoUtc(input)).toBe(expected);
    expect(IsoTime.safeParse(toIsoUtc(input)).success).toBe(true);
  });

  it('takes numbers (seconds or milliseconds) and Dates', () => {
    expect(toIsoUtc(1643743080)).toBe('2022-02-01T19:18:00.000Z');
    expect(toIsoUtc(1643743080000)).toBe('2022-02-01T19:18:00.000Z');
    expect(toIsoUtc(new Date(Date.UTC(2022, 1, 1)))).toBe('2022-02-01T00:00:00.000Z');
  });

  it.each([undefined, '', 'garbage', 'yesterday', 'Feb 30, 2020', '2022-13-01', '2022-02-01T25:00:00Z', 'next Tuesday', NaN, new Date('x')])(
    'is undefined for %s and never throws',
    (input) => {
      expect(toIsoUtc(input as string)).toBeUndefined();
    },
  );

  it('never throws on odd values', () => {
    for (const v of [null, {}, [], Symbol.iterator, 'x'.repeat(10_000), '\u0000', 1e300, -1e300]) expect(() => toIsoUtc(v as never)).not.toThrow();
  });
});

describe('dateInPath', () => {
  it.each([
    ['https://www.theguardian.com/world/2021/dec/02/biden-putin-talks', '2021-12-02T12:00:00.000Z'],
    ['http://nypost.com/2013/05/02/lindsay-lohan-is-mia/', '2013-05-02T12:00:00.000Z'],
    ['http://articles.timesofindia.indiatimes.com/2011-11-12/india/30391127_1_somali', '2011-11-12T12:00:00.000Z'],
    ['../shared/reference/guardian-2021-12-02-biden-putin-talks.txt', '2021-12-02T12:00:00.000Z'],
    ['/archive/valmoracourier_2023_10_09_durcal.html', '2023-10-09T12:00:00.000Z'],
  ])('%s names %s', (path, iso) => {
    expect(dateInPath(path)).toBe(iso);
  });

  it.each([
    ['https://example.com/story/30391127'],
    ['https://example.com/2023/02/31/no-such-day'],
    ['https://example.com/1875/05/03/too-early-to-be-a-news-url'],
    ['https://example.com/a12023-10-09b/glued-to-other-text'],
    ['report-2023-10.txt'],
    ['stdin'],
    [undefined],
  ])('%s names no day', (path) => {
    expect(dateInPath(path)).toBeUndefined();
  });
});

describe('datelineOf', () => {
  it.each([
    ['Updated: November 11, 2011 20:09 IST', '2011-11-11T12:00:00.000Z'],
    ['Friday, November 11, 2011', '2011-11-11T12:00:00.000Z'],
    ['Last updated 13:26 14/09/2013 A 36-year-old Australian climber is dead', '2013-09-14T12:00:00.000Z'],
    ['11/28/05 Aftershocks jolt the island', '2005-11-28T12:00:00.000Z'],
    ['Posted: Nov 27, 2005 8:20 AM ET Last Updated: Nov 27, 2005 8:10 PM ET', '2005-11-27T12:00:00.000Z'],
    ['Published: 09th June 2013 A MAN was last night being questioned', '2013-06-09T12:00:00.000Z'],
    ['12 January 2010 @ 09:29 pm', '2010-01-12T12:00:00.000Z'],
  ])('%s opens with %s', (text, iso) => {
    expect(datelineOf(text)).toBe(iso);
  });

  it.each([
    ['A judge sentenced Brian Nichols for his deadly 2005 rampage at Fulton Courthouse.'],
    ['Last year, on 3 May 2012, the council met.'],
    ['Mumbai, Nov 11 - Indian Navy patrolling the gulf'],
    ['The man arrested last night on charges of murder'],
    ['Updated Saturday at 8:28 PM'],
    ['Posted on February 31, 2012'],
    [''],
    [undefined],
  ])('%s opens with no dateline', (text) => {
    expect(datelineOf(text)).toBeUndefined();
  });
});
