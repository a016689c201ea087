/**
 * Bytes → text. Reports arrive as UTF-8, GBK/GB18030 (older Windows exports) or UTF-16 (Word "Unicode text").
 * Misreading the encoding turns every label into mojibake and the report silently into "no tables", so the
 * encoding is decided from the bytes (BOM, UTF-8 validity, then chardet) and recorded with the result.
 */
import chardet from 'chardet';
import type { Context } from 'chardet/lib/encoding/index.js';
import { big5, gb_18030 } from 'chardet/lib/encoding/mbcs.js';
import { UTF_16LE } from 'chardet/lib/encoding/unicode.js';
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

const BIG5 = new big5();
const GB18030 = new gb_18030();
const UTF16LE = new UTF_16LE();

/** The input as chardet's recognisers see it (what `chardet.analyse` builds; none of them changes it). */
function contextOf(buf: Buffer): Context {
  const byteStats: number[] = Array<number>(256).fill(0);
  for (let i = buf.length - 1; i >= 0; i--) byteStats[buf[i]]++;
  let c1Bytes = false;
  for (let i = 0x80; i <= 0x9f; i++) if (byteStats[i]) c1Bytes = true;
  return { byteStats, c1Bytes, rawInput: buf, rawLen: buf.length, inputBytes: buf, inputLen: buf.length };
}

/**
 * chardet's best guess, of which only Big5 and UTF-16LE change the answer (anything else is read as GB18030).
 * Its two dozen recognisers cost a few per cent of all parsing, mostly the single-byte ones: when GB18030's own
 * recogniser is already more confident than Big5's and UTF-16LE's, neither can be the best guess and the rest
 * need not run. Otherwise chardet decides as before.
 */
function guessEncoding(buf: Buffer): 'Big5' | 'UTF-16LE' | 'GB18030' {
  const context = contextOf(buf);
  const gb = GB18030.match(context)?.confidence;
  const rival = Math.max(BIG5.match(context)?.confidence ?? -1, UTF16LE.match(context)?.confidence ?? -1);
  if (gb !== undefined && gb > rival) return 'GB18030';
  const guess = (chardet.detect(buf) ?? '').toUpperCase();
  return /BIG5/.test(guess) ? 'Big5' : /UTF-16LE/.test(guess) ? 'UTF-16LE' : 'GB18030';
}

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
        const encoding = guessEncoding(buf);
        result = { text: iconv.decode(buf, encoding), encoding };
      }
    }
  }
  if (controlShare(result.text) > 0.02) throw new UndecodableError(msg('file.binary', { encoding: result.encoding }));
  return result;
}
