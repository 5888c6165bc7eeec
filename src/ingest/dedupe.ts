/**
 * Near-duplicate detection for syndicated copies: MinHash signatures over word 3-shingles with LSH
 * banding, so candidates come from an index lookup, never a scan. Written by hand because the npm
 * MinHash packages are unmaintained and slow; the algorithm is the textbook one (Broder 1997; Leskovec,
 * Rajaraman & Ullman, "Mining of Massive Datasets", ch. 3).
 */
import { tokenize } from '../analyse/text.ts';
import { fnv1a } from '../util/hash.ts';

export const MINHASH = {
  hashes: 128,
  /** 32 bands of 4 rows: pairs with Jaccard ~0.45 become candidates half the time, ~0.7 almost always. */
  bands: 32,
  shingle: 3,
  /** Estimated Jaccard at or above which two texts are the same article. */
  threshold: 0.6,
  /** Texts with fewer shingles than this are too short to judge. */
  minShingles: 25,
} as const;

/** Fixed odd multipliers and offsets for the hash family (deterministic across processes). */
const MULT = Uint32Array.from({ length: MINHASH.hashes }, (_, i) => fnv1a(`a${i}`) | 1);
const SALT = Uint32Array.from({ length: MINHASH.hashes }, (_, i) => fnv1a(`b${i}`));

/** MurmurHash3's finaliser: spreads every input bit over the whole word. */
function fmix32(x: number): number {
  let h = x ^ (x >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export interface Fingerprint {
  signature: Uint32Array;
  /** LSH band keys ("band index:hash of its rows"); empty when the text is too short to judge. */
  bands: string[];
}

export function fingerprint(body: readonly string[]): Fingerprint {
  const tokens = tokenize(body.join(' ')).map(fnv1a);
  const shingles = new Set<number>();
  for (let i = 0; i + MINHASH.shingle <= tokens.length; i++) {
    // Order-sensitive combination of the shingle's token hashes.
    let h = 0;
    for (let j = 0; j < MINHASH.shingle; j++) h = (Math.imul(h ^ tokens[i + j]!, 0x01000193) + j) | 0;
    shingles.add(fmix32(h));
  }
  const signature = new Uint32Array(MINHASH.hashes).fill(0xffffffff);
  for (const s of shingles) {
    for (let i = 0; i < MINHASH.hashes; i++) {
      const h = (Math.imul(MULT[i]!, s ^ SALT[i]!) + SALT[i]!) >>> 0;
      if (h < signature[i]!) signature[i] = h;
    }
  }
  if (shingles.size < MINHASH.minShingles) return { signature, bands: [] };
  const rows = MINHASH.hashes / MINHASH.bands;
  const bands: string[] = [];
  for (let band = 0; band < MINHASH.bands; band++) {
    bands.push(`${band}:${fnv1a(Array.from(signature.subarray(band * rows, (band + 1) * rows)).join(','))}`);
  }
  return { signature, bands };
}

/** Share of equal signature positions: an unbiased estimate of the shingle sets' Jaccard similarity. */
export function estimatedJaccard(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}
