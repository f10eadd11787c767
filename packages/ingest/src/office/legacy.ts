// OLE compound files: what they are, and how to read the legacy ones.
//
// The same container holds Word 97-2003 (.doc, stream `WordDocument`), Excel 97-2003 and 5.0/95
// (.xls, `Workbook` / `Book`), PowerPoint (.ppt), WPS Office files (Kingsoft's .wps / .et are
// .doc / .xls underneath; its summary information names the producer), Microsoft Works (.wps,
// `CONTENTS` or `MN0`), and password-protected .xlsx / .docx (ECMA-376 encryption: `EncryptionInfo` and
// `EncryptedPackage` streams). A legacy file is converted by LibreOffice when `soffice` is
// installed (in a temp folder, with a time limit; LibreOffice keeps merged cells) and the .xlsx /
// .docx it writes is read by our readers; without it, the error says which format it is and how
// to convert it. We never parse .doc / .xls content ourselves beyond the few header bytes below.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputError } from '@ziping/core';
import { CfbError, openCfb, type Cfb } from './cfb.ts';

export type OleKind = 'encrypted-ooxml' | 'doc' | 'xls' | 'ppt' | 'wps' | 'et' | 'works' | 'other';

export interface OleInfo {
  kind: OleKind;
  /** What to call it in a message: "an Excel 97-2003 workbook (.xls)". */
  format: string;
  /** Password-protected: the whole package (encrypted OOXML), or the legacy file itself (.doc fEncrypted, .xls FilePass). */
  encrypted: boolean;
  /** What LibreOffice converts it to for our readers; absent when it is not a document we read. */
  target?: 'xlsx' | 'docx';
  /** The extension to give LibreOffice's input. */
  ext?: string;
}

/** What an OLE compound file holds. Throws CfbError when its structure is broken. */
export function inspectOle(buf: Uint8Array): OleInfo {
  const cfb = openCfb(buf);
  const has = (name: string) => cfb.names.some((n) => n.toLowerCase() === name.toLowerCase());
  if (has('EncryptedPackage') || has('EncryptionInfo')) {
    return { kind: 'encrypted-ooxml', format: 'an Office Open XML file (.xlsx / .docx)', encrypted: true };
  }
  const wps = producedByWps(cfb);
  if (has('WordDocument')) {
    // FIB: wIdent 0xA5EC (Word 97+) or 0xA5DC (Word 6.0/95); fEncrypted is bit 0x0100 of the flags at 0x0A.
    const fib = cfb.read('WordDocument', 12);
    const ident = fib && fib.length >= 12 ? fib[0]! | (fib[1]! << 8) : 0;
    const encrypted = !!fib && fib.length >= 12 && ((fib[10]! | (fib[11]! << 8)) & 0x0100) !== 0;
    if (wps) return { kind: 'wps', format: 'a WPS Writer document (.wps)', encrypted, target: 'docx', ext: 'doc' };
    return { kind: 'doc', format: ident === 0xa5dc ? 'a Word 6.0/95 document (.doc)' : 'a Word 97-2003 document (.doc)', encrypted, target: 'docx', ext: 'doc' };
  }
  const book = has('Workbook') ? 'Workbook' : has('Book') ? 'Book' : null;
  if (book) {
    const encrypted = hasFilePass(cfb.read(book, 8192));
    if (wps) return { kind: 'et', format: 'a WPS Spreadsheets workbook (.et)', encrypted, target: 'xlsx', ext: 'xls' };
    return { kind: 'xls', format: book === 'Book' ? 'an Excel 5.0/95 workbook (.xls)' : 'an Excel 97-2003 workbook (.xls)', encrypted, target: 'xlsx', ext: 'xls' };
  }
  if (has('PowerPoint Document')) return { kind: 'ppt', format: 'a PowerPoint 97-2003 presentation (.ppt)', encrypted: false };
  if (has('CONTENTS') || has('MN0')) return { kind: 'works', format: 'a Microsoft Works document (.wps)', encrypted: false, target: 'docx', ext: 'wps' };
  return { kind: 'other', format: 'an OLE compound file that is not a Word, Excel or WPS document (e.g. an Outlook .msg or a Visio drawing)', encrypted: false };
}

/** inspectOle, a broken container as an InputError naming the file. */
export function inspectOleFile(buf: Uint8Array, path: string): OleInfo {
  try {
    return inspectOle(buf);
  } catch (e) {
    if (e instanceof CfbError) throw new InputError('UNREADABLE', path, `a corrupt OLE compound file (legacy Office or WPS): ${e.message}`);
    throw e;
  }
}

/**
 * Why an OLE file was not read, naming its format: password-protected (ENCRYPTED_OFFICE), a
 * legacy document to save as .xlsx / .docx or convert with LibreOffice, or not a document we read
 * (UNSUPPORTED_TYPE). `why` finishes "… by converting it with LibreOffice": why that did not happen here.
 */
