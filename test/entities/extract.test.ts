import { describe, expect, it } from 'vitest';
import { MentionSchema, type Mention } from '../../src/model.ts';
import { analyseEntities, contributorMentions, entityKey, entityText, extractEntities } from '../../src/analyse/entities.ts';
import { INVENTED_TALKS } from './fixtures/invented-talks.ts';

const find = (ms: Mention[], name: string) => ms.find((m) => m.name === name);
const names = (ms: Mention[], type?: string) => ms.filter((m) => !type || m.type === type).map((m) => m.name);
const one = (text: string, headline = 'Report') => extractEntities({ headline, body: [text] });

describe('entityKey', () => {
  it('folds case, diacritics, punctuation, dotted acronyms and a leading "the"', () => {
    expect(entityKey('NATO')).toBe(entityKey('Nato'));
    expect(entityKey('Süddeutsche Zeitung')).toBe('suddeutsche zeitung');
    expect(entityKey('U.S.')).toBe('us');
    expect(entityKey('U. S. Marshals Service')).toBe('us marshals service');
    expect(entityKey("Sam's Club")).toBe('sams club');
    expect(entityKey('The Geysers')).toBe('geysers');
    expect(entityKey('Mazar-i-Sharif')).toBe('mazar i sharif');
  });
});

describe('titles', () => {
  it('strips a title before a name and types the name a person', () => {
    const ms = one('The talks ended. President Biden said he would call Prime Minister Boris Johnson on Friday.');
    expect(find(ms, 'Biden')?.type).toBe('person');
    expect(find(ms, 'Boris Johnson')?.type).toBe('person');
    expect(names(ms)).not.toContain('President Biden');
  });

  it('takes a capitalised word that says what someone does as the start of a name mid-sentence, unless a name follows', () => {
    const works = one('Fans queued for the new Star Wars film, and Golden Star Aviation flew them in. He won the Most Valuable Player Award.');
    expect(names(works, 'person')).toEqual([]);
    expect(names(works).filter((n) => /^(Wars|Aviation|Award)$/.test(n))).toEqual([]);
    // A name after it: a first name, two capitalised words, or a word the text also uses alone.
    const people = one('The film starred Star Emma Stone. In a photo, Actress Amber Heard smiles. Later, Singer Rihanna waved, and fans said Rihanna was tired.');
    expect(names(people, 'person')).toEqual(expect.arrayContaining(['Emma Stone', 'Amber Heard', 'Rihanna']));
    expect(names(people).filter((n) => /^(Star|Actress|Singer) /.test(n))).toEqual([]);
    // Where capitals say nothing, it is a title as before; an honorific always is.
    expect(names(one('Actor Tom Hanks said Lord Sugar was right.'), 'person')).toEqual(expect.arrayContaining(['Tom Hanks', 'Sugar']));
  });

  it('reads the words between two titles as part of the title, not as a person ("Deputy Prime Minister", "Acting Health Minister")', () => {
    const ms = one('Deputy Prime Minister Chrystia Freeland met Acting Health Minister Jane Doe. Deputy Emergency Situations Minister Alexander Chupriyan '
      + 'told TASS, and former Vice Chairman Arvin Vohra agreed with Former Defence Secretary Ben Wallace. Dr Ilse Brandt Chief Executive resigned.');
    // Ilse Brandt keeps the title before her name: no name follows "Chief Executive".
    expect(names(ms, 'person')).toEqual(expect.arrayContaining(['Alexander Chupriyan', 'Arvin Vohra', 'Ben Wallace', 'Chrystia Freeland', 'Ilse Brandt', 'Jane Doe']));
    for (const portfolio of ['Prime', 'Health', 'Emergency Situations', 'Vice', 'Defence']) expect(names(ms)).not.toContain(portfolio);
  });

  it('reads a run of titles alone as an office, not a person, but a title word after an honorific as a surname', () => {
    const ms = one('The Office of the Deputy Prime Minister said so. We have a Prime Minister who listens. Chargers General Manager A.J. Smith '
      + 'and Lisa Su, Senior Vice President and General Manager, agreed. Dr King spoke last.');
    for (const office of ['Minister', 'Prime Minister', 'President', 'Manager', 'General Manager']) expect(names(ms, 'person')).not.toContain(office);
    expect(names(ms, 'person')).toEqual(expect.arrayContaining(['Lisa Su', 'King']));
  });

  // Organisation names and nobody a person, each case a rule of the extractor.
  for (const { rule, text, organisations } of [
    {
      rule: 'keeps a title word inside "Ministry of ..." and before "Command" in the organisation\'s name',
      text: 'The Ministry of Foreign Affairs condemned the launch, according to the North American Aerospace Defense Command.',
      organisations: ['Ministry of Foreign Affairs', 'North American Aerospace Defense Command'],
    },
    {
      rule: 'keeps a demonym before a lone organisation head as part of the name ("Indian Navy", "British Parliament")',
      text: 'The Indian Navy said it had sunk the ship. The British Parliament voted on Tuesday, and the Palestinian Authority replied.',
      organisations: ['British Parliament', 'Indian Navy', 'Palestinian Authority'],
    },
    {
      rule: 'types a name ending in Library, Engineering or Protection an organisation',
      text: 'The report by Halvorsen Civil Engineering was read at Northgate Central Library before Veldmark Civil Protection replied.',
      organisations: ['Halvorsen Civil Engineering', 'Northgate Central Library', 'Veldmark Civil Protection'],
    },
    {
      rule: 'types a name opening with a sports club word (Sporting, Real, Dynamo) an organisation',
      text: 'The striker left Sporting Aldeira for Real Betis, and Dynamo Kyiv made an offer too.',
      organisations: ['Dynamo Kyiv', 'Real Betis', 'Sporting Aldeira'],
    },
  ]) {
    it(rule, () => {
      const ms = one(text);
      expect(names(ms, 'organisation').sort()).toEqual(organisations);
      expect(names(ms, 'person')).toEqual([]);
    });
  }

  it('never reads "I\'m" or "I\'ve" as a name', () => {
    const ms = one('As an adult actor I\'ve never worked on it, and I’m not sure I\'ll start, said Ilse Brandt.');
    expect(names(ms)).toEqual(['Ilse Brandt']);
  });

  it('strips local, professional and chess titles, also at a sentence start, and splits "Title Name of Organisation"', () => {
    const ms = one('On Sunday Councillor Amir Haddad presented the trophy. Grandmaster Pavel Orzech won the open. '
      + 'Volcanologist Ilse Brandt spoke after Professor Ewan Stroud of Kestrelford University.');
    expect(names(ms, 'person').sort()).toEqual(['Amir Haddad', 'Ewan Stroud', 'Ilse Brandt', 'Pavel Orzech']);
    expect(names(ms, 'organisation')).toEqual(['Kestrelford University']);
  });

  it('reads "X for Y" after an organisation head and a plural possessive before one as one name', () => {
    const ms = one('The National Institute for Public Health said the Amalgamated Dockworkers’ Union and the Office for National Statistics agreed. He voted for Labour.');
    expect(names(ms, 'organisation').sort()).toEqual(['Amalgamated Dockworkers’ Union', 'Labour', 'National Institute for Public Health', 'Office for National Statistics']);
  });

  it('types wharves, marshes and rivers places, and firms named Brothers, Estates, Security or Bio organisations', () => {
    const ms = one('Storks returned to Ellery Marsh near Canal Wharf on the River Tessel, Corlett Brothers and Thornbury Estates said, as did Tidewell Security and Veridian Bio.');
    expect(names(ms, 'place').sort()).toEqual(['Canal Wharf', 'Ellery Marsh', 'River Tessel']);
    expect(names(ms, 'organisation').sort()).toEqual(['Corlett Brothers', 'Thornbury Estates', 'Tidewell Security', 'Veridian Bio']);
    expect(names(ms, 'person')).toEqual([]);
  });

  it('splits "Name of Organisation" after a quote, but keeps "Joint Chiefs of Staff" whole', () => {
    const ms = one('"They are patient," said Anika Sørensen of Tidewell Security. The Joint Chiefs of Staff met on Monday.');
    expect(names(ms, 'organisation').sort()).toEqual(['Joint Chiefs of Staff', 'Tidewell Security']);
  });

  it('types a full name right after a verb of saying a person, but not one after "told"', () => {
    const ms = one('"Rates can stop the bleeding," said Nadia Ferro of Corlett Brothers. "No," added Tariq Moen. The minister told Le Monde.');
    expect(names(ms, 'person').sort()).toEqual(['Nadia Ferro', 'Tariq Moen']);
    expect(names(ms, 'person')).not.toContain('Le Monde');
  });

  it('takes the plural of a role acronym for no name: "MPs", "Opposition MPs", "CEOs"', () => {
    expect(one('The governor told MPs that the CEOs of both banks agreed. Opposition MPs said Nato was silent.').map((m) => m.name)).toEqual(['Nato']);
  });

  it('reads a lower-case title with an apposition: "foreign minister, Sergey Lavrov"', () => {
    const ms = one('The talks stalled after the Russian foreign minister, Sergey Lavrov, left early, and the US secretary of state, Antony Blinken, flew home.');
    expect(find(ms, 'Sergey Lavrov')?.type).toBe('person');
    expect(find(ms, 'Antony Blinken')?.type).toBe('person');
    // "state Antony" is not a place (the mistake a general-purpose tagger made on the reference page).
    expect(ms.filter((m) => m.type === 'place').map((m) => m.name)).toEqual(['United States']);
  });
});

