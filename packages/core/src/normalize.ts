// Text normalisation, applied once at the reader boundary (every reader calls it on every cell
// and paragraph; the raw text stays in the layout model). Why not plain NFKC: it also folds
// CJK punctuation （）：， into ASCII, which the forms' labels and the gold keep, and it maps
// some Kangxi radicals to traditional forms (⼾ → 戶) where the simplified-Chinese fonts that
// emit them mean the simplified character (户). CJK Radicals Supplement code points (⻔ ⻓ ⺠),
// which pdf.js returns for Noto / Source Han glyphs, have no decomposition at all.

/** Kangxi radicals whose simplified-Chinese glyph is not the NFKC target. */
const KANGXI_OVERRIDES: Record<string, string> = { '⼾': '户', '⾭': '青' };

/** CJK Radicals Supplement (U+2E80–U+2EF3) → the unified ideograph the glyph shows. */
const RADICALS_SUPPLEMENT: Record<string, string> = {
  '⺁': '厂', '⺇': '几', '⺈': '刀', '⺊': '卜', '⺌': '小', '⺍': '小', '⺎': '兀', '⺏': '尣', '⺐': '尢',
  '⺑': '尣', '⺒': '巳', '⺓': '幺', '⺔': '彑', '⺖': '忄', '⺗': '心', '⺘': '扌', '⺙': '攵', '⺛': '旡',
  '⺝': '月', '⺞': '歺', '⺟': '母', '⺠': '民', '⺡': '氵', '⺢': '氺', '⺣': '灬', '⺤': '爫', '⺥': '爫',
  '⺦': '丬', '⺧': '牛', '⺨': '犭', '⺩': '王', '⺪': '疋', '⺫': '目', '⺬': '示', '⺭': '礻', '⺮': '竹',
  '⺯': '糸', '⺰': '纟', '⺱': '罒', '⺲': '罒', '⺳': '网', '⺴': '网', '⺵': '网', '⺶': '羊', '⺷': '羊',
  '⺸': '羊', '⺹': '耂', '⺺': '聿', '⺻': '聿', '⺼': '月', '⺽': '臼', '⺾': '艹', '⺿': '艹', '⻀': '艹',
  '⻁': '虎', '⻂': '衤', '⻃': '西', '⻄': '西', '⻅': '见', '⻆': '角', '⻇': '角', '⻈': '讠', '⻉': '贝',
  '⻊': '足', '⻋': '车', '⻌': '辶', '⻍': '辶', '⻎': '辶', '⻏': '阝', '⻐': '钅', '⻑': '長', '⻒': '镸',
  '⻓': '长', '⻔': '门', '⻕': '阝', '⻖': '阝', '⻗': '雨', '⻘': '青', '⻙': '韦', '⻚': '页', '⻛': '风',
  '⻜': '飞', '⻝': '食', '⻞': '食', '⻟': '食', '⻠': '饣', '⻡': '首', '⻢': '马', '⻣': '骨', '⻤': '鬼',
  '⻥': '鱼', '⻦': '鸟', '⻧': '卤', '⻨': '麦', '⻩': '黄', '⻪': '黾', '⻫': '斉', '⻬': '齐', '⻭': '歯',
  '⻮': '齿', '⻯': '竜', '⻰': '龙', '⻱': '龜', '⻲': '亀', '⻳': '龟',
};

const FULLWIDTH_OPERATORS: Record<string, string> = { '＋': '+', '－': '-', '＝': '=', '＜': '<', '＞': '>', '％': '%', '．': '.', '／': '/', '﹪': '%' };

function foldChar(ch: string): string {
  const cp = ch.codePointAt(0)!;
  if (cp >= 0x2f00 && cp <= 0x2fdf) return KANGXI_OVERRIDES[ch] ?? ch.normalize('NFKC');
  if (cp >= 0x2e80 && cp <= 0x2eff) return RADICALS_SUPPLEMENT[ch] ?? ch;
  if (cp >= 0xf900 && cp <= 0xfaff) return ch.normalize('NFKC'); // CJK compatibility ideographs
  if (cp >= 0xff10 && cp <= 0xff19) return String.fromCharCode(cp - 0xff10 + 0x30); // full-width digits
  if ((cp >= 0xff21 && cp <= 0xff3a) || (cp >= 0xff41 && cp <= 0xff5a)) return String.fromCharCode(cp - 0xfee0); // letters
  return FULLWIDTH_OPERATORS[ch] ?? ch;
}

const FOLD = /[\u2e80-\u2eff\u2f00-\u2fdf\uf900-\ufaff\uff10-\uff19\uff21-\uff3a\uff41-\uff5a＋－＝＜＞％．／﹪]/gu;

/**
 * Normalise one cell's or paragraph's text: radicals and compatibility ideographs to unified
 * ideographs, full-width digits/letters/operators to ASCII, every kind of space (NBSP,
 * ideographic, zero-width) to one plain space, `>=`/`<=`/`≧`/`≦` to `≥`/`≤`, line breaks
 * joined, white space runs collapsed, trimmed.
 */
export function normalizeText(raw: string): string {
  return raw
    .replace(FOLD, foldChar)
    .replace(/[\u200b-\u200d\u2060\ufeff\u00ad]/g, '')
    .replace(/>\s*=|≧|⩾/g, '≥')
    .replace(/<\s*=|≦|⩽/g, '≤')
    .replace(/[\s\u00a0\u3000\u2000-\u200a\u202f\u205f]+/g, ' ')
    .trim();
}

const CJK_END = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]$/;
const CJK_START = /^[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;

/** Join the pieces of a cell wrapped over lines: no space between two CJK characters, one space otherwise. */
export function joinWrapped(parts: string[]): string {
  let out = '';
  for (const p of parts.map((s) => s.trim()).filter((s) => s !== '')) {
    out = out === '' ? p : CJK_END.test(out) || CJK_START.test(p) ? out + p : `${out} ${p}`;
  }
  return out;
}
