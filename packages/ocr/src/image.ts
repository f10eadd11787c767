// Grey-scale page images and the few pixel operations the layout stage needs. Pixels are
// one byte each, 0 = black, 255 = white, row-major; coordinates are pixels, origin top-left.

export interface GrayImage {
  width: number;
  height: number;
  data: Uint8Array;
}

export interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export function blank(width: number, height: number, value = 255): GrayImage {
  return { width, height, data: new Uint8Array(width * height).fill(value) };
}

/** RGBA (canvas ImageData, sharp raw with 4 channels) → grey, by luma. */
export function fromRgba(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number, channels = 4): GrayImage {
  const data = new Uint8Array(width * height);
  for (let i = 0, p = 0; i < data.length; i++, p += channels) {
    const a = channels === 4 ? rgba[p + 3]! / 255 : 1;
    const y = 0.299 * rgba[p]! + 0.587 * rgba[p + 1]! + 0.114 * rgba[p + 2]!;
    data[i] = Math.round(y * a + 255 * (1 - a)); // transparent → white paper
  }
  return { width, height, data };
}

export function toRgba(img: GrayImage): Uint8ClampedArray {
  const out = new Uint8ClampedArray(img.width * img.height * 4);
  for (let i = 0, p = 0; i < img.data.length; i++, p += 4) {
    const v = img.data[i]!;
    out[p] = v; out[p + 1] = v; out[p + 2] = v; out[p + 3] = 255;
  }
  return out;
}

export function crop(img: GrayImage, r: Rect): GrayImage {
  const x0 = Math.max(0, Math.floor(r.x0));
  const y0 = Math.max(0, Math.floor(r.y0));
  const x1 = Math.min(img.width, Math.ceil(r.x1));
  const y1 = Math.min(img.height, Math.ceil(r.y1));
  const w = Math.max(0, x1 - x0);
  const h = Math.max(0, y1 - y0);
  const data = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) data.set(img.data.subarray((y0 + y) * img.width + x0, (y0 + y) * img.width + x0 + w), y * w);
  return { width: w, height: h, data };
}

/** Surround with white paper (recognisers like a margin around the glyphs). */
export function pad(img: GrayImage, margin: number): GrayImage {
  const out = blank(img.width + 2 * margin, img.height + 2 * margin);
  for (let y = 0; y < img.height; y++) out.data.set(img.data.subarray(y * img.width, (y + 1) * img.width), (y + margin) * out.width + margin);
  return out;
}

/** Otsu's threshold over the histogram; pixels ≤ threshold count as ink. */
export function otsu(img: GrayImage): number {
  const hist = new Float64Array(256);
  for (const v of img.data) hist[v]!++;
  const total = img.data.length;
  let sum = 0;
  for (let i = 0; i < 256; i++) sum += i * hist[i]!;
  let sumB = 0, wB = 0, best = 0, threshold = 127;
  for (let t = 0; t < 256; t++) {
    wB += hist[t]!;
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += t * hist[t]!;
    const mB = sumB / wB;
    const mF = (sum - sumB) / wF;
    const between = wB * wF * (mB - mF) * (mB - mF);
    if (between > best) { best = between; threshold = t; }
  }
  // A near-blank page has no real bimodality: keep ink clearly dark.
  return Math.min(threshold, 200);
}

/** 1 = ink. Isolated specks (fewer than two inked 8-neighbours) are dropped. */
export function binarize(img: GrayImage, threshold = otsu(img)): Uint8Array {
  const { width: w, height: h, data } = img;
  const ink = new Uint8Array(w * h);
  for (let i = 0; i < ink.length; i++) ink[i] = data[i]! <= threshold ? 1 : 0;
  const out = new Uint8Array(ink);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (!ink[i]) continue;
      let n = 0;
      for (let dy = -1; dy <= 1 && n < 2; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= h) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if ((dx || dy) && xx >= 0 && xx < w && ink[yy * w + xx]) n++;
        }
      }
      if (n < 2) out[i] = 0;
    }
  }
  return out;
}

/** The grey image with everything that is not ink (per `mask`) set to paper white. */
export function cleaned(img: GrayImage, mask: Uint8Array): GrayImage {
  const data = new Uint8Array(img.data.length);
  for (let i = 0; i < data.length; i++) data[i] = mask[i] ? img.data[i]! : 255;
  return { width: img.width, height: img.height, data };
}

