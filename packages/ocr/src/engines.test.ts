// Both engines on cell crops cut from the fixture scan (fixtures/scans/cell-*.png, made by
// scripts/make-fixture-scans.ts). One worker each: the machine's cores are shared.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OcrEngine } from './engine.ts';
import { correctReading } from './lexicon.ts';
import { PaddleEngine } from './paddle.ts';
import { decodeImage } from './raster.ts';
import { TesseractEngine } from './tesseract.ts';

const crop = async (name: string) => {
  const [page] = await decodeImage(readFileSync(new URL(`../../../fixtures/scans/${name}`, import.meta.url)));
  return page!.image;
};

const cases: { engine: string; create: () => Promise<OcrEngine> }[] = [
  { engine: 'paddle', create: () => PaddleEngine.create({ workers: 1 }) },
  { engine: 'tesseract', create: () => TesseractEngine.create({ workers: 1 }) },
];

describe.each(cases)('$engine engine', ({ create }) => {
  let engine: OcrEngine;
  beforeAll(async () => { engine = await create(); });
  afterAll(async () => { await engine?.close(); });

  it('reads a label cell with its confidence', async () => {
    const r = await engine.recognize(await crop('cell-label.png'));
    expect(r.text).toBe('年度资金总额');
    expect(r.confidence).toBeGreaterThan(0.5);
    expect(r.confidence).toBeLessThanOrEqual(1);
  });

  it('reads figures with the numeric alphabet', async () => {
    const amount = await engine.recognize(await crop('cell-amount.png'), { numeric: true });
    expect(amount.text).toBe('27433741.7');
    const score = await engine.recognize(await crop('cell-score.png'), { numeric: true });
    expect(score.text).toBe('8.7');
    expect(score.confidence).toBeGreaterThan(0.5);
  });

  it('reads the forms\' dash as something the lexicon makes a dash', async () => {
    const r = await engine.recognize(await crop('cell-dash.png'));
    expect(correctReading(r.text).text).toBe('—');
  });

  it('records a version for the document', () => {
    expect(engine.version).toMatch(engine.name === 'paddle' ? /PP-OCRv4/ : /tesseract\.js 7/);
  });
});

describe('lexicon', () => {
  it('corrects known label misreadings and says so', () => {
    expect(correctReading('社会双血指标')).toEqual({ text: '社会效益指标', from: '社会双血指标', rule: 'lexicon' });
    expect(correctReading('产岀指标')).toEqual({ text: '产出指标', from: '产岀指标', rule: 'lexicon' });
    expect(correctReading('数量指标')).toEqual({ text: '数量指标' });
    expect(correctReading('项目资金（元D')).toEqual({ text: '项目资金（元）', from: '项目资金（元D', rule: 'punct' });
    expect(correctReading('项目资金（万元）')).toEqual({ text: '项目资金（万元）' });
  });

  it('drops a speck read as a point at either end of a figure', () => {
    expect(correctReading('6.25.')).toEqual({ text: '6.25', from: '6.25.', rule: 'number' });
    expect(correctReading('.100%')).toEqual({ text: '100%', from: '.100%', rule: 'number' });
    expect(correctReading('94.14')).toEqual({ text: '94.14' });
    expect(correctReading('1.开展内审')).toEqual({ text: '1.开展内审' });
  });

  it('mends a figure\'s sign: ‰ read as %0, % emitted twice', () => {
    expect(correctReading('≤0.9%0')).toEqual({ text: '≤0.9‰', from: '≤0.9%0', rule: 'number' });
    expect(correctReading('0.12%0.')).toEqual({ text: '0.12‰', from: '0.12%0.', rule: 'number' });
    expect(correctReading('95.29%%')).toEqual({ text: '95.29%', from: '95.29%%', rule: 'number' });
    expect(correctReading('0.9‰')).toEqual({ text: '0.9‰' });
    expect(correctReading('10%05')).toEqual({ text: '10%05' }); // not a figure: left alone
  });

  it('turns a lone dash-like reading into the forms\' dash', () => {
    expect(correctReading('一')).toEqual({ text: '—', from: '一', rule: 'dash' });
    expect(correctReading('—')).toEqual({ text: '—' });
    expect(correctReading('一级指标').text).toBe('一级指标');
  });
});
