/** Invented articles for the story tests: two developing stories and unrelated one-offs. */
import type { ArticleDraftInput } from '../../src/model.ts';
import { draft } from '../helpers.ts';

let n = 0;
function article(headline: string, body: string[], publishedAt: string | undefined, publisher = 'The Harbour Herald'): ArticleDraftInput {
  n += 1;
  return draft({ headline, standfirst: undefined, body, publishedAt, publisher, url: `https://news${n % 3}.example/story/${n}` });
}

/** Captions of a gallery of unrelated news. */
const GALLERY = [
  'Photos: the week in pictures. Singer Dana Holloway waves to fans at the Corvale music awards, where she won three prizes.',
  'Striker Paulo Okafor celebrates a goal for Kestrel United in the cup final at Dunmore stadium. Hide caption 2 of 40.',
  'Chef Rosa Lindqvist opens her new restaurant in Port Sabine with a tasting menu of local seafood. Hide caption 3 of 40.',
  'Runners cross the old harbour bridge in the Port Sabine marathon, won this year by Amira Castell. Hide caption 4 of 40.',
  'The Corvale city orchestra rehearses in the restored opera house before its season opens on Friday. Hide caption 5 of 40.',
  'Climbers from the Dunmore alpine club reach the summit of Mount Oskar after a three-day ascent. Hide caption 6 of 40.',
  'Fashion designer Theo Marchetti presents his spring collection on a floating catwalk in Corvale. Hide caption 7 of 40.',
  'A giant panda cub born at the Port Sabine zoo takes its first steps in front of keepers. Hide caption 8 of 40.',
  'Cyclists race through the vineyards of the Oren valley on the third stage of the national tour. Hide caption 9 of 40.',
  'Novelist Ines Varga signs copies of her prize-winning book at the Dunmore literary festival. Hide caption 10 of 40.',
  'Students in Corvale launch a weather balloon that films the curve of the Earth from the stratosphere. Hide caption 11 of 40.',
  'Tennis champion Mirela Stan lifts the trophy after a five-set final at the Kestrel open. Hide caption 12 of 40.',
];

export const volcano = {
  first: (at = '2026-03-02T08:00:00.000Z') =>
    article('Mount Arlen volcano erupts, villages near Velmora evacuated', [
      'Mount Arlen erupted before dawn on Monday, sending a column of ash over Velmora and forcing the evacuation of four villages on its slopes.',
      'The Velmora civil protection agency said lava was flowing down the eastern flank of Mount Arlen toward the Tarsk valley.',
      'Volcanologist Ilse Brandt said the Arlen eruption was the strongest since records began at the observatory.',
    ], at),
  followUp: (at = '2026-03-03T10:00:00.000Z') =>
    article('Ash from Arlen eruption grounds flights as Velmora shelters evacuees', [
      'Flights out of Velmora were grounded on Tuesday as ash from the Mount Arlen eruption drifted over the airport.',
      'Evacuees from the villages below Mount Arlen spent the night in Velmora schools, the civil protection agency said.',
      'Ilse Brandt of the Arlen observatory warned that lava could still reach the Tarsk valley if the eruption continues.',
    ], at, 'Velmora Daily'),
  background: (at = '2026-02-27T09:00:00.000Z') =>
    article('Scientists warn of unrest under Mount Arlen near Velmora', [
      'Scientists at the Arlen observatory recorded a swarm of small earthquakes under Mount Arlen, Ilse Brandt said.',
      'The Velmora civil protection agency asked villages on the volcano slopes to review evacuation plans for the Tarsk valley.',
      'An eruption of Mount Arlen was possible within weeks, the observatory said in a bulletin.',
    ], at, 'Science Wire'),
  /**
   * A report of the eruption whose extracted text is a photo gallery of other news, as crawls of
   * gallery pages give: only its headline says what it is about.
   */
  gallery: (at: string | undefined) => article('Mount Arlen volcano erupts: villages evacuated near Velmora', GALLERY, at, 'Picture Desk'),
  later: (at: string) =>
    article('Velmora villagers return home months after Mount Arlen eruption', [
      'Villagers evacuated when Mount Arlen erupted returned to their homes above the Tarsk valley on Saturday.',
      'The Velmora civil protection agency said the Arlen lava flows had cooled and the eruption was over, Ilse Brandt confirmed.',
      'Rebuilding the villages on the slopes of Mount Arlen will take years, officials in Velmora said.',
    ], at, 'Velmora Daily'),
};

