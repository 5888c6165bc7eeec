import { describe, expect, it } from 'vitest';
import { parseByline } from '../../src/ingest/byline.ts';

describe('parseByline', () => {
  it('reads "Name in Place and Name in Place"', () => {
    expect(parseByline('Andrew Roth in Moscow and Julian Borger in Washington')).toEqual([
      { name: 'Andrew Roth', location: 'Moscow' },
      { name: 'Julian Borger', location: 'Washington' },
    ]);
  });

  it('reads "By X and Y"', () => {
    expect(parseByline('By Jane Doe and John Smith')).toEqual([{ name: 'Jane Doe' }, { name: 'John Smith' }]);
  });

  it('reads "X, Y and Z"', () => {
    expect(parseByline('Ben Solomon, Noah Payne-Frank and Martin Chulov')).toEqual([
      { name: 'Ben Solomon' },
      { name: 'Noah Payne-Frank' },
      { name: 'Martin Chulov' },
    ]);
  });

  it('reads "X in Kyiv"', () => {
    expect(parseByline('Luke Harding in Kyiv')).toEqual([{ name: 'Luke Harding', location: 'Kyiv' }]);
  });

  it('reads three located people', () => {
    expect(parseByline('Luke Harding in Kyiv, Andrew Roth in Moscow and Julian Borger in Washington')).toEqual([
      { name: 'Luke Harding', location: 'Kyiv' },
      { name: 'Andrew Roth', location: 'Moscow' },
      { name: 'Julian Borger', location: 'Washington' },
    ]);
  });

  it('reads located people followed by one without a place', () => {
    expect(parseByline('Julian Borger in Washington, Luke Harding in Kyiv, Andrew Roth in Moscow and Dan Sabbagh')).toEqual([
      { name: 'Julian Borger', location: 'Washington' },
      { name: 'Luke Harding', location: 'Kyiv' },
      { name: 'Andrew Roth', location: 'Moscow' },
      { name: 'Dan Sabbagh' },
    ]);
  });

  it('splits a name from a following role; a correspondent files from the posting', () => {
    expect(parseByline('Andrew Roth Moscow correspondent, and Julian Borger in Washington')).toEqual([
      { name: 'Andrew Roth', location: 'Moscow', role: 'Moscow correspondent' },
      { name: 'Julian Borger', location: 'Washington' },
    ]);
    expect(parseByline('Patrick Wintour Diplomatic editor')).toEqual([{ name: 'Patrick Wintour', role: 'Diplomatic editor' }]);
  });

  it('attaches a role after a comma to the person before it', () => {
    expect(parseByline('Nicholas Watt in Amman and Ian Black, Middle East editor')).toEqual([
      { name: 'Nicholas Watt', location: 'Amman' },
      { name: 'Ian Black', role: 'Middle East editor' },
    ]);
    expect(parseByline('Julian Borger, diplomatic editor')).toEqual([{ name: 'Julian Borger', role: 'diplomatic editor' }]);
  });

  it('reads a shouted name with an agency affiliation', () => {
    expect(parseByline('By JANE DOE, Associated Press')).toEqual([{ name: 'Jane Doe', role: 'Associated Press' }]);
    expect(parseByline('By MARY O’BRIEN and ANDREW McDONALD')).toEqual([{ name: 'Mary O’Brien' }, { name: 'Andrew McDonald' }]);
  });

  it('takes the reporters of "Reporting by A; Editing by B"', () => {
    expect(parseByline('Reporting by Anna Kovacs in Budapest and Ben Wu; Editing by Carla Diaz')).toEqual([
      { name: 'Anna Kovacs', location: 'Budapest' },
      { name: 'Ben Wu' },
    ]);
  });

  it('drops "and agencies" and "Staff and agencies"', () => {
    expect(parseByline('Andrew Roth and agencies')).toEqual([{ name: 'Andrew Roth' }]);
    expect(parseByline('Staff and agencies')).toEqual([]);
    expect(parseByline('Guardian staff and agencies')).toEqual([]);
    expect(parseByline('Valley Ledger staff')).toEqual([]);
  });

  it('ignores emails, handles and "| Updated" noise', () => {
    expect(parseByline('By Jane Doe | Updated 3:45 PM ET, Tue March 1, 2022')).toEqual([{ name: 'Jane Doe' }]);
    expect(parseByline('Jane Doe jane.doe@example.com (@janedoe)')).toEqual([{ name: 'Jane Doe' }]);
    expect(parseByline('Omar Said @omarsaid, https://example.com/omar')).toEqual([{ name: 'Omar Said' }]);
  });

  it('keeps name particles and initials', () => {
    expect(parseByline('Jean-Claude van Damme in Paris')).toEqual([{ name: 'Jean-Claude van Damme', location: 'Paris' }]);
    expect(parseByline('J. K. Rowling')).toEqual([{ name: 'J. K. Rowling' }]);
  });

  it('gives [] for empty input and never throws', () => {
    expect(parseByline('')).toEqual([]);
    expect(parseByline('   ')).toEqual([]);
    for (const s of ['and', ',,,', ';', '|', 'in in in', 'By', 'x'.repeat(5000), '\u0000\u0001', '( ) [ ]', 'Reporting by; Editing by', null, undefined, 42]) {
      expect(() => parseByline(s as string)).not.toThrow();
      expect(Array.isArray(parseByline(s as string))).toBe(true);
    }
  });
});
