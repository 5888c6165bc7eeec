/**
 * Invented articles for tests that need many distinct ones: seeded, so every run makes the same set,
 * and built from a word list so no two are near-duplicates.
 */
const WORDS = (
  'harbour council river bridge station tunnel valley market school clinic ferry airport factory mine ' +
  'farm forest island coast border treaty budget tariff strike union court judge senate minister governor ' +
  'mayor police army navy storm flood drought fire quake volcano outbreak vaccine hospital doctor nurse ' +
  'teacher student pilot sailor miner farmer banker trader engineer architect poet singer athlete coach ' +
  'election ballot protest rally summit talks deal sanction embargo loan bond currency inflation export ' +
  'import harvest festival museum library theatre stadium cathedral monastery castle lighthouse reservoir'
).split(' ');
const PLACES = ['Arlen', 'Velmora', 'Calvereth', 'Korsa', 'Vessa', 'Maravia', 'Valdoria', 'Halden', 'Quillon', 'Kestrelford', 'Ostrava', 'Belmire'];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s / 2 ** 32;
  };
}

export interface SyntheticArticle {
  headline: string;
  body: string[];
  url: string;
  publishedAt: string;
  publisher: string;
}

export function syntheticArticles(count: number, seed = 1): SyntheticArticle[] {
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const sentence = () => {
    const words = Array.from({ length: 10 + Math.floor(rand() * 10) }, () => pick(WORDS));
    return `${pick(PLACES)} ${words.join(' ')}.`;
  };
  return Array.from({ length: count }, (_, i) => ({
    headline: `${pick(PLACES)} ${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)} ${i}`,
    body: Array.from({ length: 4 + Math.floor(rand() * 4) }, () => Array.from({ length: 3 }, sentence).join(' ')),
    url: `https://synthetic.example/${seed}/${i}`,
    publishedAt: new Date(Date.UTC(2025, 0, 1) + i * 3_600_000).toISOString(),
    publisher: pick(['The Harbour Herald', 'Northgate Times', 'Meridian Wire']),
  }));
}

export function toJsonl(articles: readonly object[]): string {
  return `${articles.map((a) => JSON.stringify(a)).join('\n')}\n`;
}
