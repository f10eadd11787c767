// /docs in a real browser (Debian's Chromium, headless) under the API's CSP: the page lists
// every operation of /openapi.json with its roles and parameters, with no CSP violation
// and no script error. An empty migrated database is enough: the page reads only the description.
import { buildApi } from '@ziping/api';
import { migrate } from '@ziping/store';
import { useOpenDb } from '@ziping/store/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch } from './harness.ts';

describe('/docs page', () => {
  const h = useOpenDb('postgres');
  let app: Awaited<ReturnType<typeof buildApi>>;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    await migrate(h.db);
    app = await buildApi({
      api: { host: '127.0.0.1', port: 0, token: 'docs-token-0123456789', maxFileBytes: 1 << 20, maxFiles: 4 },
      filesDir: '/nonexistent', db: h.db, queue: null, logLevel: 'silent',
    });
    base = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('lists every operation with its roles and parameters, under the CSP', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) errors.push(m.text()); });
    // every file the page loads answers (the browser's own /favicon.ico is no file of the page: 401)
    page.on('response', (r) => { if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) errors.push(`${r.status()} ${r.url()}`); });
    await page.goto(`${base}/docs`);
    await page.waitForSelector('body[data-ready="true"]');
    const doc = await (await fetch(`${base}/openapi.json`)).json();
    const ops = Object.values(doc.paths as Record<string, object>).reduce((n, item) => n + Object.keys(item).length, 0);
    expect(ops).toBeGreaterThan(30);
    expect(await page.locator('section.op').count()).toBe(ops);
    const review = page.locator('section.op[id="post-/anomalies/{id}/reviews"]');
    expect(await review.locator('.access').textContent()).toContain('roles: reviewer, admin');
    expect(await review.textContent()).toContain('decision');
    const funding = page.locator('section.op[id="get-/funding"]');
    const year = funding.locator('tr', { has: page.locator('code', { hasText: /^year$/ }) });
    expect(await year.locator('td').nth(3).textContent()).toBe('integer (≥ 1900, ≤ 2200)');
    expect(await page.locator('section.op[id="get-/health"] .access').textContent()).toContain('(no key)');
    expect(errors).toEqual([]);
  });
});
