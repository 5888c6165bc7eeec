/** /robots.txt and /sitemap.xml. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { XMLBuilder } from 'fast-xml-parser';
import type { SiteData } from './data.ts';
import { paths } from './format.ts';

const SITEMAP_LIMIT = 50_000;
const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, suppressBooleanAttributes: false });

export function registerSeo(app: FastifyInstance, data: SiteData, baseUrlOf: (request: FastifyRequest) => string): void {
  app.get('/robots.txt', async (request, reply) => {
    reply.header('content-type', 'text/plain; charset=utf-8').header('cache-control', 'public, max-age=86400');
    return `User-agent: *\nAllow: /\nDisallow: /search\nDisallow: /feed/search\nDisallow: /api/v1/search\n\nSitemap: ${baseUrlOf(request)}/sitemap.xml\n`;
  });

  let cached: { at: number; base: string; xml: string } | undefined;
  app.get('/sitemap.xml', async (request, reply) => {
    const base = baseUrlOf(request);
    if (!cached || cached.base !== base || Date.now() - cached.at > 300_000) {
      const articles = await data.sitemap(SITEMAP_LIMIT - 200);
      const stories = await data.stories(100);
      const url = [
        { loc: `${base}/`, changefreq: 'hourly' },
        ...stories.map((s) => ({ loc: `${base}${paths.story(s.id)}`, ...(s.lastPublishedAt ? { lastmod: s.lastPublishedAt } : {}) })),
        ...articles.map((a) => ({ loc: `${base}${paths.article(a.id)}`, ...(a.publishedAt ? { lastmod: a.publishedAt } : {}) })),
      ];
      const xml = builder.build({
        '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
        urlset: { '@_xmlns': 'http://www.sitemaps.org/schemas/sitemap/0.9', url },
      }) as string;
      cached = { at: Date.now(), base, xml };
    }
    reply.header('content-type', 'application/xml; charset=utf-8').header('cache-control', 'public, max-age=300');
    return cached.xml;
  });
}
