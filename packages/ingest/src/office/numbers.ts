// Numbers as a sheet displays them. numfmt (maintained, pure JS, no dependencies) implements
// Excel's number format codes — sections, %, grouping, scaling, literals, dates — so a cell
// formatted `0.00%` reads 95.65%, not the stored 0.9565. Version 3: the 4.x package on the
// registry points its `exports` at files it does not ship.
import { format, isDateFormat } from 'numfmt';

/** A number as the cell's format shows it; General as JS prints it, to Excel's 15 significant digits (drops binary noise such as 1800.3600000000001). */
export function displayNumber(v: string, code: string, date1904 = false): string {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) return v;
  const general = String(Number(n.toPrecision(15)));
  if (/^\s*(general|@)?\s*$/i.test(code)) return general; // a number in a text-formatted cell shows as General
  try {
    return format(code, date1904 && isDateFormat(code) ? n + 1462 : n);
  } catch {
    return general; // a format code numfmt cannot parse
  }
}

// Built-in number formats (ECMA-376 18.8.30) as a Chinese-locale Excel shows them: their codes are not
// stored in the file, and the date/currency ids depend on the reader's locale (id 14 → 2023/3/28).
const YM = 'yyyy"年"m"月"', MD = 'm"月"d"日"', HM = 'h"时"mm"分"', HMS = 'h"时"mm"分"ss"秒"';
const ACCOUNTING = (c: string, d: string) => `_ ${c}* #,##0${d}_ ;_ ${c}* -#,##0${d}_ ;_ ${c}* "-"${d ? '??' : ''}_ ;_ @_ `;
export const BUILTIN_FORMATS: Record<number, string> = {
  0: 'General', 1: '0', 2: '0.00', 3: '#,##0', 4: '#,##0.00', 5: '"¥"#,##0;"¥"-#,##0', 6: '"¥"#,##0;[Red]"¥"-#,##0',
  7: '"¥"#,##0.00;"¥"-#,##0.00', 8: '"¥"#,##0.00;[Red]"¥"-#,##0.00', 9: '0%', 10: '0.00%', 11: '0.00E+00', 12: '# ?/?',
  13: '# ??/??', 14: 'yyyy/m/d', 15: 'd-mmm-yy', 16: 'd-mmm', 17: 'mmm-yy', 18: 'h:mm AM/PM', 19: 'h:mm:ss AM/PM',
  20: 'h:mm', 21: 'h:mm:ss', 22: 'yyyy/m/d h:mm', 27: YM, 28: MD, 29: MD, 30: 'm-d-yy', 31: 'yyyy"年"m"月"d"日"', 32: HM,
  33: HMS, 34: HM, 35: HMS, 36: YM, 37: '#,##0 ;(#,##0)', 38: '#,##0 ;[Red](#,##0)', 39: '#,##0.00;(#,##0.00)',
  40: '#,##0.00;[Red](#,##0.00)', 41: ACCOUNTING('', ''), 42: ACCOUNTING('¥', ''), 43: ACCOUNTING('', '.00'),
  44: ACCOUNTING('¥', '.00'), 45: 'mm:ss', 46: '[h]:mm:ss', 47: 'mm:ss.0', 48: '##0.0E+0', 49: '@', 50: YM, 51: MD,
  52: YM, 53: MD, 54: MD, 55: HM, 56: HMS, 57: YM, 58: MD,
};