export function legacyError(info: OleInfo, path: string, why?: string): InputError {
  if (info.kind === 'encrypted-ooxml') {
    return new InputError('ENCRYPTED_OFFICE', path, `password-protected: ${info.format}, encrypted with a password. Remove the password (Excel / Word: File › Info › Protect › Encrypt with Password, clear it; WPS: 文件 › 文档加密) and save it again, or upload a PDF`);
  }
  if (info.encrypted) {
    return new InputError('ENCRYPTED_OFFICE', path, `password-protected: ${info.format}, encrypted with a password. Remove the password and save it as .${info.target ?? 'xlsx / .docx'}, or upload a PDF`);
  }
  if (!info.target) return new InputError('UNSUPPORTED_TYPE', path, `${info.format}, not a workbook or document we read: save the forms as .xlsx / .docx or PDF`);
  const name = basename(path);
  const app = info.target === 'xlsx' ? 'Excel or WPS' : 'Word or WPS';
  return new InputError('UNSUPPORTED_TYPE', path,
    `${info.format}, an old binary format read only by converting it with LibreOffice${why ? `, ${why}` : ''}. Save it as .${info.target} in ${app} (File › Save As), or convert it with \`soffice --headless --convert-to ${info.target} ${/[\s'"]/.test(name) ? JSON.stringify(name) : name}\``);
}

/** Kingsoft WPS names itself in the summary information (application name, KSOProductBuildVer). */
function producedByWps(cfb: Cfb): boolean {
  const WPS = /WPS Office|Kingsoft|KSOProductBuildVer/i;
  for (const name of ['\u0005SummaryInformation', '\u0005DocumentSummaryInformation']) {
    const b = cfb.read(name, 64 * 1024);
    if (!b) continue;
    if (WPS.test(new TextDecoder('latin1').decode(b)) || WPS.test(new TextDecoder('utf-16le').decode(b))) return true;
  }
  return false;
}

/** A BIFF workbook stream whose globals hold a FilePass record (0x002F) is encrypted. */
function hasFilePass(stream: Uint8Array | undefined): boolean {
  if (!stream) return false;
  for (let p = 0, n = 0; p + 4 <= stream.length && n < 64; n++) {
    const type = stream[p]! | (stream[p + 1]! << 8);
    const len = stream[p + 2]! | (stream[p + 3]! << 8);
    if (type === 0x002f) return true;
    if (type === 0x000a || (n === 0 && type !== 0x0809 && type !== 0x0409 && type !== 0x0209 && type !== 0x0009)) return false; // EOF, or no BOF first
    p += 4 + len;
  }
  return false;
}

/** Time LibreOffice gets to convert one file: its first start (a fresh profile) takes a few seconds. */
export const SOFFICE_TIMEOUT_MS = 60_000;

export interface ConvertOptions {
  /** The LibreOffice command, found on PATH; default `soffice`. */
  command?: string;
  timeoutMs?: number;
}

/** A conversion that ran and failed (exit status, no output, time limit). */
export class ConvertError extends Error {
  override readonly name = 'ConvertError';
}

/** Commands found missing: checked once per process (a failed spawn costs a millisecond, not a LibreOffice start). */
const missing = new Set<string>();

/**
 * The file converted by LibreOffice to `target`, in a temp folder that is removed afterwards; null
 * when the command is not installed. The process group is killed at the time limit (soffice starts
 * soffice.bin as a child).
 */
export async function convertWithSoffice(buf: Uint8Array, info: OleInfo, opts: ConvertOptions = {}): Promise<Uint8Array | null> {
  const command = opts.command ?? 'soffice';
  if (!info.target || missing.has(command)) return null;
  const timeoutMs = opts.timeoutMs ?? SOFFICE_TIMEOUT_MS;
  const dir = await mkdtemp(join(tmpdir(), 'ziping-soffice-'));
  try {
    const input = join(dir, `source.${info.ext ?? 'bin'}`);
    await writeFile(input, buf);
    const args = [
      '--headless', '--norestore', '--nologo', '--nodefault', '--nolockcheck',
      `-env:UserInstallation=${pathToFileURL(join(dir, 'profile')).href}`,
      '--convert-to', info.target, '--outdir', dir, input,
    ];
    const run = await new Promise<{ missing: true } | { missing: false; code: number | null; timedOut: boolean; stderr: string }>((resolve) => {
      const child = spawn(command, args, { cwd: dir, detached: process.platform !== 'win32', stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      let timedOut = false;
      child.stderr.on('data', (d: Buffer) => { if (stderr.length < 2000) stderr += d.toString('utf8'); });
      const timer = setTimeout(() => {
        timedOut = true;
        try {
          if (process.platform !== 'win32' && child.pid) process.kill(-child.pid, 'SIGKILL');
          else child.kill('SIGKILL');
        } catch { /* already gone */ }
      }, timeoutMs);
      child.on('error', (e: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        resolve(e.code === 'ENOENT' ? { missing: true } : { missing: false, code: null, timedOut, stderr: e.message });
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ missing: false, code, timedOut, stderr });
      });
    });
    if (run.missing) {
      missing.add(command);
      return null;
    }
    if (run.timedOut) throw new ConvertError(`LibreOffice did not convert it within ${Math.round(timeoutMs / 100) / 10} s`);
    const out = await readFile(join(dir, `source.${info.target}`)).catch(() => null);
    if (run.code !== 0 || !out) {
      const why = run.stderr.trim().split('\n').at(-1) ?? '';
      throw new ConvertError(`LibreOffice could not convert it (exit ${run.code ?? 'signal'}${why ? `: ${why}` : ''})`);
    }
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
