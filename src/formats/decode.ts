/**
 * Bytes → text. Reports arrive as UTF-8, GBK/GB18030 (older Windows exports) or UTF-16 (Word "Unicode text").
 * Misreading the encoding turns every label into mojibake and the report silently into "no tables", so the
 * encoding is decided from the bytes (BOM, UTF-8 validity, then chardet) and recorded with the result.
 */
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { msg, renderMessage, type Message } from '../domain/messages.js';

export interface Decoded {
  text: string;
  encoding: string;
}

/** Bytes no reader can take: the reason as a message (src/domain/messages.ts), its contract text as `message`. */
export class UndecodableError extends Error {
  constructor(readonly problem: Message) {
    super(renderMessage(problem, 'contract'));
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

const hasBom = (b: Uint8Array, ...bom: number[]) => bom.every((x, i) => b[i] === x);

/** Share of NUL bytes: text files have none, UTF-16 has about half, binaries some. */
const nulShare = (b: Uint8Array, limit = 4096): { even: number; odd: number } => {
  let even = 0;
  let odd = 0;
  const n = Math.min(b.length, limit);
  for (let i = 0; i < n; i++) {
    if (b[i] !== 0) continue;
    if (i % 2) odd++;
    else even++;
  }
  return { even: even / Math.max(1, n / 2), odd: odd / Math.max(1, n / 2) };
};

/** Control characters other than tab, newline, carriage return, form feed: a sign of binary data. */
const controlShare = (text: string, limit = 8192): number => {
  let bad = 0;
  const n = Math.min(text.length, limit);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0xfffd) bad++;
  }
  return n ? bad / n : 0;
};

export function decode(bytes: Uint8Array): Decoded {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let result: Decoded;
  if (hasBom(bytes, 0xef, 0xbb, 0xbf)) result = { text: buf.subarray(3).toString('utf8'), encoding: 'UTF-8' };
  else if (hasBom(bytes, 0xff, 0xfe))
    result = { text: iconv.decode(buf.subarray(2), 'utf-16le'), encoding: 'UTF-16LE' };
  else if (hasBom(bytes, 0xfe, 0xff))
    result = { text: iconv.decode(buf.subarray(2), 'utf-16be'), encoding: 'UTF-16BE' };
  else {
    const nul = nulShare(bytes);
    // UTF-16 without BOM: CJK and ASCII text puts NULs in one byte lane only.
    if (nul.odd > 0.2 && nul.even < 0.05) result = { text: iconv.decode(buf, 'utf-16le'), encoding: 'UTF-16LE' };
    else if (nul.even > 0.2 && nul.odd < 0.05) result = { text: iconv.decode(buf, 'utf-16be'), encoding: 'UTF-16BE' };
    else if (nul.even + nul.odd > 0) throw new UndecodableError(msg('file.binary_nul'));
    else {
      try {
        result = { text: utf8.decode(bytes), encoding: 'UTF-8' };
      } catch {
        const guess = (chardet.detect(buf) ?? '').toUpperCase();
        const encoding = /BIG5/.test(guess) ? 'Big5' : /UTF-16LE/.test(guess) ? 'UTF-16LE' : 'GB18030';
        result = { text: iconv.decode(buf, encoding), encoding };
      }
    }
  }
  if (controlShare(result.text) > 0.02) throw new UndecodableError(msg('file.binary', { encoding: result.encoding }));
  return result;
}
