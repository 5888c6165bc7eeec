/**
 * Metadata on real pages: 21 pages of the extraction benchmark (read from ../shared at run time, never
 * copied into the repo), with expectations checked by hand against each page's HTML: headline exact,
 * first words of the description, author names, publication time in UTC, image URL start, section and
 * language. Skipped when the shared data is absent.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ArticleDraftSchema } from '../../src/model.ts';
import { extractArticle } from '../../src/ingest/readers/html.ts';

const DIR = fileURLToPath(new URL('../../../shared/eval/extraction/', import.meta.url));
const present = existsSync(`${DIR}ground-truth.json`);
if (!present) console.warn(`benchmark metadata test skipped: ${DIR} is absent`);

interface Expected {
  headline: string;
  standfirst: string;
  authors: string[];
  publishedAt: string;
  image: string;
  section?: string;
  language?: string;
}

const EXPECTED: Record<string, Expected> = {
  '042bb7b5': { "headline":"Google Stadia, Microsoft xCloud, Apple Arcade: So Many Ways to Play…and Pay","standfirst":"There are more devices, platforms and se","authors":["Sarah E. Needleman"],"publishedAt":"2019-11-19T13:03:00.000Z","image":"https://images.wsj.net/im-128022?width=1280&s","section":"Tech","language":"en-US"},
  '06e5123e': { "headline":"New York State Attorney General investigating WeWork and former CEO","standfirst":"The New York State Attorney General is i","authors":["Reuters"],"publishedAt":"2019-11-19T07:03:25.000Z","image":"https://venturebeat.com/wp-content/uploads/20","section":"Business","language":"en-US"},
  '08f79376': { "headline":"Browns player on Mason Rudolph's role in fight with Myles Garrett: He asked for it","standfirst":"One member of the Browns' defense didn't","authors":["Bryan DeArdo"],"publishedAt":"2019-11-19T02:24:00.000Z","image":"https://sportshub.cbsistatic.com/i/r/2019/11/","language":"en"},
  '16c30add': { "headline":"Delhi air pollution: The law that’s helping fuel the city’s poor air quality","standfirst":"A policy to conserve water led to the ri","authors":["Umair Irfan"],"publishedAt":"2019-11-08T20:30:00.000Z","image":"https://cdn.vox-cdn.com/thumbor/CZQZ9Kf4JJ5KV","section":"Science & Health","language":"en"},
  '232a43fb': { "headline":"13-Inch MacBook Pro With Scissor Keyboard Expected in First Half of 2020","standfirst":"Following the 16-inch MacBook Pro, Apple","authors":["Joe Rossignol"],"publishedAt":"2019-11-18T10:45:00.000Z","image":"https://cdn.macrumors.com/article-new/2019/11","language":"en"},
  '2f42ef1d': { "headline":"The Future of Banking Is … You're Broke","standfirst":"Our present financial ruin is being turn","authors":["Molly Wood"],"publishedAt":"2019-11-14T14:00:00.000Z","image":"https://media.wired.com/photos/5dcc716bb8fdfa","section":"ideas","language":"en"},
  '374ac9a5': { "headline":"Emirates inks $9 billion order for 30 Boeing 787 jets, will restart plans to expand airline by early 2020s","standfirst":"The order is crucial for the American ae","authors":["Natasha Turak"],"publishedAt":"2019-11-20T09:29:08.000Z","image":"https://image.cnbcfm.com/api/v1/image/1048556","section":"Business News","language":"en"},
  '51d066b0': { "headline":"'We Got Her!': Video Shows Dramatic Rescue of Kidnapped Fort Worth Girl","standfirst":"A video showing the dramatic moment a ki","authors":["Scott Gordon"],"publishedAt":"2019-11-18T22:07:38.000Z","image":"https://media.nbcdfw.com/images/652*367/webb-","language":"en"},
  '5a822960': { "headline":"House Hitler was born in will become a police station, Austria says","standfirst":"The house where Adolf Hitler was born wi","authors":["Reuters"],"publishedAt":"2019-11-20T09:28:00.000Z","image":"https://media3.s-nbcnews.com/i/newscms/2019_4","section":"news","language":"en"},
  '624fcd90': { "headline":"Hong Kong chaos: China deploys troops and warns SURRENDER is only option","standfirst":"CHINA has sent troops to Hong Kong in a ","authors":["Laura Mowat"],"publishedAt":"2019-11-19T10:48:00.000Z","image":"https://cdn.images.express.co.uk/img/dynamic/","section":"World","language":"en"},
  '686bb170': { "headline":"The Weird Plumes of Jupiter's Moon Europa Are Spewing Water Vapor","standfirst":"Europa's plumes appear to be real, but v","authors":["Mike Wall"],"publishedAt":"2019-11-18T20:51:19.000Z","image":"https://cdn.mos.cms.futurecdn.net/7xe2LTnY3AL","section":"Jupiter","language":"en"},
  '7a457a4f': { "headline":"New York man pleads guilty to threatening to kill Rep. Ilhan Omar","standfirst":"A New York state man who called the offi","authors":["Phil Helsel"],"publishedAt":"2019-11-19T08:41:00.000Z","image":"https://media1.s-nbcnews.com/i/newscms/2019_4","section":"news","language":"en"},
  '7f93c194': { "headline":"Cannabis Use Disorder is Rising in U.S. States Where Weed is Legal","standfirst":"Problematic cannabis use rose by 37 perc","authors":["Kashmira Gander"],"publishedAt":"2019-11-13T21:00:01.000Z","image":"https://d.newsweek.com/en/full/1544457/mariju","section":"Health","language":"en"},
  '87bf6057': { "headline":"In Prince Andrew’s dumpster-fire Epstein interview, the truth comes out","standfirst":"While Anglophiles spent the weekend watc","authors":["Madeline Fry"],"publishedAt":"2019-11-18T17:01:27.893Z","image":"https://mediadc.brightspotcdn.com/dims4/defau","section":"Opinion","language":"en"},
  'b0cf2bbf': { "headline":"South Korea’s roadmap to drive down solar costs","standfirst":"The government has unveiled a plan to he","authors":["Emiliano Bellini"],"publishedAt":"2019-11-20T09:03:33.000Z","image":"https://www.pv-magazine.com/wp-content/upload","language":"en-US"},
  'ba4dfe2d': { "headline":"Bubonic plague: Third case of plague in China as panic begins – ‘The plague is coming’","standfirst":"A THIRD case of the plague has been repo","authors":["Sean Martin"],"publishedAt":"2019-11-19T00:01:00.000Z","image":"https://cdn.images.express.co.uk/img/dynamic/","section":"Science","language":"en"},
  'c7e39ac4': { "headline":"Sweden drops Assange rape investigation","standfirst":"Prosecutors drop a rape inquiry into Wik","authors":["BBC News"],"publishedAt":"2019-11-19T17:42:40.000Z","image":"https://ichef.bbci.co.uk/images/ic/720x405/p0","section":"Europe","language":"en"},
  'e7994d55': { "headline":"UK Tories under fire for Twitter name switch during debate","standfirst":"LONDON (AP) — Britain's Conservative Par","authors":["Danica Kirka","Jill Lawless"],"publishedAt":"2019-11-20T11:01:44.000Z","image":"https://mapi.associatedpress.com/v1/items/496","language":"en"},
  'eb62ac84': { "headline":"Scooter Braun allegedly ‘frustrated’ with Big Machine partner Scott Borchetta amid Taylor Swift feud: report","standfirst":"Scooter Braun is allegedly unhappy with ","authors":["Julius Young"],"publishedAt":"2019-11-18T22:50:58.000Z","image":"https://a57.foxnews.com/static.foxnews.com/fo","language":"en"},
  '1f765c48': { "headline":"Royal Self-Indicting Arrogance","standfirst":"What was this British royal and his PR a","authors":["Finian Cunningham"],"publishedAt":"2019-11-18T21:17:27.000Z","image":"https://sputniknews.com/sharing_snippet/10773","language":"en"},
  '4219d096': { "headline":"Homemade Spiced Honey Pear Jam for the Holidays","standfirst":"This holiday season I was thinking of fl","authors":["Regan"],"publishedAt":"2017-12-06T12:00:00.000Z","image":"https://theantijunecleaver.com/wp-content/upl","language":"en-US"},
};

describe.skipIf(!present)('metadata on benchmark pages', () => {
  const truth = present ? (JSON.parse(readFileSync(`${DIR}ground-truth.json`, 'utf8')) as Record<string, { url?: string }>) : {};
  const files = present ? readdirSync(`${DIR}html`) : [];
  for (const [short, want] of Object.entries(EXPECTED)) {
    it(short, () => {
      const file = files.find((f) => f.startsWith(short));
      expect(file, `page ${short}`).toBeDefined();
      const id = file!.replace('.html.gz', '');
      const draft = extractArticle(gunzipSync(readFileSync(`${DIR}html/${file}`)).toString('utf8'), truth[id]?.url);
      expect(() => ArticleDraftSchema.parse(draft)).not.toThrow();
      expect(draft.headline).toBe(want.headline);
      expect(draft.standfirst?.startsWith(want.standfirst)).toBe(true);
      expect(draft.contributors?.map((c) => c.name)).toEqual(want.authors);
      expect(draft.publishedAt).toBe(want.publishedAt);
      expect(draft.image?.url.startsWith(want.image)).toBe(true);
      expect(draft.section).toBe(want.section);
      expect(draft.language).toBe(want.language);
      expect(draft.body.length).toBeGreaterThan(0);
    });
  }
});