describe('acronyms', () => {
  it('finds acronyms as organisations and skips non-entity ones', () => {
    const ms = one('Officials said the FSB and the SBU traded accusations while the CEO of a TV company watched the OSCE meeting on DUI laws.');
    expect(names(ms, 'organisation').sort()).toEqual(['FSB', 'OSCE', 'SBU']);
  });

  it('merges an acronym with its expansion', () => {
    const ms = one('Files went to the International Consortium of Investigative Journalists (ICIJ) last year. The ICIJ said it checked them.');
    const icij = find(ms, 'International Consortium of Investigative Journalists');
    expect(icij?.type).toBe('organisation');
    expect(icij?.count).toBe(3);
    expect(icij?.aliases).toContain('ICIJ');
  });

  it('does not give a bracketed acronym to a name it cannot abbreviate', () => {
    const ms = one('Ministers met at a gathering of the Organization for Security and Co-operation in Europe (OSCE) in Stockholm. The OSCE said little.');
    expect(find(ms, 'Europe')?.aliases ?? []).not.toContain('OSCE');
    expect(find(ms, 'OSCE')?.type).toBe('organisation');
    const fsb = one('Agents of the Federal Security Service (FSB) were seen. The FSB denied it.');
    expect(find(fsb, 'Federal Security Service')?.aliases).toContain('FSB');
  });

  it('merges acronym initials with a name given in full', () => {
    const ms = one('Officers from the California Highway Patrol stopped him. A CHP officer said he was drunk.');
    expect(find(ms, 'California Highway Patrol')?.aliases).toContain('CHP');
    expect(names(ms)).not.toContain('CHP');
  });
});

