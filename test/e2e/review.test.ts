// The review desk in a real browser (Debian's Chromium, headless, via playwright-core) at
// 1280×720, against the API on a random port and a fresh Postgres database holding the
// fixtures and one refused file. Without a key the page asks for one; with a reviewer's key:
// filter, confirm and dismiss with the keys (each decision moves on to the next unreviewed
// finding), dismiss two at once with one reason, open a link to an anomaly on a later page,
// see the source beside the finding without scrolling, the evidence in words, the documents
// list with a failed document's error, and English on the switch. The pages run under the
// API's CSP: a violation fails the test. Every wait is on a selector or a condition.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useOpenDb } from '@ziping/store/testing';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAILING, launch, REVIEWER, serve, type Served } from './harness.ts';

const VIEW = { width: 1280, height: 720 };

describe('review desk', () => {
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
    page = await browser.newPage({ viewport: VIEW });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) errors.push(m.text()); });
  });
  afterAll(async () => {
    await browser?.close();
    await served?.app.close();
    if (filesDir) await rm(filesDir, { recursive: true, force: true });
  });

  const ready = () => page.waitForSelector('body[data-ready="true"]');
  /** The key in the page's storage, as the first test's typing leaves it, and Chinese: each test can run alone. */
  const withKey = async () => {
    await page.goto(`${served.base}/health`);
    await page.evaluate((key) => { localStorage.setItem('ziping.key', key); localStorage.removeItem('ziping.lang'); }, served.key);
  };
  const rowIds = () => page.$$eval('#anomalies tbody tr', (rows) => rows.map((r) => Number((r as HTMLElement).dataset.id)));
  const selectedId = () => page.$eval('#anomalies tbody tr.selected', (r) => Number((r as HTMLElement).dataset.id));
  const rowState = (id: number) => page.locator(`#anomalies tbody tr[data-id="${id}"]`).getAttribute('data-state');
  const waitState = (id: number, state: string) => page.waitForSelector(`#anomalies tbody tr[data-id="${id}"][data-state="${state}"]`);
  const waitDetail = (id: number) => page.waitForFunction((want) => document.querySelector('#detail h2')?.textContent?.startsWith(`#${want} `), id);
  /** The element's box lies inside the window: seen without scrolling the page. */
  const inView = async (l: Locator) => {
    const b = (await l.boundingBox())!;
    expect(b).not.toBeNull();
    expect(b.x).toBeGreaterThanOrEqual(0);
    expect(b.y).toBeGreaterThanOrEqual(0);
    expect(b.x + b.width).toBeLessThanOrEqual(VIEW.width);
    expect(b.y + b.height).toBeLessThanOrEqual(VIEW.height);
    expect(await page.evaluate(() => [window.scrollX, window.scrollY])).toEqual([0, 0]);
    return b;
  };
  const ruleOrder = async (rule: string) => (await h.db.query<{ id: number }>(
    `SELECT a.id FROM anomalies a JOIN documents d ON d.id = a.document_id WHERE a.rule = $1 ORDER BY d.name COLLATE "C", a.document_id, a.ordinal`, [rule],
  )).map((r) => Number(r.id));

  it('filters, confirms and dismisses with the keys, each decision moving on to the next unreviewed; all survive a reload', async () => {
    await page.goto(`${served.base}/health`);
    await page.evaluate(() => localStorage.clear());
    const [{ rule: RULE }] = await h.db.query<{ rule: string }>('SELECT rule FROM anomalies GROUP BY rule ORDER BY count(*) DESC, rule LIMIT 1');
    const expected = await ruleOrder(RULE);
    expect(expected.length).toBeGreaterThan(3);

    // no key yet: the page loads, in Chinese, and asks for one
    await page.goto(`${served.base}/review`);
    await page.waitForFunction(() => /请输入 API 密钥/.test(document.getElementById('summary')?.textContent ?? ''));
    expect(await page.textContent('h1')).toBe('ziping · 异常审核');
    expect(await page.locator('#anomalies tbody tr').count()).toBe(0);
    await page.fill('#key', served.key);
    await page.press('#key', 'Tab');
    await ready();
    await page.waitForFunction((name) => document.getElementById('who')?.textContent === `${name} · reviewer`, REVIEWER);

    // filter: the rule's option carries its count
    expect(await page.locator(`#f-rule option[value="${RULE}"]`).textContent()).toBe(`${RULE} · ${expected.length}`);
    await page.selectOption('#f-rule', RULE);
    await page.waitForFunction(([n, rule]) => {
      const rows = [...document.querySelectorAll<HTMLElement>('#anomalies tbody tr')];
      return rows.length === n && rows.every((r) => r.dataset.rule === rule);
    }, [expected.length, RULE] as const);
    expect(await rowIds()).toEqual(expected);
    expect(page.url()).toContain(`rule=${RULE}`);
    expect(await page.textContent('#summary')).toBe(`第 1–${expected.length} 条，共 ${expected.length} 条异常`);

    // the first is selected, with its figures
    const [first, second, third] = expected;
    await waitDetail(first);
    const [a] = await h.db.query<{ expected: string | null; found: string | null }>('SELECT expected, found FROM anomalies WHERE id = $1', [first]);
    expect(await page.textContent('#expected')).toBe(a.expected ?? '—');
    expect(await page.textContent('#found')).toBe(a.found ?? '—');

    // c confirms the selected anomaly and moves on to the next unreviewed
    await page.click(`#anomalies tbody tr[data-id="${first}"] td.msg`);
    await page.keyboard.press('c');
    await waitState(first, 'confirmed');
    await waitDetail(second);
    expect(await selectedId()).toBe(second);

    // d without a reason asks for one and stores nothing; with one, dismisses and moves on
    await page.keyboard.press('d');
    await page.waitForFunction(() => document.activeElement?.id === 'reason');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /理由/.test(document.getElementById('problem')?.textContent ?? ''));
    expect(await rowState(second)).toBe('unreviewed');
    await page.keyboard.type('原表数据如此，非录入错误');
    await page.keyboard.press('Enter');
    await waitState(second, 'dismissed');
    await waitDetail(third);
    expect(await selectedId()).toBe(third);

    // k goes back over the decided ones
    await page.keyboard.press('k');
    await waitDetail(second);

    const stored = await h.db.query<{ anomaly_id: number; decision: string; reviewer: string; reason: string | null }>(
      'SELECT anomaly_id, decision, reviewer, reason FROM anomaly_reviews ORDER BY id');
    expect(stored).toEqual([
      { anomaly_id: first, decision: 'confirmed', reviewer: REVIEWER, reason: null },
      { anomaly_id: second, decision: 'dismissed', reviewer: REVIEWER, reason: '原表数据如此，非录入错误' },
    ]);

    // reload: same filter and selection, both decisions in the list, each with its history
    await page.reload();
    await ready();
    expect(await page.inputValue('#f-rule')).toBe(RULE);
    expect(await rowIds()).toEqual(expected);
    expect(await rowState(first)).toBe('confirmed');
    expect(await rowState(second)).toBe('dismissed');
    expect(await page.locator('#anomalies tbody tr[data-state="unreviewed"]').count()).toBe(expected.length - 2);
    await page.click(`#anomalies tbody tr[data-id="${first}"] td.msg`);
    await waitDetail(first);
    expect(await page.$$eval('#history li', (li) => li.map((x) => x.textContent))).toEqual([expect.stringMatching(/^已确认 李审计，/)]);
    await page.click(`#anomalies tbody tr[data-id="${second}"] td.msg`);
    await waitDetail(second);
    expect(await page.$$eval('#history li', (li) => li.map((x) => x.textContent))).toEqual([
      expect.stringMatching(/^已驳回 李审计，.* — 原表数据如此，非录入错误$/),
    ]);

    // a second decision is added to the history, the first stays
    await page.fill('#corrected-value', '93.48');
    await page.press('#corrected-value', 'Enter');
    await waitState(second, 'corrected');
    await page.click(`#anomalies tbody tr[data-id="${second}"] td.msg`);
    await page.waitForFunction(() => document.querySelectorAll('#history li').length === 2);
    expect(await page.$$eval('#history li', (li) => li.map((x) => (x as HTMLElement).dataset.decision))).toEqual(['dismissed', 'corrected']);

    // the export link fetches the file with the key (a plain link would get 401)
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    expect(download.suggestedFilename()).toBe('indicators.csv');
    const csv = await readFile((await download.path())!, 'utf8');
    const [{ n }] = await h.db.query<{ n: number }>('SELECT count(*) AS n FROM indicators');
    expect(csv.startsWith('\uFEFFdocument,')).toBe(true);
    expect(csv.trimEnd().split('\r\n')).toHaveLength(Number(n) + 1);

    // English on the switch, kept on reload
    await page.click('#lang');
    await ready();
    await page.waitForFunction(() => document.querySelector('#detail h2') !== null);
    expect(await page.textContent('#summary')).toBe(`1–${expected.length} of ${expected.length} anomalies`);
    expect(await page.textContent(`#anomalies tbody tr[data-id="${first}"] td.state`)).toBe('confirmed');
    expect(await page.textContent('h1')).toBe('ziping · anomaly review');
    expect(errors).toEqual([]);
  });

  it('dismisses several anomalies at once with one reason, stored under the key\'s name', async () => {
    await withKey();
    const [{ rule }] = await h.db.query<{ rule: string }>(
      `SELECT rule FROM anomalies a WHERE NOT EXISTS (SELECT 1 FROM anomaly_reviews r WHERE r.anomaly_id = a.id)
        GROUP BY rule HAVING count(*) >= 3 ORDER BY count(*) DESC, rule LIMIT 1`);
    const reviewed = new Set((await h.db.query<{ id: number }>('SELECT anomaly_id AS id FROM anomaly_reviews')).map((r) => Number(r.id)));
    const ids = (await ruleOrder(rule)).filter((id) => !reviewed.has(id));
    await page.goto(`${served.base}/review?rule=${rule}&review=unreviewed`);
    await ready();
    const [x, y] = [ids[1], ids[2]];
    expect(await page.isVisible('#bulk')).toBe(false);
    await page.check(`#anomalies tbody tr[data-id="${x}"] input.check`);
    await page.check(`#anomalies tbody tr[data-id="${y}"] input.check`);
    expect(await page.textContent('#bulk-count')).toBe('已选 2 条');
    // ticking selects nothing: the first stays the one shown
    expect(await selectedId()).toBe(ids[0]);
    await page.click('#bulk-dismiss');
    await page.waitForFunction(() => /理由/.test(document.getElementById('bulk-problem')?.textContent ?? ''));
    await page.fill('#bulk-reason', '同一原因：表内重复计列');
    await page.click('#bulk-dismiss');
    await waitState(x, 'dismissed');
    await waitState(y, 'dismissed');
    expect(await rowState(ids[0])).toBe('unreviewed');
    expect(await page.isVisible('#bulk')).toBe(false);
    const stored = await h.db.query<{ anomaly_id: number; decision: string; reviewer: string; reason: string }>(
      'SELECT anomaly_id, decision, reviewer, reason FROM anomaly_reviews WHERE anomaly_id = ANY($1::bigint[]) ORDER BY anomaly_id', [[x, y, ids[0]]]);
    expect(stored).toEqual([x, y].sort((p, q) => p - q).map((id) => ({ anomaly_id: id, decision: 'dismissed', reviewer: REVIEWER, reason: '同一原因：表内重复计列' })));
    expect(errors).toEqual([]);
  });

  it('opens a link to an anomaly on a later page of the list', async () => {
    await withKey();
    // the list's order: by id (anomalies are stored document by document, in their order)
    const all = (await h.db.query<{ id: number }>('SELECT id FROM anomalies ORDER BY id')).map((r) => Number(r.id));
    expect(all.length).toBeGreaterThan(60);
    const target = all[57]; // on the third page of 25
    await page.goto(`${served.base}/review?limit=25&selected=${target}`);
    await ready();
    await waitDetail(target);
    expect(await selectedId()).toBe(target);
    expect(await page.textContent('#summary')).toBe(`第 51–75 条，共 ${all.length} 条异常`);
    expect(await rowIds()).toEqual(all.slice(50, 75));
    expect(new URL(page.url()).searchParams.get('offset')).toBe('50');
    expect(errors).toEqual([]);
  });

  it('shows the PDF page beside the finding at 1280×720, the cited boxes outlined, the evidence in words', async () => {
    await withKey();
    const doc = served.documents.get('001_ba783ae97283a765.pdf')!;
    // an anomaly citing a funding row's figure: its label is the row's name and the field's
    const [a] = await h.db.query<{ id: number; page: number; source: string; ordinal: number }>(
      `SELECT a.id, min(e.page) AS page, (array_agg(fr.source))[1] AS source, (array_agg(e.ordinal))[1] AS ordinal
         FROM anomalies a JOIN anomaly_evidence e ON e.anomaly_id = a.id
         JOIN funding_rows fr ON fr.form_id = a.form_id AND e.field = 'funding[' || fr.ordinal || '].executed'
        WHERE a.document_id = $1 AND e.line IS NOT NULL GROUP BY a.id ORDER BY a.id LIMIT 1`, [doc]);
    expect(a).toBeDefined();
    await page.goto(`${served.base}/review?document=${doc}&selected=${a.id}`);
    await ready();
    await waitDetail(a.id);
    await page.waitForSelector(`#source .pdf[data-rendered="true"]`);
    expect(Number(await page.getAttribute('#source .pdf >> nth=0', 'data-boxes'))).toBeGreaterThan(0);
    expect(await page.$eval('#source canvas', (c) => (c as HTMLCanvasElement).width)).toBeGreaterThan(100);

    // the list, the finding and the source side by side, all inside the window; the first cited box in view
    const list = await inView(page.locator('#list'));
    const detail = await inView(page.locator('#detail'));
    const source = await inView(page.locator('#source-pane'));
    expect(list.x + list.width).toBeLessThanOrEqual(detail.x);
    expect(detail.x + detail.width).toBeLessThanOrEqual(source.x);
    expect(source.width).toBeGreaterThan(400);
    const box = await inView(page.locator('#source .pdf .box').first());
    expect(box.y).toBeGreaterThanOrEqual(source.y);
    expect(await page.textContent('#source-head')).toBe('PDF 001_ba783ae97283a765.pdf');

    // the evidence row in words; a click brings its place in the source into view
    const row = page.locator(`#detail table.evidence tbody tr[data-ev="${a.ordinal}"]`);
    expect(await row.locator('td.label').textContent()).toBe(`${a.source} · 执行数`);
    await row.click();
    const focused = page.locator('#source .box.focus');
    await focused.waitFor();
    await inView(focused);
    expect(errors).toEqual([]); // no CSP violation: pdf.js ran its worker
  });

  it('labels an indicator\'s figures by the indicator\'s name and the field\'s Chinese name', async () => {
    await withKey();
    const [a] = await h.db.query<{ id: number; ordinal: number; name: string; line: number }>(
      `SELECT a.id, e.ordinal, i.name, e.line FROM anomalies a JOIN anomaly_evidence e ON e.anomaly_id = a.id
         JOIN indicators i ON i.form_id = a.form_id AND e.field = 'indicators[' || i.ordinal || '].score'
        JOIN documents d ON d.id = a.document_id WHERE d.media_type = 'text/plain' AND e.line IS NOT NULL ORDER BY a.id, e.ordinal LIMIT 1`);
    expect(a).toBeDefined();
    await page.goto(`${served.base}/review?selected=${a.id}`);
    await ready();
    await waitDetail(a.id);
    const row = page.locator(`#detail table.evidence tbody tr[data-ev="${a.ordinal}"]`);
    expect(await row.locator('td.label').textContent()).toBe(`${a.name} · 得分`);
    await page.waitForSelector(`#source .lines div#L${a.line}.cited`);
    await row.click();
    await page.waitForSelector(`#source #L${a.line}.focus`);
    await inView(page.locator(`#source #L${a.line}`));
  });

  it('draws a scan stored as an image beside its finding, the OCR\'d cells outlined', async () => {
    await withKey();
    const doc = served.documents.get('d02_luzhou_scjg_2023.png')!;
    const [a] = await h.db.query<{ id: number; boxes: number }>(
      `SELECT a.id, count(*)::int AS boxes FROM anomalies a JOIN anomaly_evidence e ON e.anomaly_id = a.id
        WHERE a.document_id = $1 AND e.bbox IS NOT NULL GROUP BY a.id ORDER BY a.id LIMIT 1`, [doc]);
    expect(a).toBeDefined();
    await page.goto(`${served.base}/review?selected=${a.id}`);
    await ready();
    await waitDetail(a.id);
    await page.waitForSelector('#source .pdf[data-rendered="true"] img');
    expect(Number(await page.getAttribute('#source .pdf', 'data-boxes'))).toBe(a.boxes);
    expect(await page.textContent('#source-head')).toBe('图片 d02_luzhou_scjg_2023.png');
    await inView(page.locator('#source-pane'));
    await inView(page.locator('#source .pdf .box').first());
    // the boxes are drawn on the image: inside its drawn box
    const img = (await page.locator('#source .pdf img').boundingBox())!;
    for (const b of await page.locator('#source .pdf .box').all()) {
      const at = (await b.boundingBox())!;
      expect(at.x).toBeGreaterThanOrEqual(img.x - 3);
      expect(at.x + at.width).toBeLessThanOrEqual(img.x + img.width + 3);
      expect(at.y + at.height).toBeLessThanOrEqual(img.y + img.height + 3);
    }
    expect(errors).toEqual([]);
  });

  it('draws the sheet of an anomaly of a workbook, the cited cell highlighted and scrolled into view', async () => {
    await withKey();
    const doc = served.documents.get('d01_fenglin_slj_2022.xlsx')!;
    const [a] = await h.db.query<{ id: number; ref: string }>(
      `SELECT a.id, e.ref FROM anomalies a JOIN anomaly_evidence e ON e.anomaly_id = a.id
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
    // merged cells keep their spans
    expect(await page.locator('#source .cells-view td[rowspan], #source .cells-view td[colspan]').count()).toBeGreaterThan(0);
    // the cited cell is inside the visible part of its scrolled box, and of the window
    const [box, at] = await Promise.all([page.locator('#source .cells-view .grid').first().boundingBox(), cell.boundingBox()]);
    expect(at!.y).toBeGreaterThanOrEqual(box!.y);
    expect(at!.y + at!.height).toBeLessThanOrEqual(box!.y + box!.height + 1);
    expect(at!.x + at!.width).toBeLessThanOrEqual(box!.x + box!.width + 1);
    await inView(cell);
    expect(await page.locator('#source details.source-lines .lines').isVisible()).toBe(false);
    expect(await page.textContent('#source-head')).toBe('Excel d01_fenglin_slj_2022.xlsx');
    expect(errors).toEqual([]);
  });

  it('lists the documents: a failed one with its error code, filters by status', async () => {
    await withKey();
    await page.goto(`${served.base}/review/documents`);
    await ready();
    const [{ n }] = await h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM documents');
    expect(await page.locator('#documents tbody tr').count()).toBe(n);
    const [bad] = await h.db.query<{ id: number; error_code: string }>(`SELECT id, error_code FROM documents WHERE status = 'failed'`);
    const row = page.locator(`#documents tbody tr[data-id="${bad.id}"]`);
    expect(await row.getAttribute('data-status')).toBe('failed');
    expect(await row.locator('.failure code').textContent()).toBe(bad.error_code);
    expect(await row.locator('.failure .message').textContent()).toContain(FAILING.split('/').pop());
    // the PDF and the text dump of one report are told apart by their names and kinds
    const pdf = served.documents.get('001_ba783ae97283a765.pdf')!;
    expect(await page.textContent(`#documents tbody tr[data-id="${pdf}"] td.name a`)).toBe('001_ba783ae97283a765.pdf');
    const [{ errors: errs }] = await h.db.query<{ errors: number }>(`SELECT count(*)::int AS errors FROM anomalies WHERE document_id = $1 AND severity = 'error'`, [pdf]);
    expect(await page.textContent(`#documents tbody tr[data-id="${pdf}"] td:nth-child(6)`)).toBe(String(errs));

    await page.selectOption('#f-status', 'failed');
    await page.waitForFunction(() => document.querySelectorAll('#documents tbody tr').length === 1);
    expect(page.url()).toContain('status=failed');
    await row.locator('td.name a').click();
    await ready();
    expect(await page.textContent('#failure')).toContain(bad.error_code);
    expect(errors).toEqual([]);
  });

  it('shows a document: its page images beside the reconstructed forms; a row outlines its place', async () => {
    await withKey();
    const doc = served.documents.get('001_ba783ae97283a765.pdf')!;
    const [{ forms, indicators, pages }] = await h.db.query<{ forms: number; indicators: number; pages: number }>(
      `SELECT count(DISTINCT f.id)::int AS forms, count(i.id)::int AS indicators, (SELECT page_count FROM documents WHERE id = $1) AS pages
         FROM forms f LEFT JOIN indicators i ON i.form_id = f.id WHERE f.document_id = $1`, [doc]);
    await page.goto(`${served.base}/review/documents/${doc}`);
    await ready();
    expect(await page.locator('#forms .form').count()).toBe(forms);
    expect(await page.locator('#forms table.indicators tbody tr').count()).toBe(indicators);
    expect(await page.locator('#source .pdf').count()).toBe(pages);
    await inView(page.locator('#source'));
    const row = page.locator('#forms table.indicators tbody tr').first();
    const p = Number(await row.getAttribute('data-page'));
    expect(p).toBeGreaterThan(2);
    // pages are drawn as they come into view: not that one yet; a click brings it, its lines outlined
    expect(await page.getAttribute(`#source .pdf[data-page="${p}"]`, 'data-rendered')).toBeNull();
    await page.waitForSelector('#source .pdf[data-page="1"][data-rendered="true"]');
    await row.click();
    await page.waitForSelector(`#source .pdf[data-page="${p}"][data-rendered="true"]`);
    await inView(page.locator(`#source .pdf[data-page="${p}"] .box`).first());

    // a text dump: its lines beside its forms
    const text = served.documents.get('000_ca0dcd0154b0e201.txt')!;
    await page.goto(`${served.base}/review/documents/${text}`);
    await ready();
    const line = Number(await page.locator('#forms table.indicators tbody tr').first().getAttribute('data-line'));
    await page.locator('#forms table.indicators tbody tr').first().click();
    await page.waitForSelector(`#source #L${line}.cited`);

    // a budget / final-account document: its tables, row by row
    const budget = served.documents.get('003_69315ee9fbc7324a.txt')!;
    const [{ tables, rows }] = await h.db.query<{ tables: number; rows: number }>(
      `SELECT count(DISTINCT t.id)::int AS tables, count(r.id)::int AS rows FROM budget_tables t LEFT JOIN budget_rows r ON r.table_id = t.id
        WHERE t.document_id = $1`, [budget]);
    expect(tables).toBeGreaterThan(0);
    await page.goto(`${served.base}/review/documents/${budget}`);
    await ready();
    expect(await page.locator('#forms .form[id^="table-"]').count()).toBe(tables);
    expect(await page.locator('#forms .form[id^="table-"] tbody tr').count()).toBe(rows);
    expect(errors).toEqual([]);
  });
});
