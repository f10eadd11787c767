// pdfjs inflates content streams and font files through the web DecompressionStream, which in
// Node is zlib on the libuv thread pool behind web-stream adapters: on a 300-page PDF a fifth of
// the wall time went to those adapters and to waiting, idle, for the pool. pdfjs uses the stream
// only as "write the bytes, close, read the chunks", so this stand-in inflates synchronously on
// write and hands back one chunk. A stream that fails to inflate throws when read, as the real
// one does, and pdfjs then falls back to its own decoder (which reads damaged streams too).
import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';

const DECODERS: Record<string, (b: Uint8Array) => Buffer> = {
  deflate: inflateSync,
  'deflate-raw': inflateRawSync,
  gzip: gunzipSync,
  brotli: brotliDecompressSync,
};

export class SyncDecompressionStream {
  readonly writable: { getWriter(): { ready: Promise<void>; write(b: Uint8Array): Promise<void>; close(): Promise<void> } };
  readonly readable: AsyncIterable<Uint8Array>;

  constructor(format: string) {
    const decode = DECODERS[format];
    if (!decode) throw new TypeError(`unsupported compression format: ${format}`);
    const parts: Uint8Array[] = [];
    let closed!: () => void;
    const done = new Promise<void>((resolve) => (closed = resolve));
    this.writable = {
      getWriter: () => ({
        ready: Promise.resolve(),
        write: async (b) => void parts.push(b),
        close: async () => closed(),
      }),
    };
    this.readable = {
      async *[Symbol.asyncIterator]() {
        await done;
        yield decode(parts.length === 1 ? parts[0]! : Buffer.concat(parts));
      },
    };
  }
}
