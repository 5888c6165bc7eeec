/**
 * Invented test articles: three developing stories of three articles each, and one-off articles, with
 * the story, rail and entity data the related/stories/entities capabilities will provide — served to
 * the app through fake DataHooks, so every page section can be tested before those capabilities land.
 */
import type { ArticleDraftInput, EntityType, Mention, RailEntry, Story } from '../../src/model.ts';
import type { Store } from '../../src/store/store.ts';
import type { DataHooks } from '../../src/server/data.ts';
import { createPipeline } from '../../src/ingest/stages.ts';

interface FixtureArticle {
  key: string;
  story?: 'flood' | 'strike' | 'probe';
  entities: [string, EntityType, number][];
  draft: ArticleDraftInput;
}

const P = (name: string, location?: string, role?: string) => ({ name, ...(location ? { location } : {}), ...(role ? { role } : {}) });

export const FIXTURE: FixtureArticle[] = [
  {
    key: 'flood-1',
    story: 'flood',
    entities: [['Porthaven', 'place', 4], ['Mara Ellison', 'person', 3], ['Porthaven City Council', 'organisation', 2]],
    draft: {
      url: 'https://harbourherald.example/2026/03/02/porthaven-flood-barrier-approved',
      headline: 'Porthaven approves £40m tidal flood barrier after winter storms',
      standfirst: 'Mayor Mara Ellison says the barrier will protect 6,000 homes on the low-lying harbour front',
      body: [
        'Porthaven City Council voted on Monday to build a tidal flood barrier across the mouth of the old harbour, after three storms this winter pushed sea water into streets that had stayed dry for a generation.',
        'The mayor, Mara Ellison, told councillors the £40m scheme would protect roughly 6,000 homes and the fish market, and that work could begin before the autumn equinox tides.',
        '“We cannot keep pumping out cellars and hoping the next surge is smaller,” Ellison said. “This is the decision the harbour has been waiting for since the nineties.”',
        'Opposition councillors questioned the cost estimate, which relies on a national resilience grant that has not yet been confirmed.',
      ],
      contributors: [P('Priya Natarajan', 'Porthaven')],
      publisher: 'The Harbour Herald',
      section: 'Environment',
      publishedAt: '2026-03-02T09:15:00.000Z',
      sourceRelated: [{ headline: 'How the 1953 surge shaped Porthaven', url: 'https://harbourherald.example/archive/1953-surge', byline: 'Archive desk', publishedAt: '2025-01-31T08:00:00.000Z', contributors: [] }],
    },
  },
  {
    key: 'flood-2',
    story: 'flood',
    entities: [['Porthaven', 'place', 3], ['Tidewater Engineering', 'organisation', 3], ['Mara Ellison', 'person', 1]],
    draft: {
      url: 'https://coastalpost.example/news/tidewater-wins-barrier-contract',
      headline: 'Tidewater Engineering wins contract for Porthaven barrier',
      standfirst: 'The Dutch-British consortium promises the gates will be working within two years',
      body: [
        'Tidewater Engineering has been chosen to design and build the Porthaven tidal barrier, beating two rival bids that proposed a fixed sea wall instead of moving gates.',
        'The consortium says its steel sector gates can be raised in forty minutes when the Met Office issues a surge warning, and will lie flat on the harbour bed the rest of the time so that fishing boats can pass.',
        'Residents at a packed meeting in the seafront chapel asked whether construction barges would block the harbour during the mackerel season.',
      ],
      contributors: [P('Tomas Reyes', 'Porthaven'), P('Aiko Brandt', undefined, 'infrastructure editor')],
      publisher: 'Coastal Post',
      section: 'Business',
      publishedAt: '2026-03-04T14:30:00.000Z',
    },
  },
  {
    key: 'flood-3',
    story: 'flood',
    entities: [['Porthaven', 'place', 2], ['Porthaven City Council', 'organisation', 2], ['Mara Ellison', 'person', 2]],
    draft: {
      url: 'https://harbourherald.example/2026/03/09/barrier-grant-confirmed',
      headline: 'Government confirms resilience grant for Porthaven barrier',
      standfirst: 'The grant covers three quarters of the cost; the council will borrow the rest',
      body: [
        'Ministers have confirmed a £30m resilience grant towards the Porthaven tidal barrier, settling the funding question that had divided the council last week.',
        'Mara Ellison called the announcement a relief for families who had been unable to insure their homes since the January storm.',
        'The remaining £10m will be borrowed over thirty years and repaid from a small levy on harbour berths, a plan the fishing cooperative has reluctantly accepted.',
      ],
      contributors: [P('Priya Natarajan', 'Porthaven')],
      publisher: 'The Harbour Herald',
      section: 'Environment',
      publishedAt: '2026-03-09T07:45:00.000Z',
    },
  },
  {
    key: 'strike-1',
    story: 'strike',
    entities: [['Northline Rail', 'organisation', 3], ['Union of Rail Workers', 'organisation', 2], ['Calder', 'place', 2]],
    draft: {
      url: 'https://dailyledger.example/transport/northline-strike-called',
      headline: 'Northline Rail drivers to strike over new rosters',
      standfirst: 'The Union of Rail Workers says the rosters cut rest time between shifts',
      body: [
        'Train drivers on the Northline network will walk out for 48 hours next week in a dispute over rosters that the Union of Rail Workers says leave too little rest between night and morning shifts.',
        'Northline Rail said the new patterns were agreed with staff representatives last year and were needed to run the extra evening services to Calder.',
        'Commuters were advised to check journeys before travelling, with only a skeleton service expected on the coastal branch.',
      ],
      contributors: [P('Jonah Adeyemi', 'Calder', 'transport correspondent')],
      publisher: 'Daily Ledger',
      section: 'Transport',
      publishedAt: '2026-03-03T06:00:00.000Z',
    },
  },
  {
    key: 'strike-2',
    story: 'strike',
    entities: [['Northline Rail', 'organisation', 2], ['Calder', 'place', 3], ['Union of Rail Workers', 'organisation', 1]],
    draft: {
      url: 'https://coastalpost.example/news/calder-commuters-strike-day-one',
      headline: 'Calder commuters stranded on first day of rail strike',
      standfirst: 'Bus replacement services were overwhelmed as thousands tried to reach the city',
      body: [
        'Queues stretched around Calder bus station on Thursday morning as the first day of the Northline drivers’ strike left the town without trains for the first time since the 2019 floods.',
        'Replacement coaches hired by the operator filled within minutes, and several employers told staff to work from home.',
        'Picket lines outside the Calder depot were good-natured, drivers said, with passing motorists sounding their horns in support.',
      ],
      contributors: [P('Tomas Reyes', 'Calder')],
      publisher: 'Coastal Post',
      section: 'Transport',
      publishedAt: '2026-03-05T11:20:00.000Z',
    },
  },
  {
    key: 'strike-3',
    story: 'strike',
    entities: [['Northline Rail', 'organisation', 3], ['Union of Rail Workers', 'organisation', 3]],
    draft: {
      url: 'https://dailyledger.example/transport/northline-deal-reached',
      headline: 'Northline Rail and drivers reach deal to end strike',
      standfirst: 'Rosters will guarantee twelve hours of rest between shifts',
      body: [
        'The Union of Rail Workers has called off the second day of its strike after Northline Rail agreed to guarantee twelve hours of rest between any two shifts.',
        'The agreement, reached after talks at the arbitration service that ran past midnight, will be put to a ballot of members later this month.',
        'Full services are expected to resume on Saturday morning, the operator said.',
      ],
      contributors: [P('Jonah Adeyemi', 'Calder', 'transport correspondent')],
      publisher: 'Daily Ledger',
      section: 'Transport',
      publishedAt: '2026-03-06T01:10:00.000Z',
    },
  },
  {
    key: 'probe-1',
    story: 'probe',
    entities: [['Kestrel Space Agency', 'organisation', 3], ['Vesper', 'organisation', 3], ['Ines Valkova', 'person', 2]],
    draft: {
      url: 'https://sciencewire.example/space/vesper-launch',
      headline: 'Vesper probe launches on seven-year journey to the ice moons',
      standfirst: 'The Kestrel Space Agency mission will study oceans hidden beneath kilometres of ice',
      body: [
        'The Vesper probe lifted off from Lumen Island shortly after dawn on Friday, beginning a seven-year journey to the ice moons of the outer solar system.',
        'Mission scientist Ines Valkova said the spacecraft carried an ice-penetrating radar sensitive enough to detect liquid water twenty kilometres below the surface.',
        'The Kestrel Space Agency confirmed that the solar arrays had unfolded and the probe was communicating normally.',
      ],
      contributors: [P('Aiko Brandt')],
      publisher: 'Science Wire',
      section: 'Science',
      publishedAt: '2026-02-20T08:05:00.000Z',
      license: 'CC BY 2.5',
    },
  },
  {
    key: 'probe-2',
    story: 'probe',
    entities: [['Vesper', 'organisation', 2], ['Kestrel Space Agency', 'organisation', 1], ['Lumen Island', 'place', 1]],
    draft: {
      url: 'https://sciencewire.example/space/vesper-first-images',
      headline: 'Vesper sends back first images of Earth and Moon',
      standfirst: 'Engineers say the camera test went better than expected',
      bodyHtml: '<p>The <strong>Vesper</strong> spacecraft has sent back its first pictures: a crescent Earth and a pale Moon photographed from four million kilometres.</p><p>Controllers on <em>Lumen Island</em> said the test proved the camera survived launch vibrations.</p>',
      body: [
        'The Vesper spacecraft has sent back its first pictures: a crescent Earth and a pale Moon photographed from four million kilometres.',
        'Controllers on Lumen Island said the test proved the camera survived launch vibrations.',
      ],
      contributors: [P('Aiko Brandt')],
      publisher: 'Science Wire',
      section: 'Science',
      publishedAt: '2026-03-01T16:40:00.000Z',
    },
  },
  {
    key: 'probe-3',
    story: 'probe',
    entities: [['Vesper', 'organisation', 3], ['Ines Valkova', 'person', 2]],
    draft: {
      url: 'https://dailyledger.example/science/vesper-thruster-fault',
      headline: 'Vesper mission team works around thruster fault',
      standfirst: 'A stuck valve will add three months to the cruise but not end the mission',
      body: [
        'Engineers have found a way around a stuck valve in one of the Vesper probe’s four manoeuvring thrusters, the mission team said on Sunday.',
        'Ines Valkova said the fix would use the remaining thrusters in pairs, adding about three months to the cruise to the ice moons.',
        'The fault appeared during the first course correction, when telemetry showed one thruster firing at only half its expected strength.',
      ],
      contributors: [P('Jonah Adeyemi')],
      publisher: 'Daily Ledger',
      section: 'Science',
      publishedAt: '2026-03-08T19:00:00.000Z',
    },
  },
  {
    key: 'chess',
    entities: [['Calder', 'place', 1]],
    draft: {
      url: 'https://dailyledger.example/culture/calder-chess-open',
      headline: 'Teenager wins Calder chess open with a final-round sacrifice',
      standfirst: 'Fifteen-year-old Lio Marsh beat three grandmasters on the way to the title',
      body: [
        'Lio Marsh, fifteen, won the Calder chess open on Sunday with a rook sacrifice in the final round that the tournament director called the move of the year.',
        'Marsh, who learned the game at a library club, beat three grandmasters during the nine-round event.',
      ],
      contributors: [P('Priya Natarajan')],
      publisher: 'Daily Ledger',
      section: 'Culture',
      publishedAt: '2026-03-07T20:00:00.000Z',
    },
  },
  {
    key: 'festival',
    entities: [['Porthaven', 'place', 1]],
    draft: {
      url: 'https://harbourherald.example/2026/03/10/oyster-festival',
      headline: 'Oyster festival returns to the harbour front after five years',
      standfirst: 'Stallholders hope the event will bring visitors back to the old town',
      body: [
        'The Porthaven oyster festival will return in May for the first time in five years, organisers announced, with forty stalls planned along the quay.',
        'Local restaurants said the festival used to bring more visitors in a weekend than the rest of the spring combined.',
      ],
      contributors: [P('Tomas Reyes', 'Porthaven')],
      publisher: 'The Harbour Herald',
      section: 'Culture',
      publishedAt: '2026-03-10T10:00:00.000Z',
    },
  },
  {
    key: 'hostile',
    entities: [],
    draft: {
      url: 'https://hostile.example/xss',
      headline: 'Hostile <script>alert("headline")</script> test',
      standfirst: 'A standfirst with <img src=x onerror=alert(1)> in it',
      body: ['Plain paragraph <script>alert("body")</script> with markup that must stay text.'],
      bodyHtml:
        '<p>Safe text</p><script>alert("xss")</script><img src="https://img.example/a.png" onerror="alert(1)"><a href="javascript:alert(2)">click</a><p onclick="alert(3)">para</p><iframe src="https://evil.example"></iframe>',
      contributors: [P('Mallory "Quotes" <b>Bold</b>')],
      publisher: 'Hostile Times',
      publishedAt: '2026-01-05T10:00:00.000Z',
    },
  },
];

