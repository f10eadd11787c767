// Test helpers: multipart uploads over real HTTP (zips are built by @ziping/pipeline/testing/zipbytes).

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