describe('possessives', () => {
  it("cuts the possessive: \"Russia's\" is Russia, \"Nato's\" is Nato", () => {
    const ms = one('Officials rejected Russia’s demands and Nato’s reply was firm, and Ukraine\'s army stood by.');
    expect(find(ms, 'Russia')?.type).toBe('place');
    expect(find(ms, 'Nato')?.type).toBe('organisation');
    expect(find(ms, 'Ukraine')?.type).toBe('place');
  });
});

describe('demonyms', () => {
  it('keeps demonyms as evidence for a place, never as a mention or a person', () => {
    const r = analyseEntities({ headline: 'Talks', body: ['Ukrainian officials met Russian diplomats. The Ukrainians said little.'] });
    expect(r.mentions).toEqual([]);
    expect(r.demonymEvidence).toEqual([{ place: 'Ukraine', count: 2 }, { place: 'Russia', count: 1 }]);
  });

  it('strips a demonym before a title and name', () => {
    const ms = one('The talks ended when Ukrainian President Volodymyr Zelensky left.');
    expect(names(ms)).toEqual(['Volodymyr Zelensky']);
  });
});

describe('sentence-initial words, days, months, headline case', () => {
  it('does not take capitalised ordinary words, days or months for names', () => {
    const ms = one('Diplomacy was the only way. Somehow the talks went on. On Thursday in March the ministers met. The meeting ended.');
    expect(ms).toEqual([]);
  });

  it('accepts a sentence-initial surname when the article names the person in full', () => {
    const ms = one('The minister, Dmytro Kuleba, arrived late. Kuleba said the talks were useful.');
    expect(find(ms, 'Dmytro Kuleba')?.count).toBe(2);
  });

  it('ignores the capitals of a Title Case headline unless the text confirms the name', () => {
    const ms = extractEntities({ headline: 'Ministers Reject Secret Plan As Talks Collapse In Vienna', body: ['The plan was rejected in Vienna on Monday.'] });
    expect(names(ms)).toEqual(['Vienna']);
    expect(find(ms, 'Vienna')?.count).toBe(2);
  });

  it('reads an all-caps run as shouting, not as acronyms', () => {
    const ms = one('BREAKING NEWS THREE PEOPLE HAVE DIED IN A BLAZE in Athens.');
    expect(names(ms)).toEqual(['Athens']);
  });
});