export const STORY_TITLES = {
  flood: 'Porthaven builds a tidal flood barrier',
  strike: 'Northline rail strike',
  probe: 'The Vesper probe mission',
} as const;

export interface Fixture {
  /** Fixture key -> stored article id. */
  ids: Record<string, string>;
  hooks: DataHooks;
  stories: Story[];
}

/** Ingests the fixture articles through the pipeline and builds fake hooks over them. */
export async function loadFixture(store: Store): Promise<Fixture> {
  const pipeline = createPipeline(store);
  const ids: Record<string, string> = {};
  for (const a of FIXTURE) {
    const result = await pipeline.ingestDraft(a.draft, a.key);
    if (!result.ok) throw new Error(`fixture ${a.key}: ${result.error}`);
    ids[a.key] = result.id;
  }
  const byId = new Map(FIXTURE.map((a) => [ids[a.key]!, a]));
  const stories: Story[] = (Object.keys(STORY_TITLES) as (keyof typeof STORY_TITLES)[]).map((key) => {
    const members = FIXTURE.filter((a) => a.story === key);
    const counts = new Map<string, { name: string; type: EntityType; count: number }>();
    for (const m of members) for (const [name, type, count] of m.entities) counts.set(name, { name, type, count: (counts.get(name)?.count ?? 0) + count });
    const dates = members.map((m) => m.draft.publishedAt!).sort();
    return {
      id: `story-${key}`,
      title: STORY_TITLES[key],
      titleArticleId: ids[members[0]!.key],
      keyEntities: [...counts.values()].sort((a, b) => b.count - a.count),
      keyTerms: [],
      firstPublishedAt: dates[0],
      lastPublishedAt: dates[dates.length - 1],
      articleCount: members.length,
      sources: [...new Set(members.map((m) => m.draft.publisher!))],
      status: key === 'probe' ? 'active' : 'dormant',
    };
  });
  const storyOfKey = (key?: string) => stories.find((s) => s.id === `story-${key}`);
  const mentions = (a: FixtureArticle): Mention[] =>
    a.entities.map(([name, type, count], i) => ({ name, type, count, firstPosition: i * 10, aliases: [] }));

  const hooks: DataHooks = {
    async rail(articleId) {
      const me = byId.get(articleId);
      if (!me) return [];
      const mine = new Set(me.entities.map((e) => e[0]));
      const entries: RailEntry[] = [];
      for (const other of FIXTURE) {
        if (other === me) continue;
        const shared = other.entities.map((e) => e[0]).filter((n) => mine.has(n));
        const sameStory = Boolean(me.story && other.story === me.story);
        if (!shared.length && !sameStory) continue;
        entries.push({ articleId: ids[other.key]!, score: shared.length + (sameStory ? 2 : 0), rank: 0, reasons: { entities: shared, terms: sameStory ? ['barrier'] : [], sameStory } });
      }
      return entries.sort((a, b) => b.score - a.score).map((e, rank) => ({ ...e, rank }));
    },
    async storyOf(articleId) {
      return storyOfKey(byId.get(articleId)?.story);
    },
    async story(storyId) {
      const story = stories.find((s) => s.id === storyId);
      if (!story) return undefined;
      return { story, articleIds: FIXTURE.filter((a) => `story-${a.story}` === storyId).map((a) => ids[a.key]!) };
    },
    async stories({ limit, offset, active }) {
      return [...stories].filter((s) => !active || s.status === 'active').sort((a, b) => (b.lastPublishedAt ?? '').localeCompare(a.lastPublishedAt ?? '')).slice(offset, offset + limit);
    },
    async hotStories(limit) {
      return stories.slice(0, limit);
    },
    async articleEntities(articleId) {
      const a = byId.get(articleId);
      return a ? mentions(a) : [];
    },
    async entity(type, name) {
      const members = FIXTURE.filter((a) => a.entities.some(([n, t]) => t === type && n.toLowerCase() === name.toLowerCase()));
      if (!members.length) return undefined;
      const canonical = members[0]!.entities.find(([n]) => n.toLowerCase() === name.toLowerCase())![0];
      const storyIds = new Set(members.flatMap((m) => (m.story ? [`story-${m.story}`] : [])));
      return {
        // As the entity store keeps them: the name is one of its own aliases.
        entity: { id: `${type}:${canonical}`, name: canonical, type, aliases: [canonical] },
        articleIds: members.map((m) => ids[m.key]!),
        stories: stories.filter((s) => storyIds.has(s.id)),
      };
    },
    async entityArticleIds(name, type) {
      return FIXTURE.filter((a) => a.entities.some(([n, t]) => (!type || t === type) && n.toLowerCase() === name.toLowerCase())).map((a) => ids[a.key]!);
    },
  };
  return { ids, hooks, stories };
}
