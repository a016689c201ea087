/**
 * ZIP members, read with limits. Office files (DOCX, XLSX) are ZIP archives, and a ZIP is hostile input: a member
 * may declare a huge size (a "zip bomb") or declare a small one and inflate to gigabytes. So the central
 * directory is read first and nothing is inflated until every wanted member's declared size is under the limit;
 * then each member is inflated in small steps with fflate's streaming `Inflate`, and reading stops the moment the
 * output passes its declared size or the limit. fflate's `unzipSync` is not used for the inflating itself: it
 * trusts the declared size and, when that is a lie, keeps decoding the whole stream into a buffer it then cuts.
 */
import { Inflate, inflateSync } from 'fflate';
import { msg } from '../domain/messages.js';
import { UndecodableError } from './decode.js';

/** Largest member we inflate: a report's document.xml or sheet is a few megabytes at most. */
export const MAX_MEMBER_BYTES = 50 * 1024 * 1024;
/** Largest total of the members read from one archive. */
const MAX_TOTAL_BYTES = 100 * 1024 * 1024;
/** Compressed bytes fed to the inflater per step: at most ~1032× this comes out of one step. */
const STEP = 4 * 1024;

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  /** Offset of the member's local header. */
  offset: number;
}

export const isZip = (b: Uint8Array): boolean =>
  b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && (b[2] === 3 || b[2] === 5) && (b[3] === 4 || b[3] === 6);

const corrupt = (why: string) => new UndecodableError(msg('zip.corrupt', { detail: why }));

/** The central directory: every member's name, sizes and where it starts. Throws for a damaged archive. */
export function listZip(b: Uint8Array): ZipEntry[] {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const u16 = (o: number) => view.getUint16(o, true);
  const u32 = (o: number) => view.getUint32(o, true);
  // End of central directory: 22 bytes plus a comment of up to 65535 bytes, at the end of the file.
  let eocd = -1;
  for (let i = b.length - 22; i >= 0 && i >= b.length - 22 - 0xffff; i--)
    if (u32(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  if (eocd < 0) throw corrupt('no end of central directory (truncated or not a ZIP)');
  const count = u16(eocd + 10);
  let at = u32(eocd + 16);
  if (count === 0xffff || at === 0xffffffff) throw corrupt('ZIP64 archives are not read (too large for a report)');
  const utf8 = new TextDecoder('utf-8');
  const gbk = new TextDecoder('gb18030');
  const entries: ZipEntry[] = [];
  for (let k = 0; k < count; k++) {
    if (at + 46 > eocd || u32(at) !== 0x02014b50) throw corrupt('damaged central directory');
    const flags = u16(at + 8);
    const nameLength = u16(at + 28);
    const end = at + 46 + nameLength + u16(at + 30) + u16(at + 32);
    if (end > eocd) throw corrupt('damaged central directory');
    const raw = b.subarray(at + 46, at + 46 + nameLength);
    entries.push({
      // Bit 11: UTF-8 names; Chinese archivers without it write GBK.
      name: (flags & 0x800 ? utf8 : gbk).decode(raw).replace(/\\/g, '/'),
      method: u16(at + 10),
      compressedSize: u32(at + 20),
      size: u32(at + 24),
      offset: u32(at + 42),
    });
    at = end;
  }
  return entries;
}

/** Inflates one member, never past its declared size or the limit. */
function inflateEntry(b: Uint8Array, e: ZipEntry): Uint8Array {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (e.offset + 30 > b.length || view.getUint32(e.offset, true) !== 0x04034b50)
    throw corrupt(`no local header for ${e.name}`);
  const start = e.offset + 30 + view.getUint16(e.offset + 26, true) + view.getUint16(e.offset + 28, true);
  const data = b.subarray(start, start + e.compressedSize);
  if (data.length < e.compressedSize) throw corrupt(`${e.name} is truncated`);
  if (e.method === 0) return data;
  if (e.method !== 8) throw corrupt(`${e.name} uses compression method ${e.method}, not deflate`);
  // A member whose compressed bytes fit in one step would be inflated by one push anyway; inflated in one call
  // into a buffer one byte past its declared size, it cannot grow past that, and an overrun still shows.
  if (data.length > 0 && data.length <= STEP) {
    let one: Uint8Array;
    try {
      one = inflateSync(data, { out: new Uint8Array(e.size + 1) });
    } catch (err) {
      throw corrupt(`${e.name}: ${(err as Error).message}`);
    }
    if (one.length > e.size) throw new UndecodableError(msg('zip.member_overflow', { name: e.name, bytes: e.size }));
    if (one.length !== e.size) throw corrupt(`${e.name} inflates to ${one.length} bytes, not the ${e.size} declared`);
    return one;
  }
  const out = new Uint8Array(e.size);
  let written = 0;
  const inflater = new Inflate((chunk) => {
    if (written + chunk.length > e.size)
      throw new UndecodableError(msg('zip.member_overflow', { name: e.name, bytes: e.size }));
    out.set(chunk, written);
    written += chunk.length;
  });
  try {
    for (let i = 0; i < data.length; i += STEP)
      inflater.push(data.subarray(i, Math.min(data.length, i + STEP)), i + STEP >= data.length);
    if (data.length === 0) inflater.push(new Uint8Array(0), true);
  } catch (err) {
    if (err instanceof UndecodableError) throw err;
    throw corrupt(`${e.name}: ${(err as Error).message}`);
  }
  if (written !== e.size) throw corrupt(`${e.name} inflates to ${written} bytes, not the ${e.size} declared`);
  return out;
}

/**
 * The wanted members, inflated. Refuses before inflating anything when a wanted member declares more than
 * MAX_MEMBER_BYTES, or all of them together more than MAX_TOTAL_BYTES.
 */
export function readZip(
  b: Uint8Array,
  entries: ZipEntry[],
  wanted: (name: string) => boolean,
): Map<string, Uint8Array> {
  const picked = entries.filter((e) => wanted(e.name));
  let total = 0;
  for (const e of picked) {
    if (e.size > MAX_MEMBER_BYTES)
      throw new UndecodableError(msg('zip.member_too_large', { name: e.name, bytes: e.size, max: MAX_MEMBER_BYTES }));
    total += e.size;
  }
  if (total > MAX_TOTAL_BYTES)
    throw new UndecodableError(msg('zip.total_too_large', { bytes: total, max: MAX_TOTAL_BYTES }));
  return new Map(picked.map((e) => [e.name, inflateEntry(b, e)]));
}
