// The review page in a real browser (Debian's Chromium, headless, via playwright-core)
// against the API on a random port and a fresh Postgres database holding the fixtures:
// without a key the page asks for one; with a reviewer's key, filter to one rule, confirm
// one anomaly, dismiss another with a reason, reload, and find both decisions (under the
// key's name) and their history. The pages run under the API's CSP: a violation fails the
// test. Every wait is on a selector or a condition.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useOpenDb } from '@ziping/store/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, REVIEWER, serve, type Served } from './harness.ts';

describe('review page', () => {
  const h = useOpenDb('postgres');
  let served: Served;
  let browser: Browser;
  let page: Page;
  let filesDir: string;
  const errors: string[] = [];

  beforeAll(async () => {
    filesDir = await mkdtemp(join(tmpdir(), 'ziping-e2e-'));
    served = await serve(h.db, filesDir);
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) errors.push(m.text()); });
  });
  afterAll(async () => {
    await browser?.close();
    await served?.app.close();
    if (filesDir) await rm(filesDir, { recursive: true, force: true });
  });

  const ready = () => page.waitForSelector('body[data-ready="true"]');
  /** The key in the page's storage, as the first test's typing leaves it: each test can run alone. */
  const withKey = async () => {
    await page.goto(`${served.base}/health`);
    await page.evaluate((key) => localStorage.setItem('ziping.key', key), served.key);
  };
  const rowIds = () => page.$$eval('#anomalies tbody tr', (rows) => rows.map((r) => Number((r as HTMLElement).dataset.id)));
  const selectedId = () => page.$eval('#anomalies tbody tr.selected', (r) => Number((r as HTMLElement).dataset.id));
  const rowState = (id: number) => page.locator(`#anomalies tbody tr[data-id="${id}"]`).getAttribute('data-state');
  const waitState = (id: number, state: string) => page.waitForSelector(`#anomalies tbody tr[data-id="${id}"][data-state="${state}"]`);
  const waitDetail = (id: number) => page.waitForFunction((want) => document.querySelector('#detail h2')?.textContent?.startsWith(`#${want} `), id);

  it('filters to one rule, confirms one anomaly, dismisses another with a reason; both survive a reload with their history', async () => {
    // the rule with the most anomalies in the fixtures
    const [{ rule: RULE }] = await h.db.query<{ rule: string }>('SELECT rule FROM anomalies GROUP BY rule ORDER BY count(*) DESC, rule LIMIT 1');
    const expected = (await h.db.query<{ id: number }>(
      `SELECT a.id FROM anomalies a JOIN documents d ON d.id = a.document_id WHERE a.rule = $1 ORDER BY d.name COLLATE "C", a.ordinal`, [RULE],
    )).map((r) => r.id);
    expect(expected.length).toBeGreaterThan(2);

    // no key yet: the page loads and asks for one
    await page.goto(`${served.base}/review`);
    await page.waitForFunction(() => /enter your API key/.test(document.getElementById('summary')?.textContent ?? ''));
    expect(await page.locator('#anomalies tbody tr').count()).toBe(0);
    await page.fill('#key', served.key);
    await page.press('#key', 'Tab');
    await ready();
    await page.waitForFunction((name) => document.getElementById('who')?.textContent === `${name} · reviewer`, REVIEWER);

    // filter: the rule's option carries its count
    const option = await page.locator(`#f-rule option[value="${RULE}"]`).textContent();
    expect(option).toBe(`${RULE} · ${expected.length}`);
    await page.selectOption('#f-rule', RULE);
    await page.waitForFunction(([n, rule]) => {
      const rows = [...document.querySelectorAll<HTMLElement>('#anomalies tbody tr')];
      return rows.length === n && rows.every((r) => r.dataset.rule === rule);
    }, [expected.length, RULE] as const);
    expect(await rowIds()).toEqual(expected);
    expect(page.url()).toContain(`rule=${RULE}`);
    expect(await page.textContent('#summary')).toBe(`1–${expected.length} of ${expected.length} anomalies`);

    // the first is selected, with its figures
    const [first, second] = expected;
    await waitDetail(first);
    const [a] = await h.db.query<{ expected: string | null; found: string | null }>('SELECT expected, found FROM anomalies WHERE id = $1', [first]);
    expect(await page.textContent('#expected')).toBe(a.expected ?? '—');
    expect(await page.textContent('#found')).toBe(a.found ?? '—');

    // c confirms the selected anomaly
    await page.click(`#anomalies tbody tr[data-id="${first}"] td.msg`);
    await page.keyboard.press('c');
    await waitState(first, 'confirmed');
    await page.waitForSelector('#history li[data-decision="confirmed"]');

    // j moves on; d without a reason asks for one and stores nothing
    await page.keyboard.press('j');
    await waitDetail(second);
    expect(await selectedId()).toBe(second);
    await page.keyboard.press('d');
    await page.waitForFunction(() => document.activeElement?.id === 'reason');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /reason/.test(document.getElementById('problem')?.textContent ?? ''));
    expect(await rowState(second)).toBe('unreviewed');
    await page.keyboard.type('原表数据如此，非录入错误');
    await page.keyboard.press('Enter');
    await waitState(second, 'dismissed');

    // k goes back
    await page.keyboard.press('k');
    await waitDetail(first);

    const stored = await h.db.query<{ anomaly_id: number; decision: string; reviewer: string; reason: string | null }>(
      'SELECT anomaly_id, decision, reviewer, reason FROM anomaly_reviews ORDER BY id');
    expect(stored).toEqual([
      { anomaly_id: first, decision: 'confirmed', reviewer: REVIEWER, reason: null },
      { anomaly_id: second, decision: 'dismissed', reviewer: REVIEWER, reason: '原表数据如此，非录入错误' },
    ]);

    // reload: same filter, both decisions in the list, each with its history
    await page.reload();
    await ready();
    expect(await page.inputValue('#f-rule')).toBe(RULE);
    expect(await rowIds()).toEqual(expected);
    expect(await rowState(first)).toBe('confirmed');
    expect(await rowState(second)).toBe('dismissed');
    expect(await page.locator('#anomalies tbody tr[data-state="unreviewed"]').count()).toBe(expected.length - 2);

    await page.click(`#anomalies tbody tr[data-id="${first}"] td.msg`);
    await waitDetail(first);
    expect(await page.$$eval('#history li', (li) => li.map((x) => x.textContent))).toEqual([
      expect.stringMatching(/^confirmed by 李审计, /),
    ]);
    await page.click(`#anomalies tbody tr[data-id="${second}"] td.msg`);
    await waitDetail(second);
    expect(await page.$$eval('#history li', (li) => li.map((x) => x.textContent))).toEqual([
      expect.stringMatching(/^dismissed by 李审计, .* — 原表数据如此，非录入错误$/),
    ]);

    // a second decision is added to the history, the first stays
    await page.fill('#corrected-value', '93.48');
    await page.press('#corrected-value', 'Enter');
    await page.waitForFunction(() => document.querySelectorAll('#history li').length === 2);
    expect(await page.$$eval('#history li', (li) => li.map((x) => (x as HTMLElement).dataset.decision))).toEqual(['dismissed', 'corrected']);

    // the export link fetches the file with the key (a plain link would get 401)
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    expect(download.suggestedFilename()).toBe('indicators.csv');
    const csv = await readFile((await download.path())!, 'utf8');
    const [{ n }] = await h.db.query<{ n: number }>('SELECT count(*) AS n FROM indicators');
    expect(csv.startsWith('\uFEFFdocument,')).toBe(true);
    expect(csv.trimEnd().split('\r\n')).toHaveLength(n + 1);
    expect(errors).toEqual([]);
  });

  it('draws the PDF page of an anomaly of a PDF, the cited boxes outlined', async () => {
    await withKey();
    const doc = served.documents.get('001_ba783ae97283a765.pdf')!;
    const [a] = await h.db.query<{ id: number; page: number }>(
      `SELECT a.id, min(e.page) AS page FROM anomalies a JOIN anomaly_evidence e ON e.anomaly_id = a.id
        WHERE a.document_id = $1 AND e.line IS NOT NULL GROUP BY a.id ORDER BY a.id LIMIT 1`, [doc]);
    expect(a).toBeDefined();
    await page.goto(`${served.base}/review?document=${doc}&selected=${a.id}`);
    await ready();
    await waitDetail(a.id);
    await page.waitForSelector(`#source .pdf[data-page="${a.page}"][data-rendered="true"]`);
    expect(Number(await page.getAttribute(`#source .pdf[data-page="${a.page}"]`, 'data-boxes'))).toBeGreaterThan(0);
    expect(await page.locator('#source .lines div.cited').count()).toBeGreaterThan(0);
    expect(await page.$eval('#source canvas', (c) => (c as HTMLCanvasElement).width)).toBeGreaterThan(100);
    expect(errors).toEqual([]); // no CSP violation: pdf.js ran its worker
  });

  it('shows the text lines an anomaly of a text dump cites', async () => {
    await withKey();
    const doc = served.documents.get('001_ba783ae97283a765.txt')!;
    const [a] = await h.db.query<{ id: number; line: number }>(
      `SELECT a.id, min(e.line) AS line FROM anomalies a JOIN anomaly_evidence e ON e.anomaly_id = a.id
        WHERE a.document_id = $1 AND e.line IS NOT NULL GROUP BY a.id ORDER BY a.id LIMIT 1`, [doc]);
    await page.goto(`${served.base}/review?document=${doc}&selected=${a.id}`);
    await ready();
    await waitDetail(a.id);
    await page.waitForSelector(`#source .lines div#L${a.line}.cited`);
    expect(await page.locator('#source .pdf').count()).toBe(0);
  });

  it('draws the sheet of an anomaly of a workbook, the cited cell highlighted and scrolled into view', async () => {
    await withKey();
    const doc = served.documents.get('d01_fenglin_slj_2022.xlsx')!;
    const [a] = await h.db.query<{ id: number; ref: string; value: string }>(
      `SELECT a.id, e.ref, e.value FROM anomalies a JOIN anomaly_evidence e ON e.anomaly_id = a.id
        WHERE a.document_id = $1 AND e.ref IS NOT NULL ORDER BY a.id, e.ordinal LIMIT 1`, [doc]);
    expect(a).toBeDefined();
    const sheet = a.ref.split('!')[0];
    await page.goto(`${served.base}/review?document=${doc}&selected=${a.id}`);
    await ready();
    await waitDetail(a.id);
    const cell = page.locator(`#source .cells-view[data-name="${sheet}"] td.cited[data-ref="${a.ref}"]`);
    await cell.waitFor();
    expect(await cell.textContent()).not.toBe('');
    expect(await page.textContent(`#source .cells-view[data-name="${sheet}"] .caption`)).toContain(a.ref);
    expect(await page.textContent(`#source .cells-view[data-name="${sheet}"] .caption .name`)).toBe(sheet);
    // merged cells keep their spans
    expect(await page.locator('#source .cells-view td[rowspan], #source .cells-view td[colspan]').count()).toBeGreaterThan(0);
    // the cited cell is inside the visible part of its scrolled box
    const [box, at] = await Promise.all([page.locator('#source .cells-view .grid').first().boundingBox(), cell.boundingBox()]);
    expect(at!.y).toBeGreaterThanOrEqual(box!.y);
    expect(at!.y + at!.height).toBeLessThanOrEqual(box!.y + box!.height + 1);
    expect(at!.x + at!.width).toBeLessThanOrEqual(box!.x + box!.width + 1);
    // the lines are there, folded away
    expect(await page.locator('#source details.source-lines .lines').isVisible()).toBe(false);
    expect(errors).toEqual([]);
  });

  it('shows a document: its forms as tables beside the source lines', async () => {
    await withKey();
    const doc = served.documents.get('000_ca0dcd0154b0e201.txt')!;
    const [{ forms, indicators }] = await h.db.query<{ forms: number; indicators: number }>(
      `SELECT count(DISTINCT f.id) AS forms, count(i.id) AS indicators FROM forms f LEFT JOIN indicators i ON i.form_id = f.id
        WHERE f.document_id = $1`, [doc]);
    await page.goto(`${served.base}/review/documents/${doc}`);
    await ready();
    expect(await page.locator('#forms .form').count()).toBe(forms);
    expect(await page.locator('#forms table.indicators tbody tr').count()).toBe(indicators);
    expect(await page.locator('#forms table.funding tbody tr').count()).toBeGreaterThan(0);
    const row = page.locator('#forms table.indicators tbody tr').first();
    const line = Number(await row.getAttribute('data-line'));
    await row.click();
    await page.waitForSelector(`#source #L${line}.cited`);

    // a budget / final-account document: its tables, row by row
    const budget = served.documents.get('003_69315ee9fbc7324a.txt')!;
    const [{ tables, rows }] = await h.db.query<{ tables: number; rows: number }>(
      `SELECT count(DISTINCT t.id) AS tables, count(r.id) AS rows FROM budget_tables t LEFT JOIN budget_rows r ON r.table_id = t.id
        WHERE t.document_id = $1`, [budget]);
    expect(tables).toBeGreaterThan(0);
    await page.goto(`${served.base}/review/documents/${budget}`);
    await ready();
    expect(await page.locator('#forms .form[id^="table-"]').count()).toBe(tables);
    expect(await page.locator('#forms .form[id^="table-"] tbody tr').count()).toBe(rows);
    expect(errors).toEqual([]);
  });
});