describe('alias merging within an article', () => {
  it('merges full name, surname and titled surname into one entity named in full', () => {
    const ms = extractEntities({
      headline: 'Biden to call Putin',
      body: ['Joe Biden will speak to Vladimir Putin soon.', 'President Biden said the call would be direct.', 'Putin has not replied.'],
    });
    const biden = find(ms, 'Joe Biden')!;
    expect(biden.type).toBe('person');
    expect(biden.count).toBe(3);
    expect(biden.aliases).toEqual(['Biden', 'Joe Biden']);
    expect(find(ms, 'Vladimir Putin')?.count).toBe(3);
    expect(biden.firstPosition).toBe(0);
  });

  it('takes neither the place an "X of Y" organisation is named after nor an ordinary word as its short name', () => {
    const ms = one('The National Bank of Maravia raised rates. Bankers in Maravia were surprised. The Port Calder Rovers lost, and Rovers fans left early.');
    expect(find(ms, 'National Bank of Maravia')?.aliases).toEqual(['National Bank of Maravia']);
    expect(find(ms, 'Port Calder Rovers')?.aliases).toContain('Rovers');
    const health = one('The National Institute for Public Health said the virus is new. Health officials asked farmers to wear masks, for the sake of their health.');
    expect(find(health, 'National Institute for Public Health')?.aliases).toEqual(['National Institute for Public Health']);
  });

  it('merges country short forms through the lexicon', () => {
    const ms = one('The US and the United States of America are the same, as are the U.S. and America.');
    expect(ms).toHaveLength(1);
    expect(ms[0]).toMatchObject({ name: 'United States', type: 'place', count: 4 });
  });
});

