// Test helpers: multipart uploads over real HTTP.
import { crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';

export interface Part { name: string; bytes: Buffer | Uint8Array; type?: string }
export interface Reply { status: number; body: any }

export async function postFiles(base: string, parts: Part[], token: string | null): Promise<Reply> {
  const form = new FormData();
  for (const p of parts) form.append('file', new Blob([new Uint8Array(p.bytes)], { type: p.type ?? 'text/plain' }), p.name);
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const res = await fetch(`${base}/documents`, { method: 'POST', body: form, headers });
  return { status: res.status, body: await res.json() };
}

export async function getJson(base: string, path: string): Promise<Reply> {
  const res = await fetch(`${base}${path}`);
  return { status: res.status, body: await res.json() };
}

/** One zip entry, already deflated; `size` is what its headers declare (tests make them lie; `localSize` the local header alone). */
export interface ZipPart { name: string; packed: Buffer; crc: number; size: number; localSize?: number }

/** `size` bytes of zeros, deflated a MiB at a time: never the whole entry in memory. */
export async function deflatedZeros(name: string, size: number): Promise<ZipPart> {
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (b: Buffer) => out.push(b));
  const done = new Promise((ok, fail) => deflate.on('end', ok).on('error', fail));
  const mib = Buffer.alloc(1 << 20);
  let crc = 0;
  for (let left = size; left > 0; left -= mib.length) {
    const chunk = left >= mib.length ? mib : mib.subarray(0, left);
    crc = crc32(chunk, crc);
    if (!deflate.write(chunk)) await new Promise((ok) => deflate.once('drain', ok));
  }
  deflate.end();
  await done;
  return { name, packed: Buffer.concat(out), crc, size };
}

export function deflated(name: string, bytes: Buffer): ZipPart {
  return { name, packed: deflateRawSync(bytes), crc: crc32(bytes), size: bytes.length };
}

/** A plain zip (deflate, no data descriptors, no ZIP64). */
export function zipOf(parts: ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name);
    const head = (sig: number, len: number) => {
      const b = Buffer.alloc(len);
      b.writeUInt32LE(sig, 0);
      return b;
    };
    const local = head(0x04034b50, 30);
    local.writeUInt16LE(20, 4); local.writeUInt16LE(0x800, 6); local.writeUInt16LE(8, 8);
    local.writeUInt32LE(p.crc >>> 0, 14); local.writeUInt32LE(p.packed.length, 18); local.writeUInt32LE(p.localSize ?? p.size, 22);
    local.writeUInt16LE(name.length, 26);
    const dir = head(0x02014b50, 46);
    dir.writeUInt16LE(20, 4); dir.writeUInt16LE(20, 6); dir.writeUInt16LE(0x800, 8); dir.writeUInt16LE(8, 10);
    dir.writeUInt32LE(p.crc >>> 0, 16); dir.writeUInt32LE(p.packed.length, 20); dir.writeUInt32LE(p.size, 24);
    dir.writeUInt16LE(name.length, 28); dir.writeUInt32LE(offset, 42);
    locals.push(local, name, p.packed);
    central.push(dir, name);
    offset += local.length + name.length + p.packed.length;
  }
  const dirBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8); end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(dirBytes.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dirBytes, end]);
}
