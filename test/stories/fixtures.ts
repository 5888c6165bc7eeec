/** Invented articles for the story tests: two developing stories and unrelated one-offs. */
import type { ArticleDraftInput } from '../../src/model.ts';
import { draft } from '../helpers.ts';

let n = 0;
function article(headline: string, body: string[], publishedAt: string | undefined, publisher = 'The Harbour Herald'): ArticleDraftInput {
  n += 1;
  return draft({ headline, standfirst: undefined, body, publishedAt, publisher, url: `https://news${n % 3}.example/story/${n}` });
}

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
