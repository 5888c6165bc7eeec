/** URL normalisation for canonical URLs: the same article reached by two links must get one key. */

/** Query parameters that only track the reader, never select content. */
const TRACKING = /^(utm_[a-z]+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|igshid|yclid|_hsenc|_hsmi|mkt_tok|ref_src|cmpid|icid|ito|ncid|sr_share|smid|at_medium|at_campaign|CMP)$/i;

/**
 * Lower-cases scheme and host, drops the fragment, default ports, tracking parameters and an empty
 * query; keeps the path (servers may treat case and trailing slashes as meaningful). Returns undefined
 * for anything that is not an absolute http(s) URL.
 */
export function normaliseUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  url.hash = '';
  url.username = '';
  url.password = '';
  for (const key of [...url.searchParams.keys()]) if (TRACKING.test(key)) url.searchParams.delete(key);
  url.searchParams.sort();
  let out = url.toString();
  if (out.endsWith('?')) out = out.slice(0, -1);
  return out;
}
