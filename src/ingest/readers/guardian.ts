/**
 * Guardian Content API (content.guardianapis.com) responses: search (`response.results[]`, one draft per
 * result) and single item (`response.content`, whose `relatedContent[]` and `storyPackage[]` become the
 * draft's sourceRelated). Works with the 2012-2014 shapes (mediaAssets) and the current ones (elements,
 * fields.bodyText, fields.lang). An error response is an InputError carrying the API's message.
 */
import { InputError } from '../../errors.ts';
import type { ArticleDraftInput, Contributor, Image, SourceRelated } from '../../model.ts';
import { parseByline } from '../byline.ts';
import { toIsoUtc } from '../dates.ts';
import { htmlToParagraphs } from '../html-text.ts';
import { articleHtml, distinct, headStart, imageOf, inlineText, inputText, isObject, mergeContributors, outcome, parseJson, str, textParagraphs } from './common.ts';
import type { Input, ReadOutcome, Reader } from './reader.ts';

type Json = Record<string, unknown>;

const fieldsOf = (item: Json): Json => (isObject(item.fields) ? item.fields : {});
const tagsOf = (item: Json, type: string): Json[] => (Array.isArray(item.tags) ? item.tags.filter((t): t is Json => isObject(t) && t.type === type) : []);

/** fields.publication names the print or web edition: the Guardian's own editions are "The Guardian". */
function publisherOf(publication: string | undefined): string {
  if (!publication || /^(the\s*)?guardian(\.co\.uk|\.com)?$|^(www\.)?theguardian\.com$/i.test(publication)) return 'The Guardian';
  return publication;
}

/** The widest asset of an image: `elements[]` (2014+) or `mediaAssets[]` (older). */
function widest(assets: { url?: string; width: number; alt?: unknown; caption?: unknown }[]): Image | undefined {
  const best = assets.filter((a) => a.url).sort((a, b) => b.width - a.width)[0];
  return best ? imageOf(best.url, best.alt, best.caption) : undefined;
}

function imageFrom(item: Json): Image | undefined {
  const elements = Array.isArray(item.elements) ? item.elements.filter(isObject) : [];
  const main = elements.find((e) => e.relation === 'main' && e.type === 'image') ?? elements.find((e) => e.type === 'image');
  if (main && Array.isArray(main.assets)) {
    const image = widest(
      main.assets.filter(isObject).map((a) => {
        const d = isObject(a.typeData) ? a.typeData : {};
        return { url: str(a.file), width: Number(d.width) || 0, alt: d.altText, caption: d.caption };
      }),
    );
    if (image) return image;
  }
  const pictures = Array.isArray(item.mediaAssets) ? item.mediaAssets.filter((m): m is Json => isObject(m) && m.type === 'picture') : [];
  const firstGroup = pictures.filter((p) => p.rel === pictures[0]?.rel);
  const image = widest(
    firstGroup.map((p) => {
      const f = isObject(p.fields) ? p.fields : {};
      return { url: str(p.file), width: Number(f.width) || 0, alt: f.altText, caption: f.caption };
    }),
  );
  return image ?? imageOf(fieldsOf(item).thumbnail);
}

/** Byline people, with the profile URLs of the matching contributor tags (and tagged people the byline left out). */
function contributorsOf(item: Json, byline: string | undefined): Contributor[] {
  const tagged = tagsOf(item, 'contributor').flatMap((t): Contributor[] => {
    const name = inlineText(t.webTitle);
    return name ? [{ name, profileUrl: str(t.webUrl) }] : [];
  });
  return mergeContributors(byline ? parseByline(byline) : [], tagged);
}

/** What every Guardian item has: used for the article itself and for its related items. */
function common(item: Json) {
  const f = fieldsOf(item);
  const byline = inlineText(f.byline);
  return {
    headline: inlineText(f.headline) ?? inlineText(item.webTitle),
    standfirst: inlineText(f.standfirst) ?? inlineText(f.trailText),
    byline,
    contributors: contributorsOf(item, byline),
    publishedAt: toIsoUtc(str(item.webPublicationDate) ?? str(f.firstPublicationDate)),
    url: str(item.webUrl),
    image: imageFrom(item),
  };
}

function related(item: unknown): SourceRelated | undefined {
  if (!isObject(item)) return undefined;
  const c = common(item);
  if (!c.headline) return undefined;
  return Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined)) as SourceRelated;
}

function draftOf(item: Json, sourceRelated: SourceRelated[]): Partial<ArticleDraftInput> {
  const f = fieldsOf(item);
  const c = common(item);
  const bodyHtml = str(f.body);
  const bodyText = str(f.bodyText);
  return {
    sourceId: str(item.id),
    url: c.url,
    canonicalUrl: c.url,
    headline: c.headline,
    standfirst: c.standfirst,
    // Without a body (a search that did not ask for it, a live blog's shell), the standfirst is all the
    // text there is, as a feed's summary is: the item lands instead of failing as an empty page.
    body: bodyHtml ? htmlToParagraphs(bodyHtml) : bodyText ? textParagraphs(bodyText) : c.standfirst ? [c.standfirst] : [],
    bodyHtml: articleHtml(bodyHtml, c.url),
    byline: c.byline,
    contributors: c.contributors,
    publisher: publisherOf(inlineText(f.publication)),
    section: inlineText(item.sectionName),
    tags: distinct(tagsOf(item, 'keyword').map((t) => inlineText(t.webTitle))),
    publishedAt: c.publishedAt,
    updatedAt: toIsoUtc(str(f.lastModified)),
    image: c.image,
    language: str(f.lang) ?? 'en',
    sourceRelated,
  };
}

function* readGuardian(input: Input): Generator<ReadOutcome> {
  const json = parseJson(inputText(input), 'Guardian API JSON');
  const response = isObject(json) ? json.response : undefined;
  if (!isObject(response)) throw new InputError('not a Guardian Content API response (no "response" object)');
  if (response.status === 'error') throw new InputError(`Guardian API error: ${str(response.message) ?? 'unknown error'}`);
  const label = (item: unknown, i: number) => `${input.name}#${(isObject(item) && str(item.id)) || i + 1}`;
  if (isObject(response.content)) {
    const relatedItems = [response.relatedContent, response.storyPackage].flatMap((list) => (Array.isArray(list) ? list : []));
    const id = str(response.content.id);
    const sourceRelated = relatedItems
      .filter((r) => !(isObject(r) && id && r.id === id)) // a story package lists the item itself
      .map(related)
      .filter((r): r is SourceRelated => r !== undefined);
    yield outcome(label(response.content, 0), draftOf(response.content, sourceRelated));
    return;
  }
  if (!Array.isArray(response.results)) throw new InputError('Guardian API response has neither "content" nor "results"');
  for (const [i, item] of response.results.entries()) {
    if (!isObject(item)) yield { ok: false, label: label(item, i), error: 'result is not an object' };
    else yield outcome(label(item, i), draftOf(item, []));
  }
}

export const guardianReader: Reader = {
  name: 'guardian',
  detect(head) {
    return /^\{\s*"response"\s*:\s*\{/.test(headStart(head));
  },
  read: readGuardian,
};
