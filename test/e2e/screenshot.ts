// Writes the README's screenshots: the review desk (docs/review.png at 1440×900,
// docs/review-1280.png at 1280×720) over the fixtures with one anomaly confirmed, one
// dismissed and two more dismissed at once; the documents list (docs/documents.png) and a PDF
// document's page beside its forms (docs/document.png). Run by hand, never by the tests:
//   pnpm tsx test/e2e/screenshot.ts
// Uses an embedded database in a temp folder (no server needed) and Debian's Chromium.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb } from '@ziping/store';
import { launch, ROOT, serve } from './harness.ts';

const dir = await mkdtemp(join(tmpdir(), 'ziping-shot-'));
const db = await openDb({ kind: 'embedded', dir: join(dir, 'db') });
const served = await serve(db, join(dir, 'files'));
const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const ready = () => page.waitForSelector('body[data-ready="true"]');
  const pdf = served.documents.get('001_ba783ae97283a765.pdf');
  await page.goto(`${served.base}/review?rule=NARRATIVE`);
  await page.fill('#key', served.key);
  await page.press('#key', 'Tab');
  await ready();
  const ids = await page.$$eval('#anomalies tbody tr', (rows) => rows.map((r) => (r as HTMLElement).dataset.id));
  await page.click(`#anomalies tbody tr[data-id="${ids[1]}"] td.msg`);
  await page.keyboard.press('c');
  await page.waitForSelector(`#anomalies tbody tr[data-id="${ids[1]}"][data-state="confirmed"]`);
  await page.fill('#reason', '原表数据如此，非录入错误');
  await page.press('#reason', 'Enter');
  await page.waitForSelector(`#anomalies tbody tr[data-id="${ids[2]}"][data-state="dismissed"]`);
  await page.check(`#anomalies tbody tr[data-id="${ids[3]}"] input.check`);
  await page.check(`#anomalies tbody tr[data-id="${ids[4]}"] input.check`);
  await page.fill('#bulk-reason', '同一原因：文字说明按四舍五入');
  await page.click('#bulk-dismiss');
  await page.waitForSelector(`#anomalies tbody tr[data-id="${ids[4]}"][data-state="dismissed"]`);
  await page.check(`#anomalies tbody tr[data-id="${ids[6]}"] input.check`);
  await page.check(`#anomalies tbody tr[data-id="${ids[7]}"] input.check`);
  await page.click(`#anomalies tbody tr[data-id="${ids[0]}"] td.msg`);
  await page.waitForSelector('#source .pdf[data-rendered="true"]');
  await page.locator('#detail table.evidence tbody tr.placed').nth(1).click();
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.screenshot({ path: join(ROOT, 'docs/review.png') });
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.reload();
  await ready();
  await page.waitForSelector('#source .pdf[data-rendered="true"]');
  await page.screenshot({ path: join(ROOT, 'docs/review-1280.png') });

  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`${served.base}/review/documents`);
  await ready();
  await page.screenshot({ path: join(ROOT, 'docs/documents.png') });

  await page.goto(`${served.base}/review/documents/${pdf}`);
  await ready();
  const row = page.locator('#forms table.indicators tbody tr').nth(1);
  await row.click();
  await page.waitForSelector(`#source .pdf[data-page="${await row.getAttribute('data-page')}"][data-rendered="true"] .box`);
  await page.screenshot({ path: join(ROOT, 'docs/document.png') });
  process.stdout.write('wrote docs/review.png, docs/review-1280.png, docs/documents.png, docs/document.png\n');
} finally {
  await browser.close();
  await served.app.close();
  await db.close();
  await rm(dir, { recursive: true, force: true });
}
