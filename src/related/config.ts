/**
 * Every knob of the related engine in one place, one configuration for every corpus. Values were set
 * on stories-dev.jsonl (eval/related.ts); each says why it exists.
 */
export const RELATED = {
  /** Rails are stored with headroom above the 9-10 shown, so updates and deletions leave full rails. */
  kMax: 12,
  /** Terms of the "more like this" query: the article's heaviest profile terms. */
  queryTerms: 20,
  /**
   * Each article's heaviest profile terms indexed as postings, and the heaviest postings read per query
   * term (impact-ordered, truncated postings: Anh & Moffat 2006). The read is at most queryTerms x
   * postingsPerTerm index entries at any archive size.
   */
  indexTerms: 40,
  postingsPerTerm: 200,
  /** Query weight of a term that is also in the headline (on top of termCounts' double count). */
  headlineBoost: 1.5,
  /** Candidates taken from the term postings (best summed weight first). */
  textCandidates: 60,
  /** The rarest entities of the article looked up in the entity index, and the candidates they may add. */
  entityQueryKeys: 6,
  entityCandidates: 20,
  /**
   * Articles read per entity for those candidates. The rarest entities are looked up, but in an archive
   * where even they are common (every article of a long story names its places and people) counting all
   * their articles grew with the archive: 3.6 ms of each arrival at 100k articles in `npm run bench --
   * related`, against 0.65 ms at 10k. No entity of stories-dev has this many articles.
   */
  entityArticlesPerKey: 200,
  /** Weight factor of entity-like terms inside the term vector (numbers join it as terms). */
  entityBoost: 1.5,
  /** Weight of entity overlap beside the term cosine: base = (cosTerms + w * cosEntities) / (1 + w). */
  entityWeight: 0.25,
  /**
   * Same-story bonus (co-membership is evidence, never the only one). Kept small: stories sometimes
   * merge look-alike events, and a large bonus then pulls the wrong event into the rail (ecbplus); set
   * on stories-dev with 0.15, 0.06 and 0.03 tried (0.03 best on both corpora).
   */
  storyBonus: 0.03,
  /** Time distance: at most this share of the score is lost as the gap grows, on this scale in days. */
  timeWeight: 0.05,
  timeScaleDays: 90,
  /**
   * Shared nearest neighbours (Jarvis & Patrick 1973): articles of one story are near the same other
   * articles. At rail materialisation both articles' current candidate lists are read: the share of
   * their top `neighbours` in common adds `sharedWeight`, and being in each other's top `neighbours`
   * (reciprocal neighbours) adds `reciprocalWeight`. Set on stories-dev: 5 / 0.3 beat 8 / 0.2 and
   * 8 / 0.4 on both corpora.
   */
  neighbours: 5,
  /**
   * Raw score a candidate needs to count as a neighbour at all. In a young archive every article is in
   * every other's top 5, so shared neighbours lifted anything over the rail floor (five test articles:
   * an eruption related to a chess open at 0.23). 0.05 left eval:related on stories-dev unchanged to the
   * fourth decimal; 0.10 cost hamborg P@5 0.9874 -> 0.9770.
   */
  neighbourFloor: 0.05,
  /**
   * Stored candidate list length per article (raw scores), and how deep the final rail re-ranks it. The
   * list keeps a reserve of half the re-rank depth (twins are skipped, deleted articles leave): 24, 30
   * and 40 gave the same eval:related figures on stories-dev, and a new article enters (and writes) at
   * most listSize lists, so 30 rewrites 18% fewer rails than 40 (`npm run bench -- related`).
   */
  listSize: 30,
  rerankDepth: 20,
  sharedWeight: 0.3,
  reciprocalWeight: 0.05,
  /** Stored profile size: the heaviest terms and rarest entities kept per article (cosines are over these). */
  profileTerms: 200,
  profileEntities: 32,
  /**
   * Decimals kept of each profile weight (unit-length vectors). 4 left eval:related and eval:stories
   * on stories-dev exactly as they were, and shrank the profile table of the 100k-article bench archive
   * from 571 to 397 MB (SQLite's dbstat), so a cold arrival reads and parses a third fewer bytes.
   */
  profileDecimals: 4,
  /**
   * A stored profile is recomputed with fresh idf once the archive has grown by this factor since (set on
   * stories-dev: 1.5, 2, 3, 4 and 8 tried; 3 best on both corpora), and no more once it was computed
   * with at least refreshUntil articles: idf from that many articles is settled enough, and this bounds
   * the work of refreshing whatever size the archive reaches.
   */
  refreshGrowth: 3,
  refreshUntil: 2000,
  /**
   * Final score below which a candidate is not shown at all: a rail of 4 good entries beats the same 4
   * padded with strangers ("Arbeloa names cabinet" beside Biden-Putin talks, sharing "ministry" and
   * "press"). On stories-dev (all rails of both corpora ingested in order), none of the 521 entries
   * below 0.10 was of the article's story, 9 of the 223 between 0.10 and 0.15 were.
   */
  railFloor: 0.1,
  /** Term cosine at or above which two articles are the same text (an undetected copy): one per rail. */
  nearDuplicate: 0.9,
  /** Reasons shown: strongest shared terms and rarest shared entities. */
  reasonTerms: 4,
  reasonEntities: 4,
} as const;