export const transfer = (at = '2026-03-02T15:00:00.000Z') =>
  article('Kestrel United sign striker Paulo Okafor in record transfer', [
    'Kestrel United have signed striker Paulo Okafor from Dunmore Rovers for a club record fee, the club announced.',
    'Okafor scored thirty goals for Dunmore last season and joins Kestrel on a five year contract.',
    'Kestrel manager Hanna Lind said Okafor was the forward the squad had needed for a decade.',
  ], at, 'Sports Desk');

export const budget = (at: string) =>
  article('Finance minister Oren Saule unveils spring budget with tax cuts', [
    'Finance minister Oren Saule presented the spring budget to parliament, promising income tax cuts for low earners.',
    'Saule said the deficit would fall below two percent of output by the end of the parliamentary term.',
    'Opposition leader Maja Orlov called the Saule budget a gift to landlords and banks.',
  ], at, 'Capital Times');

/** An unrelated one-off made of invented words of its own, for filling the archive with many stories. */
export const oneOff = (i: number, at: string) => {
  const syllables = ['ka', 'lo', 'mi', 'ren', 'tu', 'vas', 'zel', 'dor', 'fin', 'gul', 'hes', 'jor'];
  const word = (j: number) => `${syllables[(i * 7 + j) % 12]}${syllables[(i + j * 5) % 12]}${i}x${j}`;
  const words = Array.from({ length: 12 }, (_, j) => word(j));
  return article(`${words[0]} ${words[1]} ${words[2]}`, [
    `The ${words[3]} of ${words[4]} was seen near ${words[5]} with ${words[6]} and ${words[7]}.`,
    `Later the ${words[8]} met the ${words[9]}, and ${words[10]} followed ${words[11]}.`,
  ], at, `Paper${i}`);
};

/**
 * Two look-alike events: two earthquakes on the same island, in the same words and with the same main
 * names, years apart; only the event's own facts (magnitude, toll, year, the villages hit) differ.
 * Undated, like wire copy without a dateline, so time cannot tell them apart.
 */
const quake1 = (lead: string, rest: string[], publisher: string) =>
  article(lead, [
    'An earthquake of magnitude 5.9 struck Qeshm island off the southern coast of Iran, killing 13 people in Tourian and Dargahan, state television said.',
    ...rest,
  ], undefined, publisher);

/** The second quake, years later, told by other reporters in other words. */
const quake2 = (lead: string, rest: string[], publisher: string) =>
  article(lead, [
    'Rescuers dug through collapsed houses in Salakh on Qeshm island after a magnitude 6.1 earthquake killed 27 people, Iranian officials said.',
    ...rest,
  ], undefined, publisher);

export const quakes = {
  first: [
    () => quake1('Earthquake of magnitude 5.9 strikes Qeshm island, 13 dead', [
      'The Qeshm governor said rescue teams from Bandar Abbas were searching the rubble in Tourian.',
      'It was the strongest quake on the island since 1996, the seismological centre said.',
    ], 'Gulf Wire'),
    () => quake1('Iran quake: 13 killed in Tourian and Dargahan on Qeshm', [
      'Survivors in Dargahan slept in the open for fear of aftershocks, and schools stayed shut.',
      'Hospitals in Bandar Abbas took in 40 injured from Tourian; the 5.9 tremor cracked the road to the port.',
    ], 'Tehran Post'),
    () => quake1('Tourian mourns 13 dead after 5.9 quake on Qeshm island', [
      'Residents of Tourian described walls folding in seconds as the ground shook before dawn.',
      'Aid agencies said water and blankets were most needed in Dargahan, where mud brick houses collapsed.',
    ], 'Harbour Herald'),
  ],
  second: [
    () => quake2('Qeshm quake: 27 killed as 6.1 tremor flattens Salakh', [
      'The 6.1 quake hit at 11:20 local time, ten kilometres below Salakh, the seismological centre in Tehran said.',
      'Many of the 27 dead were asleep when mud brick homes in Salakh and nearby Masen fell, local officials said.',
      'Red Crescent teams from Bandar Abbas flew in tents; the Qeshm governor said 70 people were injured.',
    ], 'Gulf Wire'),
    () => quake2('Iran: 6.1 earthquake on Qeshm island kills 27 in Salakh and Masen', [
      'Salakh mayor Karim Nouri said 19 of the 27 victims were from his town and the rest from Masen.',
      'Iran sent 1,200 rescuers to the island; the 6.1 tremor was felt in Dubai across the Gulf.',
      'Survivors in Masen spent the night outdoors as 14 aftershocks shook Qeshm.',
    ], 'Tehran Post'),
  ],
};
