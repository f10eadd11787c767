// Compound File Binary (OLE2, "D0 CF 11 E0 A1 B1 1A E1", [MS-CFB]): the container of legacy
// .doc / .xls / .ppt, of WPS files and of password-protected .xlsx / .docx. We read only its
// directory (which streams it holds) and the first bytes of a few streams, enough to say what the
// file is and whether it is encrypted. Every sector number is checked against the file and every
// chain walk is bounded by the number of sectors, so a corrupt or hostile file cannot loop.

export const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
export const isOle = (buf: Uint8Array): boolean => buf.length >= 8 && OLE_MAGIC.every((b, i) => buf[i] === b);

/** A compound file whose structure is broken. */
export class CfbError extends Error {
  override readonly name = 'CfbError';
}

export interface Cfb {
  /** Names of the streams and storages at the top level (children of the root). */
  names: string[];
  /** The first `max` bytes of a top-level stream (names compare case-insensitively), or undefined. */
  read(name: string, max: number): Uint8Array | undefined;
}

const END_OF_CHAIN = 0xfffffffe;
const FREE = 0xffffffff;
const NO_STREAM = 0xffffffff;

interface DirEntry { name: string; type: number; left: number; right: number; child: number; start: number; size: number }

export function openCfb(buf: Uint8Array): Cfb {
  if (!isOle(buf) || buf.length < 512) throw new CfbError('shorter than its 512-byte header');
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const u16 = (p: number) => dv.getUint16(p, true);
  const u32 = (p: number) => dv.getUint32(p, true);
  const major = u16(0x1a);
  const shift = u16(0x1e);
  if (u16(0x1c) !== 0xfffe || !((major === 3 && shift === 9) || (major === 4 && shift === 12))) {
    throw new CfbError(`unknown header (version ${major}, sector shift ${shift})`);
  }
  const size = 1 << shift;
  const perSector = size / 4;
  const miniSize = 1 << u16(0x20);
  const cutoff = u32(0x38);
  // A short last sector is common (writers drop trailing zeros); read it padded.
  const sectors = Math.ceil((buf.length - size) / size);
  const sector = (n: number): Uint8Array => {
    if (n >= sectors) throw new CfbError(`sector ${n} lies past the end of the file (${sectors} sectors)`);
    const from = (n + 1) * size;
    const s = buf.subarray(from, from + size);
    if (s.length === size) return s;
    const padded = new Uint8Array(size);
    padded.set(s);
    return padded;
  };
  const sectorU32 = (n: number, i: number) => {
    const s = sector(n);
    return new DataView(s.buffer, s.byteOffset, s.byteLength).getUint32(i * 4, true);
  };

  // The FAT's own sectors: 109 in the header, the rest in the DIFAT chain.
  const fatCount = u32(0x2c);
  if (fatCount > sectors) throw new CfbError(`${fatCount} FAT sectors in a file of ${sectors}`);
  const fatSectors: number[] = [];
  for (let i = 0; i < 109 && fatSectors.length < fatCount; i++) fatSectors.push(u32(0x4c + i * 4));
  for (let d = u32(0x44), steps = 0; fatSectors.length < fatCount && d !== END_OF_CHAIN && d !== FREE; steps++) {
    if (steps > sectors) throw new CfbError('the DIFAT chain loops');
    for (let i = 0; i < perSector - 1 && fatSectors.length < fatCount; i++) fatSectors.push(sectorU32(d, i));
    d = sectorU32(d, perSector - 1);
  }
  const fat = new Uint32Array(fatSectors.length * perSector);
  fatSectors.forEach((s, k) => {
    const b = sector(s);
    fat.set(new Uint32Array(b.buffer.slice(b.byteOffset, b.byteOffset + size)), k * perSector);
  });

  /** The sectors of a chain, at most `limit` of them. */
  const chain = (start: number, table: Uint32Array, limit: number, what: string): number[] => {
    const out: number[] = [];
    const seen = new Uint8Array(table.length);
    for (let s = start; s !== END_OF_CHAIN && out.length < limit; s = table[s]!) {
      if (s >= table.length) throw new CfbError(`the ${what} chain points at sector ${s}`);
      if (seen[s]) throw new CfbError(`the ${what} chain loops`);
      seen[s] = 1;
      out.push(s);
    }
    return out;
  };
  const readChain = (start: number, bytes: number, what: string): Uint8Array => {
    const out = new Uint8Array(bytes);
    chain(start, fat, Math.ceil(bytes / size), what).forEach((s, i) => out.set(sector(s).subarray(0, Math.min(size, bytes - i * size)), i * size));
    return out;
  };

  // The directory: 128-byte entries in the chain from the header's directory sector.
  const dirSectors = chain(u32(0x30), fat, sectors, 'directory');
  const dir: DirEntry[] = [];
  for (const s of dirSectors) {
    const b = sector(s);
    const e = new DataView(b.buffer, b.byteOffset, b.byteLength);
    for (let p = 0; p + 128 <= size; p += 128) {
      const nameLen = Math.min(64, e.getUint16(p + 0x40, true));
      const name = new TextDecoder('utf-16le').decode(b.subarray(p, p + Math.max(0, nameLen - 2)));
      const hi = major === 4 ? e.getUint32(p + 0x7c, true) : 0; // version 3 files may leave garbage there
      dir.push({
        name, type: b[p + 0x42]!,
        left: e.getUint32(p + 0x44, true), right: e.getUint32(p + 0x48, true), child: e.getUint32(p + 0x4c, true),
        start: e.getUint32(p + 0x74, true), size: e.getUint32(p + 0x78, true) + hi * 2 ** 32,
      });
    }
  }
  const root = dir[0];
  if (!root || root.type !== 5) throw new CfbError('no root entry');

  // The root's children form a red-black tree through left/right siblings.
  const top: DirEntry[] = [];
  const seen = new Set<number>();
  const stack = [root.child];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (id === NO_STREAM) continue;
    if (id >= dir.length || seen.has(id)) throw new CfbError(`the directory tree is damaged (entry ${id})`);
    seen.add(id);
    const e = dir[id]!;
    if (e.type === 1 || e.type === 2) top.push(e);
    stack.push(e.left, e.right);
  }

  // Small streams live in the mini stream (the root's data), in 64-byte mini sectors.
  let mini: { fat: Uint32Array; stream: Uint8Array } | undefined;
  const miniStream = () => {
    if (mini) return mini;
    const miniFatSectors = chain(u32(0x3c), fat, u32(0x40), 'mini FAT');
    const miniFat = new Uint32Array(miniFatSectors.length * perSector);
    miniFatSectors.forEach((s, k) => {
      const b = sector(s);
      miniFat.set(new Uint32Array(b.buffer.slice(b.byteOffset, b.byteOffset + size)), k * perSector);
    });
    const bytes = Math.min(root.size, sectors * size);
    mini = { fat: miniFat, stream: readChain(root.start, bytes, 'mini stream') };
    return mini;
  };

  return {
    names: top.map((e) => e.name),
    read(name, max) {
      const e = top.find((x) => x.type === 2 && x.name.toLowerCase() === name.toLowerCase());
      if (!e) return undefined;
      const bytes = Math.min(e.size, max);
      if (e.size >= cutoff) return readChain(e.start, Math.min(bytes, sectors * size), name);
      const m = miniStream();
      const out = new Uint8Array(bytes);
      chain(e.start, m.fat, Math.ceil(bytes / miniSize), name).forEach((s, i) => {
        const at = s * miniSize;
        if (at + miniSize > m.stream.length) throw new CfbError(`${name}: mini sector ${s} lies past the mini stream`);
        out.set(m.stream.subarray(at, at + Math.min(miniSize, bytes - i * miniSize)), i * miniSize);
      });
      return out;
    },
  };
}
