/** Term statistics of the archive: document frequencies for idf, and each article's term counts. */

export interface TermRepository {
  /** Number of articles whose terms are counted (the N of idf). */
  documentCount(): Promise<number>;
  /** Document frequency of each given term (0 when unseen). */
  documentFrequencies(terms: readonly string[]): Promise<Map<string, number>>;
  /**
   * Stores an article's term counts and adds its terms to the document frequencies (replacing an older
   * set). Returns the new frequency of every term it changed: the article's, and its older set's.
   */
  put(articleId: string, counts: ReadonlyMap<string, number>): Promise<Map<string, number>>;
  /** Removes an article's terms from the statistics; returns the new frequency of every term it changed. */
  remove(articleId: string): Promise<Map<string, number>>;
  /** Stored term counts of the given articles. */
  counts(articleIds: readonly string[]): Promise<Map<string, Map<string, number>>>;
}
