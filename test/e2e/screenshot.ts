// Writes docs/review.png (and docs/document.png): the review page over the fixtures, with
// one anomaly confirmed and one dismissed. Run by hand, never by the tests:
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
  await page.goto(`${served.base}/review?rule=NARRATIVE`);
  await page.fill('#key', served.key);
  await page.press('#key', 'Tab');
  await ready();
  const ids = await page.$$eval('#anomalies tbody tr', (rows) => rows.map((r) => (r as HTMLElement).dataset.id));
  await page.click(`#anomalies tbody tr[data-id="${ids[1]}"] td.msg`);
  await page.keyboard.press('c');
  await page.waitForSelector(`#anomalies tbody tr[data-id="${ids[1]}"][data-state="confirmed"]`);
  await page.keyboard.press('j');
  await page.waitForFunction((id) => document.querySelector('#detail h2')?.textContent?.startsWith(`#${id} `), ids[2]);
  await page.fill('#reason', '原表数据如此，非录入错误');
  await page.press('#reason', 'Enter');
  await page.waitForSelector(`#anomalies tbody tr[data-id="${ids[2]}"][data-state="dismissed"]`);
  await page.click(`#anomalies tbody tr[data-id="${ids[0]}"] td.msg`);
  await page.waitForSelector('#source .pdf[data-rendered="true"]');
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.screenshot({ path: join(ROOT, 'docs/review.png') });

  const doc = served.documents.get('000_ca0dcd0154b0e201.txt');
  await page.goto(`${served.base}/review/documents/${doc}`);
  await ready();
  await page.locator('#forms table.indicators tbody tr').nth(3).click();
  await page.screenshot({ path: join(ROOT, 'docs/document.png') });
  process.stdout.write('wrote docs/review.png, docs/document.png\n');
} finally {
  await browser.close();
  await served.app.close();
  await db.close();
  await rm(dir, { recursive: true, force: true });
}
