/** A local HTTP server for the fetch tests and the poll bench: routes by path, logs every request. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ArticleDraftInput } from '../../src/model.ts';
import { htmlToParagraphs } from '../../src/ingest/html-text.ts';

export type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => void;

export interface LocalServer {
  /** http://127.0.0.1:PORT */
  origin: string;
  port: number;
  /** Every request received, as path + query, in order. */
  log: { path: string; headers: IncomingMessage['headers'] }[];
  routes: Map<string, Handler>;
  route(path: string, handler: Handler): void;
  hits(path: string): number;
  close(): Promise<void>;
}

export async function startServer(host = '127.0.0.1'): Promise<LocalServer> {
  const routes = new Map<string, Handler>();
  const log: LocalServer['log'] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    log.push({ path: url.pathname + url.search, headers: req.headers });
    const handler = routes.get(url.pathname);
    if (!handler) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    handler(req, res, url);
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    log,
    routes,
    route: (path, handler) => void routes.set(path, handler),
    hits: (path) => log.filter((l) => l.path.split('?')[0] === path).length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Serves a fixed body with a content type (and optional extra headers). */
export function body(content: string | Buffer, contentType: string, headers: Record<string, string> = {}): Handler {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': contentType, ...headers }).end(content);
  };
}

/** JSON Lines the temporary reader understands: {id, title, body, url, published}. */
export function jsonl(items: { id?: string; title: string; body: string; url?: string; published?: string }[]): string {
  return items.map((i) => JSON.stringify(i)).join('\n') + '\n';
}

/** A minimal RSS 2.0 document. */
export function rss(title: string, items: { guid: string; title: string; link: string; description: string; content?: string }[]): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>${esc(title)}</title><link>http://127.0.0.1/</link><description>test</description>
${items
  .map(
    (i) => `<item><guid>${esc(i.guid)}</guid><title>${esc(i.title)}</title><link>${esc(i.link)}</link><description>${esc(i.description)}</description>${
      i.content ? `<content:encoded><![CDATA[${i.content}]]></content:encoded>` : ''
    }<pubDate>Mon, 02 Mar 2026 09:00:00 GMT</pubDate></item>`,
  )
  .join('\n')}
</channel></rss>`;
}

/** An article page with a title and paragraphs (and optionally a canonical link). */
export function page(title: string, paragraphs: string[], canonical?: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>${canonical ? `<link rel="canonical" href="${canonical}">` : ''}</head>
<body><article><h1>${title}</h1>${paragraphs.map((p) => `<p>${p}</p>`).join('\n')}</article></body></html>`;
}

/** Streams `size` bytes without a Content-Length, so only a streaming count can stop it early. */
export function huge(size: number, contentType = 'application/octet-stream'): Handler {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': contentType });
    const chunk = Buffer.alloc(256 * 1024, 32);
    let sent = 0;
    const pump = () => {
      while (sent < size) {
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    res.on('close', () => (sent = Infinity));
    pump();
  };
}

/** A slow-loris response: headers, then one byte every `everyMs`, never ending. */
export function trickle(everyMs: number, contentType = 'text/plain'): Handler {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': contentType });
    const timer = setInterval(() => res.write(' '), everyMs);
    res.on('close', () => clearInterval(timer));
  };
}

const WORDS = 'harbour council vote river bridge station minister budget school hospital election court strike rail port farm market storm flood mayor police festival museum airport factory union tax energy wind solar ferry'.split(' ');

/** Distinct text for each seed, so that generated articles are not near-duplicates of each other. */
export function prose(seed: string, paragraphs = 4): string[] {
  let h = 2166136261;
  for (const c of seed) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  const next = () => (h = Math.imul(h ^ (h >>> 13), 1274126177) >>> 0) % WORDS.length;
  return Array.from({ length: paragraphs }, () => `${Array.from({ length: 40 }, () => WORDS[next()]).join(' ')}.`);
}

/** What the HTML reader's extractArticle does, reduced to what page() writes (title, canonical, paragraphs). */
export function simpleExtract(html: string, url: string): ArticleDraftInput {
  const title = /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? 'untitled';
  const canonical = /<link rel="canonical" href="([^"]+)"/.exec(html)?.[1];
  const article = /<article>([\s\S]*)<\/article>/.exec(html)?.[1] ?? html;
  return { headline: title, body: htmlToParagraphs(article.replace(/<h1>.*?<\/h1>/, '')), url, canonicalUrl: canonical };
}