/**
 * Rotate by `degrees` about the centre (positive turns the content clockwise on screen,
 * i.e. a horizontal line comes out sloping down to the right), keeping the size.
 */
export function rotate(img: GrayImage, degrees: number): GrayImage {
  if (degrees === 0) return img;
  const { width: w, height: h, data } = img;
  const out = blank(w, h);
  const t = (degrees * Math.PI) / 180;
  const cos = Math.cos(t), sin = Math.sin(t);
  const cx = (w - 1) / 2, cy = (h - 1) / 2;
  for (let y = 0; y < h; y++) {
    const dy = y - cy;
    for (let x = 0; x < w; x++) {
      const dx = x - cx;
      // inverse map: source = R(-t) · (dest - c) + c
      const sx = cos * dx + sin * dy + cx;
      const sy = -sin * dx + cos * dy + cy;
      const x0 = Math.floor(sx), y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 + 1 >= w || y0 + 1 >= h) continue;
      const fx = sx - x0, fy = sy - y0;
      const i = y0 * w + x0;
      const top = data[i]! * (1 - fx) + data[i + 1]! * fx;
      const bot = data[i + w]! * (1 - fx) + data[i + w + 1]! * fx;
      out.data[y * w + x] = Math.round(top * (1 - fy) + bot * fy);
    }
  }
  return out;
}

/**
 * The small skew of a scanned page, in degrees (what `rotate` must undo with the opposite
 * sign): the angle whose row projection of ink is sharpest (ruling lines and text baselines).
 */
export function estimateSkew(ink: Uint8Array, width: number, height: number, maxDegrees = 3): number {
  // sample the ink along x only (every row is kept: a ruling line is 1–3 rows thick)
  const xs: number[] = [];
  const ys: number[] = [];
  const step = Math.max(1, Math.round(width / 400));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x += step) if (ink[y * width + x]) { xs.push(x); ys.push(y); }
  }
  if (xs.length < 50) return 0;
  const bins = new Float64Array(height + 2 * width + 2);
  const score = (deg: number): number => {
    const tan = Math.tan((deg * Math.PI) / 180);
    bins.fill(0);
    const off = width; // keep indices positive
    for (let i = 0; i < xs.length; i++) bins[Math.round(ys[i]! - xs[i]! * tan) + off]!++;
    let s = 0;
    for (const b of bins) s += b * b;
    return s;
  };
  let best = 0, bestScore = score(0);
  for (let d = -maxDegrees; d <= maxDegrees + 1e-9; d += 0.1) {
    const s = score(d);
    if (s > bestScore * 1.0001) { best = d; bestScore = s; }
  }
  const coarse = best;
  for (let d = coarse - 0.1; d <= coarse + 0.1 + 1e-9; d += 0.02) {
    const s = score(d);
    if (s > bestScore) { best = d; bestScore = s; }
  }
  return Math.abs(best) < 0.03 ? 0 : Math.round(best * 100) / 100;
}

/**
 * Ink with its small connected components (8-connected) removed: scanner specks. One new mask
 * per entry of `minAreas`, from one labelling: components of fewer than that many pixels go.
 */
export function despeckle(ink: Uint8Array, width: number, height: number, minAreas: number[]): Uint8Array[] {
  const outs = minAreas.map(() => new Uint8Array(ink));
  const most = Math.max(0, ...minAreas);
  if (most <= 1) return outs;
  const seen = new Uint8Array(ink.length);
  const stack: number[] = [];
  const comp: number[] = [];
  for (let start = 0; start < ink.length; start++) {
    if (!ink[start] || seen[start]) continue;
    seen[start] = 1;
    stack.push(start);
    comp.length = 0;
    while (stack.length) {
      const i = stack.pop()!;
      if (comp.length < most) comp.push(i);
      const x = i % width, y = (i - x) / width;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if (xx < 0 || xx >= width) continue;
          const j = yy * width + xx;
          if (ink[j] && !seen[j]) { seen[j] = 1; stack.push(j); }
        }
      }
    }
    minAreas.forEach((min, k) => { if (comp.length < min) for (const i of comp) outs[k]![i] = 0; });
  }
  return outs;
}

/** The grey image with the pixels a mask removed (ink → no longer ink) turned to paper. */
export function whiten(img: GrayImage, before: Uint8Array, after: Uint8Array): GrayImage {
  const data = new Uint8Array(img.data);
  for (let i = 0; i < data.length; i++) if (before[i] && !after[i]) data[i] = 255;
  return { width: img.width, height: img.height, data };
}
