/**
 * The reader in a real browser (Debian's Chromium driven by playwright-core): home -> story -> article
 * and its rail -> search with a filter -> entity and contributor pages, each checked by axe-core for
 * serious or critical violations; screenshots of the article and story pages at desktop and phone
 * widths go to artefacts/screenshots/. Skips with a message when /usr/bin/chromium is absent.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildApp, type StorylineApp } from '../../src/server/app.ts';
import { draft, tempStore } from '../helpers.ts';
import { createPipeline } from '../../src/ingest/stages.ts';
import type { Store } from '../../src/store/store.ts';
import { loadFixture, type Fixture } from '../server/fixtures.ts';

const CHROMIUM = '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
if (!HAVE_CHROMIUM) console.warn(`skipping browser tests: ${CHROMIUM} not found (apt-get install chromium)`);

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const SHOTS = fileURLToPath(new URL('../../artefacts/screenshots/', import.meta.url));

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

describe.skipIf(!HAVE_CHROMIUM)('reader in Chromium', () => {
  let browser: Browser;
  let app: StorylineApp;
  let fx: Fixture;
  let base: string;
  let cleanup: () => Promise<void>;
  let store: Store;

  beforeAll(async () => {
    const t = await tempStore();
    cleanup = t.cleanup;
    store = t.store;
    fx = await loadFixture(t.store);
    app = await buildApp({ store: t.store, hooks: fx.hooks });
    base = (await app.listen({ host: '127.0.0.1', port: 0 })).replace(/\/$/, '');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    mkdirSync(SHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await cleanup?.();
  });

  async function newPage(width = 1280, height = 900, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
    // bypassCSP only so that the test can inject axe-core; the pages themselves run no scripts.
    const context = await browser.newContext({ viewport: { width, height }, bypassCSP: true, colorScheme });
    return context.newPage();
  }

  async function axe(page: Page): Promise<AxeViolation[]> {
    await page.addScriptTag({ path: AXE });
    const violations = (await page.evaluate(async () => {
      const result = await (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: unknown[] }> } }).axe.run(document, {
        resultTypes: ['violations'],
      });
      return result.violations;
    })) as AxeViolation[];
    return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  }

  async function expectAccessible(page: Page): Promise<void> {
    const bad = await axe(page);
    expect(bad.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), page.url()).toEqual([]);
  }

  it('home -> story -> article with its rail -> search with a filter -> entity -> contributor', async () => {
    const page = await newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    await page.goto(`${base}/`);
    expect(await page.title()).toBe('Storyline');
    await expect.poll(() => page.locator('.home-stories .story-card').count()).toBe(3);
    await expectAccessible(page);
    await page.screenshot({ path: `${SHOTS}home-1280.png`, fullPage: true });

    await page.click('a[href="/story/story-flood"]');
    await page.waitForURL(/\/story\/story-flood$/);
    expect(await page.locator('h1').textContent()).toBe('Porthaven builds a tidal flood barrier');
    expect(await page.locator('.timeline-day').count()).toBe(3);
    expect(await page.locator('svg[role="img"]').count()).toBe(1);
    await expectAccessible(page);
    await page.screenshot({ path: `${SHOTS}story-1280.png`, fullPage: true });

    await page.click('.timeline a:has-text("Porthaven approves")');
    await page.waitForURL(/\/article\//);
    expect(await page.locator('h1.headline').textContent()).toContain('Porthaven approves');
    const rail = page.locator('section.rail').first();
    expect(await rail.locator('h2').textContent()).toBe('Related Content');
    expect(await rail.locator('.card').count()).toBeGreaterThanOrEqual(3);
    expect(await rail.locator('.card-why').first().textContent()).toMatch(/Shares: /);
    await expectAccessible(page);
    await page.screenshot({ path: `${SHOTS}article-1280.png`, fullPage: true });

    await page.fill('#masthead-q', 'strike');
    await page.press('#masthead-q', 'Enter');
    await page.waitForURL(/\/search\?q=strike/);
    await page.selectOption('#publisher', 'Daily Ledger');
    await page.click('.search-form button[type="submit"]');
    await page.waitForURL(/publisher=Daily\+Ledger/);
    expect(await page.locator('#results-heading').textContent()).toBe('2 results for “strike”');
    expect(await page.locator('.results mark').count()).toBeGreaterThan(0);
    await expectAccessible(page);
    await page.screenshot({ path: `${SHOTS}search-1280.png`, fullPage: true });

    await page.goto(`${base}/article/${fx.ids['strike-1']}`);
    await page.click('.chips a:has-text("Calder")');
    await page.waitForURL(/\/entity\/place\/Calder$/);
    expect(await page.locator('h1').textContent()).toBe('Calder');
    await expectAccessible(page);
    await page.screenshot({ path: `${SHOTS}entity-1280.png`, fullPage: true });

    await page.goto(`${base}/article/${fx.ids['strike-1']}`);
    await page.click('.byline a:has-text("Jonah Adeyemi")');
    await page.waitForURL(/\/contributor\/Jonah%20Adeyemi$/);
    expect(await page.locator('h1').textContent()).toBe('Jonah Adeyemi');
    await expectAccessible(page);

    await page.goto(`${base}/nowhere`);
    expect(await page.locator('h1').textContent()).toBe('Page not found');
    await expectAccessible(page);

    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('phone width and dark mode: screenshots, no horizontal scrolling, accessible', async () => {
    for (const [name, path] of [
      ['article', `/article/${fx.ids['flood-1']}`],
      ['story', '/story/story-flood'],
    ] as const) {
      const page = await newPage(390, 844);
      await page.goto(`${base}${path}`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await page.screenshot({ path: `${SHOTS}${name}-390.png`, fullPage: true });
      await page.context().close();
    }
    const dark = await newPage(1280, 900, 'dark');
    await dark.goto(`${base}/article/${fx.ids['flood-1']}`);
    await expectAccessible(dark);
    await dark.screenshot({ path: `${SHOTS}article-1280-dark.png`, fullPage: true });
    await dark.context().close();
  });

  it('keeps the lead shape (5:3, full width) for a lead image, also one that does not load', async () => {
    const stored = await createPipeline(store).ingestDraft(
      draft({ url: 'https://harbourherald.example/news/lost-image', image: { url: 'https://images.invalid/harbour.jpg', alt: 'The harbour at dusk' } }),
      'test',
    );
    if (!stored.ok) throw new Error(stored.error);
    const page = await newPage();
    await page.goto(`${base}/article/${stored.id}`, { waitUntil: 'networkidle' });
    const box = (await page.locator('.lead-image img').boundingBox())!;
    const figure = (await page.locator('.lead-image').boundingBox())!;
    expect(box.width).toBeCloseTo(figure.width, 0);
    expect(box.height).toBeCloseTo((box.width * 3) / 5, 0);
    await page.context().close();
  });

  it('hostile article runs no script in the browser', async () => {
    const page = await newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(`${base}/article/${fx.ids['hostile']}`);
    await page.click('.article-body a').catch(() => undefined);
    await page.waitForTimeout(200);
    expect(dialogs).toEqual([]);
    await page.context().close();
  });
});