describe('contributors', () => {
  it('makes contributor mentions of their own kind', () => {
    expect(contributorMentions([{ name: 'Andrew Roth' }, { name: 'Julian Borger' }, { name: 'andrew roth' }])).toEqual([
      { name: 'Andrew Roth', type: 'contributor', count: 1, firstPosition: 0, aliases: ['Andrew Roth'] },
      { name: 'Julian Borger', type: 'contributor', count: 1, firstPosition: 0, aliases: ['Julian Borger'] },
    ]);
  });

  it('does not count a byline paragraph as person mentions, with or without the contributor list', () => {
    const body = ['Talks in Geneva ended without a deal.', 'Andrew Roth in Moscow and Julian Borger in Washington'];
    for (const contributors of [[{ name: 'Andrew Roth' }, { name: 'Julian Borger' }], []]) {
      const ms = extractEntities({ headline: 'Talks end', body, contributors });
      expect(ms.filter((m) => m.type === 'person')).toEqual([]);
      expect(names(ms, 'place')).toEqual(['Geneva', 'Moscow', 'Washington']);
      expect(names(ms, 'contributor')).toEqual(contributors.map((c) => c.name));
    }
  });

  it('keeps a contributor who is really mentioned in the text as a person too', () => {
    const ms = extractEntities({
      headline: 'Reporter detained',
      body: ['Police in Minsk detained the correspondent Andrew Roth, who was later released.', 'Andrew Roth in Moscow'],
      contributors: [{ name: 'Andrew Roth' }],
    });
    expect(ms.filter((m) => m.name === 'Andrew Roth').map((m) => [m.type, m.count])).toEqual([['person', 1], ['contributor', 1]]);
  });
});

describe('the invented talks fixture', () => {
  const ms = extractEntities(INVENTED_TALKS);
  it('finds every name with the right type', () => {
    const expected: [string, string][] = [
      ['Angela Merkel', 'person'], ['Emmanuel Macron', 'person'], ['Heiko Maas', 'person'], ['Vladimir Makei', 'person'],
      ['Jens Stoltenberg', 'person'], ['Nato', 'organisation'], ['OSCE', 'organisation'], ['KGB', 'organisation'], ['EU', 'organisation'],
      ['Belarus', 'place'], ['Vienna', 'place'], ['Minsk', 'place'], ['Grodno', 'place'], ['Warsaw', 'place'], ['Vilnius', 'place'],
    ];
    for (const [name, type] of expected) expect(find(ms, name)?.type, name).toBe(type);
  });

  it('merges surnames and leaves out contributors, demonyms and ordinary capitalised words', () => {
    expect(find(ms, 'Heiko Maas')?.count).toBe(2);
    expect(find(ms, 'Angela Merkel')?.count).toBe(3);
    const people = names(ms, 'person');
    expect(people).not.toContain('Jane Hollis');
    expect(people).not.toContain('Tomas Varga');
    expect(names(ms, 'contributor')).toEqual(['Jane Hollis', 'Tomas Varga']);
    for (const n of ['German', 'Belarusian', 'Polish', 'Diplomacy', 'Tuesday', 'Wednesday', 'March', 'The', 'Chancellor Merkel']) expect(names(ms), n).not.toContain(n);
  });
});

describe('output', () => {
  it('is valid Mention data, ordered by count then first position, with positions into entityText', () => {
    const ms = extractEntities(INVENTED_TALKS);
    const text = entityText(INVENTED_TALKS);
    const textual = ms.filter((m) => m.type !== 'contributor');
    for (const m of ms) expect(MentionSchema.parse(m)).toEqual(m);
    for (let i = 1; i < textual.length; i++) {
      const [a, b] = [textual[i - 1]!, textual[i]!];
      expect(a.count > b.count || (a.count === b.count && a.firstPosition <= b.firstPosition)).toBe(true);
    }
    for (const m of textual) expect(m.aliases.some((al) => text.startsWith(al, m.firstPosition)), m.name).toBe(true);
  });

  it('is deterministic: same input, same output, whatever ran before', () => {
    const first = JSON.stringify(extractEntities(INVENTED_TALKS));
    extractEntities({ headline: 'Other', body: ['Sergei Lavrov met Antony Blinken in Stockholm.'] });
    expect(JSON.stringify(extractEntities(structuredClone(INVENTED_TALKS)))).toBe(first);
  });
});
