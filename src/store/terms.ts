/** Term statistics of the archive: document frequencies for idf, and each article's term counts. */

export interface TermRepository {
  /** Number of articles whose terms are counted (the N of idf). */
  documentCount(): Promise<number>;
  /** Document frequency of each given term (0 when unseen). */
  documentFrequencies(terms: readonly string[]): Promise<Map<string, number>>;
  /** Stores an article's term counts and adds its terms to the document frequencies (replacing an older set). */
  put(articleId: string, counts: ReadonlyMap<string, number>): Promise<void>;
  /** Removes an article's terms from the statistics. */
  remove(articleId: string): Promise<void>;
  /** Stored term counts of the given articles. */
  counts(articleIds: readonly string[]): Promise<Map<string, Map<string, number>>>;
}
